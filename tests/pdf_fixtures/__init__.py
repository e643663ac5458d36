"""Small PDFs drawn with reportlab at test time (nothing binary is committed)."""

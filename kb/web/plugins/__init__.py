"""The Datasette plugins of the knowledge base, one concern each (see README.md here)."""

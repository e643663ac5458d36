"""Units across documents: a printed name resolved to one real-world unit with its level,
region and sector (``resolve``), and the ``units`` table built from every document
(``kb.units.table``)."""

from .resolve import Resolution, resolve, unit_id
from .sectors import Sector, classify

__all__ = ["Resolution", "Sector", "classify", "resolve", "unit_id"]

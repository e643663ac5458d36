"""budget-kb: a searchable knowledge base of Chinese budget and final-account disclosures."""

__version__ = "0.1.0"

"""Stage 5, index: the search indexes of a built database.

``fold`` is the text form search compares (and the character pairs of the ranking
indexes); ``fts`` writes the FTS5 indexes once all rows are in; ``words`` cuts text into
jieba words with the budget dictionary (for the question app's suggestions).
"""

from .fold import fold, search_text
from .fts import create_indexes, drop_indexes

__all__ = ["create_indexes", "drop_indexes", "fold", "search_text"]

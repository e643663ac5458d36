"""Stage 4, store: the database's schema, a document's rows, their writer, and read access.

``schema`` is the contract of table and column names; ``rows`` turns a document and its
facts into rows; ``write`` inserts them with their ids; ``connect`` opens a built
database read-only; ``query`` finds facts (``kb facts``); ``export`` is the one CSV writer;
``facet_counts`` counts the values readers facet by, once, at the end of a build.
"""

from .connect import DatabaseMissing, connect_readonly
from .rows import DocumentRows, document_to_rows
from .schema import create_schema, create_table_indexes
from .write import Writer

__all__ = [
    "DatabaseMissing",
    "DocumentRows",
    "Writer",
    "connect_readonly",
    "create_schema",
    "create_table_indexes",
    "document_to_rows",
]

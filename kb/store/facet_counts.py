"""How many rows hold each value of the columns readers facet by, counted once when the
database is built (``facet_counts``). A table page's facets over a national database
(millions of facts) cannot be counted while a reader waits; the counts of the whole
table are read from here instead (kb/web/plugins/facet_counts.py).
"""

from __future__ import annotations

import sqlite_utils

TABLE = "facet_counts"
# The columns Datasette's pages facet by (kb/web/config.yml), per table.
COLUMNS = {
    "facts": (
        "unit",
        "year",
        "kind",
        "statement",
        "measure",
        "level",
        "province",
        "city",
        "sector",
        "item_key",  # for search everything: facts found by their items' names, no scan
    ),
    "documents": ("unit", "year", "kind", "scope", "level", "province", "city", "sector"),
    "checks": ("check", "status", "unit", "level", "province", "city", "sector"),
    "units": ("level", "province", "city", "sector", "status"),
}


# Counts within one value of these columns too (a reader's first click on a facet):
# facts of 2022 by unit, by statement …
FILTERS = {
    "facts": ("year", "kind", "statement", "level", "province", "sector"),
    "documents": ("year", "kind", "level", "province", "sector"),
}


def write_facet_counts(db: sqlite_utils.Database) -> None:
    """Count every value of every facet column of every table there is, in the whole table
    (``filter_column`` '') and within each value of a ``FILTERS`` column: rebuilt whole."""
    if db[TABLE].exists():
        db[TABLE].drop()
    # value has no type: a year stays a number, a unit a string, as in the table counted;
    # filter_value is text, as a URL gives it
    db.execute(
        f"create table {TABLE} (table_name text, filter_column text, filter_value text,"
        " column_name text, value, count integer,"
        " primary key (table_name, filter_column, filter_value, column_name, value))"
    )
    for table, columns in COLUMNS.items():
        if not db[table].exists():
            continue
        present = set(db[table].columns_dict)
        for column in (c for c in columns if c in present):
            db.execute(
                f"insert into {TABLE} select ?, '', '', ?, [{column}], count(*) from [{table}]"
                f" where [{column}] is not null group by [{column}]",
                [table, column],
            )
            for by in (f for f in FILTERS.get(table, ()) if f in present and column != "item_key"):
                db.execute(
                    f"insert into {TABLE} select ?, ?, cast([{by}] as text), ?, [{column}],"
                    f" count(*) from [{table}] where [{by}] is not null and [{column}] is not null"
                    f" group by [{by}], [{column}]",
                    [table, by, column],
                )

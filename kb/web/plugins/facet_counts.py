"""Facets of a whole table from the counts the build wrote (kb/store/facet_counts.py):
on a national database, counting 13 M facts by unit, year and statement while the reader
waits takes seconds, and Datasette drops a facet after 200 ms.

Datasette 0.65 has no hook that supplies a facet's counts, so its column facet is wrapped:
a page with no filter, or filtered by one value of a column counted within (``?year=2022``),
with counts for every facet it shows, is answered from ``facet_counts``, in the order and shape Datasette's own facet gives
(count descending, then value); any other page is counted by Datasette as before. And a
selection of more than ``LARGE`` rows gets no suggested facets: each is one more count of
the whole selection. The code facet names its codes from the build's ``code_names``.
"""

from __future__ import annotations

import re

from datasette.facets import ColumnFacet, Facet
from datasette.utils import path_with_added_args, path_with_removed_args

from ...store.facet_counts import COLUMNS, FILTERS

COUNTS = "facet_counts"
_counted_by_datasette = ColumnFacet.facet_results


ONE_FILTER = re.compile(r' from \[?(\w+)\]? where "(\w+)" = :p0\s*$')


def _counted_selection(self) -> tuple[str, str] | None:
    """('', '') for a whole table, (column, value) for a table filtered by one column's
    value (?year=2022), None for anything else."""
    if not self.table:
        return None
    if not self.params and " where " not in self.sql.lower():
        return "", ""
    match = ONE_FILTER.search(self.sql)
    if match and match[1] == self.table and list(self.params) == ["p0"]:
        return match[2], str(self.params["p0"])
    return None


async def facet_results(self):
    selection = _counted_selection(self)
    if selection is not None:
        counted = await _from_counts(self, *selection)
        if counted is not None:
            return counted
    return await _counted_by_datasette(self)


ColumnFacet.facet_results = facet_results

# rows: beyond this, suggesting facets costs more than it helps — each suggestion counts
# the selection once more, ~30 of them (20,000 facts: 40 ms each, 3 s a page)
LARGE = 5_000


def _suggests_when_small(suggest):
    async def suggest_when_small(self):
        if self.row_count is None or self.row_count > LARGE:
            return []  # each suggestion counts the whole selection once more
        return await suggest(self)

    return suggest_when_small


for _facet_class in Facet.__subclasses__():
    _facet_class.suggest = _suggests_when_small(_facet_class.suggest)


async def _from_counts(self, by: str, within: str):
    db = self.ds.get_database(self.database)
    if not await db.table_exists(COUNTS):
        return None
    if by and by not in FILTERS.get(self.table, ()):
        return None  # not counted within this column's values
    size = self.get_facet_size()
    pairs = self.get_querystring_pairs()
    results = []
    for source_and_config in self.get_configs():
        column = source_and_config["config"].get("column") or source_and_config["config"]["simple"]
        rows = (
            await db.execute(
                f"select value, count from {COUNTS} where table_name = ? and filter_column = ?"
                " and filter_value = ? and column_name = ? order by count desc, value limit ?",
                [self.table, by, within, column, size + 1],
            )
        ).rows
        if not rows and column not in COLUMNS.get(self.table, ()):
            return None  # a column the build did not count: Datasette counts it
        values = [_value(self, column, row, pairs) for row in rows[:size]]
        results.append(
            {
                "name": column,
                "type": self.type,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(
                    path_with_removed_args(self.request, {"_facet": column})
                ),
                "results": values,
                "truncated": len(rows) > size,
            }
        )
    return results, []


def _value(self, column: str, row, pairs) -> dict:
    value = row["value"]
    selected = (column, str(value)) in pairs
    toggle = (
        path_with_removed_args(self.request, {column: str(value)})
        if selected
        else path_with_added_args(self.request, {column: value})
    )
    return {
        "value": value,
        "label": value,
        "count": row["count"],
        "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle)),
        "selected": selected,
    }

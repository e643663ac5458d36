"""The name each subject code is printed with most often (``code_names``), found once when
the database is built: the code facet labels its codes with them (kb/web/plugins/
code_facet.py), and over a national database finding them while a reader waits means
counting every fact of every code shown (a second and more).
"""

from __future__ import annotations

import sqlite_utils

TABLE = "code_names"

NAMES_SQL = f"""create table {TABLE} as
select code, code_system, item
from (
  select code, code_system, item, row_number() over (
    partition by code, code_system order by count(*) desc, item
  ) as rank
  from facts
  where code is not null and item is not null
  group by code, code_system, item
)
where rank = 1"""


def write_code_names(db: sqlite_utils.Database) -> None:
    """Rebuilt whole on every build, like facet_counts."""
    if db[TABLE].exists():
        db[TABLE].drop()
    if not db["facts"].exists():
        return
    db.execute(NAMES_SQL)
    db[TABLE].create_index(["code", "code_system"], unique=True)

"""The site's metadata and configuration (``kb/web/metadata.yml`` and ``config.yml``) for
every knowledge base served, whatever its database is called (``kb.web.site``)."""

from __future__ import annotations

from datasette import hookimpl

from ..databases import kb_database_names
from ..site import site_metadata


@hookimpl
def get_metadata(datasette, key, database, table):
    names = tuple(kb_database_names(datasette))
    cache = datasette.__dict__.setdefault("_kb_site_metadata", {})
    if names not in cache:
        cache[names] = site_metadata(list(names), datasette.urls)
    return cache[names]

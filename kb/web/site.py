"""The site's metadata and configuration, for whatever names its databases are served under.

``metadata.yml`` says what the site, a knowledge-base database, its tables and columns
are; ``config.yml`` how they behave (facets, sort, hidden tables, canned queries, plugin
settings). Both describe one knowledge base under ``database:``; ``site_metadata`` puts
that section under each served knowledge base's own name, and fills the front page's
links in with its URLs. Datasette 0.65 takes the two merged as metadata (through the
``get_metadata`` hook in ``plugins/metadata.py``); Datasette 1.0 takes ``config.yml`` as
``datasette.yaml`` (``datasette_yaml``).
"""

from __future__ import annotations

import copy
from functools import cache
from importlib import resources

import yaml

LINKS = ("search_url", "facts_url", "documents_url", "files_url", "ask_url")
ASK_PATH = "/ask/"


@cache
def _load(name: str) -> dict:
    return yaml.safe_load(resources.files("kb.web").joinpath(name).read_text("utf-8")) or {}


def metadata_file() -> dict:
    return copy.deepcopy(_load("metadata.yml"))


def config_file() -> dict:
    return copy.deepcopy(_load("config.yml"))


def merge(base: dict, extra: dict) -> dict:
    """``extra`` merged into a copy of ``base``, nested mappings key by key."""
    merged = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def database_section() -> dict:
    """What one knowledge-base database's metadata and configuration say, merged."""
    return merge(metadata_file().get("database", {}), config_file().get("database", {}))


def site_metadata(databases: list[str], urls) -> dict:
    """Datasette metadata for the knowledge bases served under these names; the front
    page links to the first. ``urls`` is Datasette's ``datasette.urls``."""
    metadata = metadata_file()
    metadata.pop("database", None)
    section = database_section()
    metadata["databases"] = {name: copy.deepcopy(section) for name in databases}
    if databases:
        first = databases[0]
        links = {
            "search_url": urls.database(first) + "/-/search",
            "facts_url": urls.table(first, "facts"),
            "documents_url": urls.table(first, "documents"),
            "files_url": urls.table(first, "files"),
            "ask_url": urls.path(ASK_PATH),
        }
    else:
        links = {"search_url": urls.path("/-/search"), "ask_url": urls.path(ASK_PATH)}
        links.update(
            facts_url=urls.path("/"), documents_url=urls.path("/"), files_url=urls.path("/")
        )
    html = metadata.get("description_html") or ""
    for name in LINKS:
        html = html.replace("{" + name + "}", links[name])
    metadata["description_html"] = html
    return metadata


def datasette_yaml(database: str) -> dict:
    """Datasette 1.0's ``datasette.yaml`` for one knowledge base served as ``database``."""
    return {"databases": {database: config_file().get("database", {})}}

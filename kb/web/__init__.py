"""The web side: the knowledge base served by Datasette, with the question app mounted in
the same process.

``plugins/`` are the Datasette plugins (one concern each, registered through the
``datasette`` entry points in pyproject.toml); ``templates/`` and ``static/`` beside this
module are found by Datasette because this package is itself registered as a plugin;
``metadata.yml`` and ``config.yml`` describe and configure every knowledge-base database,
whatever its name (``site``). ``ask/`` is the question app (Flask); ``serve`` builds the
``kb serve`` command. ``databases``, ``links`` and ``html`` hold what the plugins share.
"""

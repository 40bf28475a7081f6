"""The store: the one connection factory, the build, the werkbestand, their schemas and progress lines.

- db: open the store read-only (the app) or for writing (the build); read SQL files; the build id.
- build: build the store from data/ into a new file and move it over the old one (all or nothing).
- werk: the werkbestand, a separate writable file for what users make; its versioned schema.
- info: the report of `python -m core info`. progress: "[3/11] ... klaar (2,4 s)" lines.
- sql/: schema.sql (the store), werk.sql and werk_v*.sql (the werkbestand and its migrations).

May import: core.errors, core.dbtools, core.settings, core.catalog, core.ingest
"""

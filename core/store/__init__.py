"""The stores: the one connection factory, the build, the story store, the werkbestand, the write lock.

- db: open the figures and the story store read-only as one catalog (the app); the data version.
- build: build the figures store from data/ into a new file and move it over the old one.
- vergelijkingen: the derived tables (comparisons, reference groups, breaks, source counts) and their rules.
- verhalen: the story store (primary data): import, remove, migrate, each on a copy that replaces it.
- slot: one writer at a time (builds, imports, removals); clearing what a killed writer left.
- werk: the werkbestand, a separate writable file for what users make; its versioned schema.
- info: the report of `python -m core info`. progress: "[3/11] ... klaar (2,4 s)" lines.
- sql/: schema.sql (figures), vergelijkingen.sql (derived from them), verhalen.sql and verhalen_controle.sql
  (stories; the personal data check), werk.sql and werk_v*.sql (the werkbestand).

May import: core.errors, core.dbtools, core.settings, core.catalog, core.ingest
"""

"""Ingest: reading source files into the store, at build time and when a gemeente imports stories.

- figures: CBS, RIVM/GGD and ELAN files and boundaries into the `waarden` and `regios` tables.
- stories: a story CSV with its framework (kader) file, checked row by row and inserted all or nothing.
- persoonsgegevens: the personal data check (deduce) over every imported story; what it flags is held back.
- goals: the goal tree JSON file.

May import: core.errors, core.formatting, core.catalog, core.dbtools
"""

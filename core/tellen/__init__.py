"""Tellen: queries on the figures — per wijk, trends, breaks, the wijkfoto, the goal tree, the sources.

- figures: indicator choices, values per wijk, one region's value, trends, breaks, goal lines.
- queries: gemeenten and wijken, the key figures per wijk (Wijken in cijfers), the sources (Bronnen).
- wijkfoto: one wijk in one year: tiles per leefgebied with comparisons, verdicts and trends.
- goals: the goal tree with nulmeting, latest value, streefwaarde and status.
- afstand: each wijk's distance to its gemeente in standard deviations of the wijk figures (Overzicht).

May import: core.errors, core.formatting, core.catalog, core.ingest, core.store, core.vertellen
(story counts and excerpts shown beside the figures; consent stays in core.vertellen.consent)
"""

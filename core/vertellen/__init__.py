"""Vertellen: the stories — consent, filters, search, answers, and the patterns they make together.

- consent: the one place where what a reader may see is decided (a leaf: imports nothing of core).
- triade: triad maths — corners, zones, positions, heatmap cells (a leaf: imports nothing of core).
- stories: story queries and the VerhaalFilter; every query adds the consent clause.
- search: Dutch full-text search over the stories a mode may read.
- patterns: heatmaps, zone counts, histograms, choice counts, and two groups compared.
- controle: the review of the stories the personal data check holds back, and their release (staff only).

May import: core.errors, core.formatting, core.settings, core.store
"""

"""Exports: downloads and documents — CSV and chart images, the handout and the wijkfoto for the council.

- downloads: CSV safe for spreadsheets, charts as PNG and SVG (rendered offline).
- documents: the content models (HandoutData, WijkfotoExport) and their PDF, Word and PowerPoint files.

May import: core.errors, core.formatting, core.present, core.tellen, core.vertellen, core.samen
"""

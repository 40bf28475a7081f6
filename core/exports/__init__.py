"""Exports: downloads and documents — CSV and chart images, the handout and the wijkfoto for the council.

- downloads: CSV safe for spreadsheets, charts as PNG and SVG (rendered offline).
- content: the content models of the documents (HandoutData, WijkfotoExport), gathered from the store
  with consent and the minimum group size checked, and the texts every renderer prints alike.
- figuren: the documents' charts (pattern bars, sparklines) as Altair specs.
- stijl: the colours shared by the charts and the renderers.
- pdf: the handout and the wijkfoto as PDF (reportlab).
- docx: the handout as Word (python-docx).
- pptx: the wijkfoto as PowerPoint (python-pptx).
- terugkoppeling: the interpretation log as a summary for residents, in Word and PDF.
- pdf.raad_pdf / pptx.raad_pptx: the wijkfoto of every wijk of a gemeente in one document for the council
  (content.raads_document checks gemeente and year; `python -m core export wijkfoto`).

May import: core.errors, core.formatting, core.present, core.tellen, core.vertellen, core.samen
"""

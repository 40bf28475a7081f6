"""Present: how results look on a page — charts, maps, Dutch view texts and tables, URL choices.

Builders are pure: a DataFrame in, an Altair chart, a pydeck map or a text out (tested on their spec).
No module here knows Streamlit.

May import: core.errors, core.formatting, core.tellen, core.vertellen, core.samen
"""

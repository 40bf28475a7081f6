"""Tellen & Vertellen core: the store, its ingest and every query. docs/architecture.md draws the map.

Packages, from the bottom up (each package's docstring says what it may import; a test checks it):
    errors, settings, formatting,
    catalog, dbtools                        leaves shared by all
    ingest      source files -> store
    store       connections, the build, the werkbestand
    vertellen   stories: consent, filters, search, patterns
    tellen      figures: per wijk, trends, wijkfoto, goals
    samen       story sets, sessions, the log, the netwerklunch
    present     charts, maps, view texts (no Streamlit)
    exports     downloads and documents
    cached      the only module that knows Streamlit: cached access for the pages
    __main__    the command line (python -m core ...)

No module imports Streamlit except core/cached.py (tests/test_architecture.py enforces this).
"""

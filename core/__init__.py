"""Tellen & Vertellen core: the store, its ingest and every query.

This package never imports Streamlit (tests/test_architecture.py enforces it); only
core/cached.py may, to wrap core functions in Streamlit caches.
"""

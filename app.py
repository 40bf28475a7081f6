"""Tellen & Vertellen: the frame. Page config, the shared sidebar, navigation."""
import streamlit as st

from pages import common

with common.store_errors():
    page = st.navigation(common.navigation_pages(), position="hidden")  # registers the pages first,
    common.frame()                                                      # so the sidebar can link them
    page.run()

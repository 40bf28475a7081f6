"""Tellen & Vertellen: the frame. Page config, the shared sidebar, navigation."""
import streamlit as st

from pages.parts import frame

frame.error_boundary()   # the Dutch message for any error in this run, details only in the server log
with frame.store_errors():
    page = st.navigation(frame.navigation_pages(), position="hidden")  # registers the pages first,
    frame.frame()                                                      # so the sidebar can link them
    page.run()

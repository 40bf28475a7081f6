"""Tellen & Vertellen: the frame. Page config, the shared sidebar, navigation."""
import streamlit as st

from core import cached
from pages import common

common.ensure_frame()
st.set_page_config(page_title="Tellen & Vertellen", page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/wijken.py", title="Wijken", icon=":material/map:", default=True, url_path="wijken"),
    st.Page("pages/bronnen.py", title="Bronnen", icon=":material/menu_book:", url_path="bronnen"),
]

with common.store_errors():
    build = cached.current_build()
    common.sidebar(build)
    st.navigation(PAGES).run()

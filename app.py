"""Tellen & Vertellen: the frame. Page config, the shared sidebar, navigation."""
import streamlit as st

from core import cached
from pages import common

common.ensure_frame()
st.set_page_config(page_title="Tellen & Vertellen", page_icon="📊", layout="wide")

PAGES = {
    "Tellen": [
        st.Page("pages/overzicht.py", title="Overzicht", icon=":material/map:", default=True, url_path="overzicht"),
        st.Page("pages/wijkfoto.py", title="Wijkfoto", icon=":material/photo_camera:", url_path="wijkfoto"),
        st.Page("pages/indicatoren.py", title="Indicatoren", icon=":material/show_chart:", url_path="indicatoren"),
        st.Page("pages/doelen.py", title="Doelen", icon=":material/flag:", url_path="doelen"),
        st.Page("pages/wijken.py", title="Wijken in cijfers", icon=":material/table:", url_path="wijken"),
    ],
    "Vertellen": [
        st.Page("pages/verhalen.py", title="Verhalen", icon=":material/forum:", url_path="verhalen"),
        st.Page("pages/patronen.py", title="Patronen", icon=":material/change_history:", url_path="patronen"),
        st.Page("pages/tellen_vertellen.py", title="Tellen & vertellen", icon=":material/join:",
                url_path="tellen-vertellen"),
    ],
    "Over de cijfers": [
        st.Page("pages/bronnen.py", title="Bronnen", icon=":material/menu_book:", url_path="bronnen"),
    ],
}

with common.store_errors():
    build = cached.current_build()
    common.page_language()
    common.sidebar(build)
    st.navigation(PAGES).run()

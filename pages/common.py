"""Helpers shared by the pages: the sidebar and the one place where core errors become st.error."""
from __future__ import annotations

from contextlib import contextmanager

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from core import cached
from core.errors import StoreMissing, TellenError

GEMEENTE_KEY = "gemeente"


def ensure_frame() -> None:
    """Make sure every run goes through app.py and st.navigation.

    Because this project has a `pages/` folder, Streamlit starts in its old multipage mode: the
    first run after a server start is wrapped in an automatic page list and, when that request
    names a page URL (a shared link), runs that pages/ file directly, without app.py. Leaving that
    mode and rerunning sends the same page through app.py and st.navigation, as st.navigation
    itself would on its first call. Called first thing in app.py and in every page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@contextmanager
def store_errors():
    """Translate core errors into a Dutch message with what to do next (never a traceback)."""
    try:
        yield
    except StoreMissing as e:
        st.error(f"{e}")
        st.info("Start de app met het eerste commando uit de README; dat bouwt de opslag vanzelf.")
    except TellenError as e:
        st.error(str(e))


def sidebar(build: str) -> None:
    """Gemeente picker shared by every page; the choice lives in session state."""
    frame = cached.gemeenten(build)
    codes = list(frame["code"])
    names = dict(zip(frame["code"], frame["naam"]))
    if st.session_state.get(GEMEENTE_KEY) not in codes:
        st.session_state[GEMEENTE_KEY] = codes[0]
    with st.sidebar:
        st.selectbox("Gemeente", codes, key=GEMEENTE_KEY, format_func=names.get,
                     help="Leiden en Leiderdorp hebben voorbeeldverhalen; andere gemeenten alleen cijfers.")
        if cached.mode().value == "partner":
            st.caption("Partnerweergave: alleen openbare verhalen.")
        st.caption("Tellen & Vertellen — cijfers en verhalen per wijk. Open source, draait lokaal.")


def gemeente() -> str:
    return st.session_state[GEMEENTE_KEY]

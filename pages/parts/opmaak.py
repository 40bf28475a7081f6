"""Page styling shared by every page: the rules for narrow screens (a phone) in telefoon.css."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

TELEFOON_CSS = Path(__file__).with_name("telefoon.css")


def telefoon() -> None:
    """The narrow-screen rules; st.html puts a file of only CSS in a <style>, without taking room on the page."""
    st.html(TELEFOON_CSS)

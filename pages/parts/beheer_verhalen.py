"""Beheer, part 'verhalen' (pages/beheer.py): to be filled in."""
import streamlit as st


def deel(pagina) -> None:
    st.info("Dit onderdeel is nog in aanbouw.")

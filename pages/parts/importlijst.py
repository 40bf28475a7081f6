"""One import in a Beheer history list (pages/parts/beheer_*.py): what it holds, "Verwijderen", and a
confirmation before anything is removed."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.errors import TellenError


def import_kaart(k: str, import_id: str, tekst: str, waarschuwing: str, verwijder: Callable[[], str],
                 toon_fout: Callable[[TellenError], None]) -> None:
    """The import's text (plain: file names come from outside) and its removal in two steps. On
    "Ja, verwijderen", `verwijder()` removes it and returns the message for the next run (`{k}.melding`)."""
    with st.container(border=True):
        links, rechts = st.columns([4, 1])
        links.text(tekst)
        if st.session_state.get(f"{k}.bevestig") != import_id:
            if rechts.button("Verwijderen", key=f"{k}.weg.{import_id}", icon=":material/delete:"):
                st.session_state[f"{k}.bevestig"] = import_id
                st.rerun()
            return
        st.warning(waarschuwing, icon=":material/warning:")
        ja, nee = st.columns(2)
        if ja.button("Ja, verwijderen", key=f"{k}.ja.{import_id}", type="primary"):
            st.session_state.pop(f"{k}.bevestig", None)
            try:
                st.session_state[f"{k}.melding"] = verwijder()
            except TellenError as e:
                toon_fout(e)
                return
            st.rerun()
        if nee.button("Annuleren", key=f"{k}.nee.{import_id}"):
            st.session_state.pop(f"{k}.bevestig", None)
            st.rerun()

"""The download of the interpretation log as a summary for residents (core.exports.terugkoppeling), on the
Interpretatiesessie page where the log is written. Made on click: the log changes while the app runs."""
from __future__ import annotations

import streamlit as st

from core import cached

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document(gemeente: str, soort: str) -> bytes:
    """The summary of this gemeente's log as 'pdf' or 'docx', read in this deployment's mode."""
    from core.exports import terugkoppeling as tk  # on first download: the document libraries cost time at start-up
    with cached.cursor() as cur, cached.werk_cursor() as werk:
        data = tk.terugkoppeling(cur, werk, gemeente, cached.mode())
    return tk.terugkoppeling_pdf(data) if soort == "pdf" else tk.terugkoppeling_docx(data)


def downloads(gemeente: str) -> None:
    """'Terugkoppeling aan inwoners': the log as 'Wat we met uw verhalen hebben gedaan', in PDF and Word."""
    st.subheader("Terugkoppeling aan inwoners")
    st.write("Laat inwoners weten wat u met hun verhalen hebt gedaan. Het document zet elke notitie uit het logboek "
             "onder elkaar: de datum, de wijk of de hele gemeente, wat we zagen, wat we concludeerden en wat we gaan "
             "doen. Namen van medewerkers en de verhalen zelf staan er niet in. Lees het na voor u het deelt.")
    knoppen = st.columns(2)
    knoppen[0].download_button("Terugkoppeling (PDF)", lambda: document(gemeente, "pdf"), mime="application/pdf",
                               file_name=f"terugkoppeling_{gemeente}.pdf", key="terug.pdf",
                               icon=":material/picture_as_pdf:")
    knoppen[1].download_button("Terugkoppeling (Word)", lambda: document(gemeente, "docx"), mime=DOCX,
                               file_name=f"terugkoppeling_{gemeente}.docx", key="terug.docx",
                               icon=":material/description:")

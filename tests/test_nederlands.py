"""No English from Streamlit's defaults on screen: every multiselect and every selectbox without a choice
has a Dutch placeholder (else "Choose options" / "Choose an option"), and no form shows "Press Enter to
submit form" (enter_to_submit=False) — checked on every page of the staff app, where the forms are."""
import pytest

from pages.parts.frame import PAGES
from tests.conftest import goto

ENGELS = {"", "Choose an option", "Choose options", "Select...", "Select an option"}


def _knopen(node):
    yield node
    for kind in getattr(node, "children", {}).values():
        yield from _knopen(kind)


def engels(at) -> list[str]:
    """What on this page would show Streamlit's English defaults."""
    gevonden = []
    for node in _knopen(at._tree):
        proto, soort = getattr(node, "proto", None), getattr(node, "type", "")
        if soort == "multiselect" and proto.placeholder in ENGELS:
            gevonden.append(f"multiselect '{proto.label}' zonder Nederlandse placeholder")
        if soort == "selectbox" and not proto.HasField("default") and proto.placeholder in ENGELS:
            gevonden.append(f"selectbox '{proto.label}' zonder keuze en zonder Nederlandse placeholder")
        if soort == "form" and proto.form.enter_to_submit:
            gevonden.append(f"formulier '{proto.form.form_id}' met 'Press Enter to submit form'")
    return gevonden


@pytest.mark.parametrize("pagina", [p[1] for p in PAGES])
def test_no_english_defaults_on_any_page(app, pagina):
    at = goto(app, pagina, gemeente="GM0547")
    assert engels(at) == []


def test_the_check_sees_english_defaults(app):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_string("import streamlit as st\nst.multiselect('a', ['x'])\n"
                             "with st.form('f'):\n    st.text_input('b')\n    st.form_submit_button('c')\n").run()
    assert len(engels(at)) == 2


@pytest.mark.parametrize("n, tekst", [(0, "0 verhalen"), (1, "1 verhaal"), (2, "2 verhalen"), (1234, "1.234 verhalen")])
def test_aantal_takes_singular_only_for_one(n, tekst):
    from core import formatting
    assert formatting.aantal(n, "verhaal", "verhalen") == tekst
    assert formatting.aantal(1, "seconde", "seconden") == "1 seconde"


def test_progress_line_says_rij_for_one():
    from core.store.progress import RowProgress
    assert RowProgress.line(1, 1, 1.0) == "1 van 1 rij · 1 rij per seconde"
    assert RowProgress.line(2, 2, 1.0) == "2 van 2 rijen · 2 rijen per seconde"

"""User text is shown as plain text (st.text, tables), never through Streamlit's Markdown.

st.markdown, st.caption, st.write, st.info, st.success, st.warning and st.error render Markdown: a story
that contains "[klik](http://...)" or "![x](http://...)" would become a live link or a remote image there.
The `ast` check below reads every page and fails when the argument of such a call reads
- a field of a story, a story set, a session or a log entry (STORY_AND_USER_FIELDS), or
- a variable the page filled from a text box (st.text_input, st.text_area) or from st.query_params.
URL values reach the pages also through the notices of core.present.urlstate; those repeat only safe
characters (tested below).
"""
import ast
from pathlib import Path

import pytest

from core.present import urlstate

ROOT = Path(__file__).resolve().parent.parent
MARKDOWN_CALLS = {"markdown", "caption", "write", "info", "success", "warning", "error",
                  "title", "header", "subheader", "metric"}
STORY_AND_USER_FIELDS = {"titel", "tekst", "fragment", "verhaal", "project", "onderwerp", "rol", "duiding",
                         "vraag", "vragen", "door", "observaties", "interpretaties", "acties"}
TEXT_WIDGETS = {"text_input", "text_area", "chat_input"}


def _field_read(node) -> str | None:
    """The field name an expression reads (x.titel, x["titel"]), or None."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return node.slice.value
    return None


def _typed_names(tree) -> set[str]:
    """Names assigned from a text widget or from st.query_params anywhere in the file."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            source = ast.unparse(node.value)
            if "query_params" in source or any(f".{w}(" in source for w in TEXT_WIDGETS):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _outside_letterlijk(node):
    """Every node below `node`, except what is inside views.letterlijk(...): that text is escaped."""
    if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("letterlijk"):
        return
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _outside_letterlijk(child)


def user_text_in_markdown(source: str) -> list[str]:
    """Every Markdown-rendering call whose argument reads user text: 'line: call'."""
    tree = ast.parse(source)
    typed = _typed_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in MARKDOWN_CALLS):
            continue
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg in ("body", "help"))]:
            for sub in _outside_letterlijk(arg):
                bad = (_field_read(sub) in STORY_AND_USER_FIELDS or "query_params" in ast.unparse(sub)
                       or (isinstance(sub, ast.Name) and sub.id in typed))
                if bad:
                    found.append(f"{node.lineno}: {ast.unparse(node)[:100]}")
                    break
    return found


PAGE_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py"))]


@pytest.mark.parametrize("path", PAGE_FILES, ids=[str(p.relative_to(ROOT)) for p in PAGE_FILES])
def test_no_user_text_reaches_markdown(path):
    assert user_text_in_markdown(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("line", [
    "st.markdown(rij.titel)",
    "st.caption(f'{verhaal[\"tekst\"]}')",
    "kolom.write(views.fragment(rij.tekst))",
    "st.info(entry.door)",
    "st.success(f'Set {s.vraag} opgeslagen')",
    "naam = st.text_input('Naam')\nst.success(f'{naam} is opgeslagen')",
    "st.warning(st.query_params.get('wijk'))",
    "st.subheader(info.vraag)",
    "st.header(f'{views.letterlijk(a)} {rij.titel}')",
])
def test_the_check_catches_user_text_in_markdown(line):
    assert user_text_in_markdown(line)


def test_the_check_lets_our_own_text_through():
    assert user_text_in_markdown("st.caption(f'{len(gevonden)} verhalen')\nst.text(rij.titel)") == []
    assert user_text_in_markdown("st.subheader(views.letterlijk(info.vraag))") == []


@pytest.mark.parametrize("raw", ["[Klik hier](http://example.org)", "![x](http://example.org/x.png)",
                                 "<img src=x onerror=alert(1)>", "**vet** `code` $x$ :blue[kleur]"])
def test_url_notices_repeat_no_markup(raw):
    melding = urlstate.resolve(raw, ["WK054700"], "WK054700", "de wijk").melding
    herhaald = melding.split("'")[1]
    assert not set(herhaald) & set("[]()!<>`*$:/=")
    assert melding.endswith("We tonen WK054700.")


def test_url_notices_keep_plain_values_and_cut_long_ones():
    assert "'bestaat_niet'" in urlstate.resolve("bestaat_niet", ["a"], "a", "de indicator").melding
    lang = urlstate.resolve("x" * 500, ["a"], "a", "de indicator").melding
    assert f"'{'x' * urlstate.HERHAAL_MAX}…'" in lang

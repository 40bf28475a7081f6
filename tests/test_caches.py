"""Every Streamlit cache is bounded: a server that runs for weeks must not grow with every wijk, filter or
story set it was ever asked for (issue "Every page within budget": 800 MB with 1,000,000 stories).

The check reads the source: each `st.cache_data` / `st.cache_resource` decorator in core/, pages/ and app.py
must be called with `max_entries`, and `st.cache_data` also with a `ttl`. `functools.cache` and an unbounded
`lru_cache` are refused outright.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "core").rglob("*.py")), *sorted((ROOT / "pages").rglob("*.py"))]


def _cache_decorators(tree) -> list[tuple[str, ast.expr]]:
    """(decorated function, decorator) for every caching decorator in a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                name = ast.unparse(target)
                if name.endswith(("cache_data", "cache_resource", "lru_cache")) or name in ("cache", "functools.cache"):
                    found.append((node.name, deco))
    return found


def _unbounded(deco: ast.expr) -> str | None:
    """Why this decorator is unbounded, or None when it is bounded."""
    if not isinstance(deco, ast.Call):
        return "zonder max_entries"
    keywords = {k.arg: k.value for k in deco.keywords}
    name = ast.unparse(deco.func)
    if name.endswith("lru_cache"):
        size = keywords.get("maxsize", deco.args[0] if deco.args else None)
        return None if size is not None and ast.unparse(size) != "None" else "lru_cache zonder maxsize"
    if "max_entries" not in keywords or ast.unparse(keywords["max_entries"]) == "None":
        return "zonder max_entries"
    if name.endswith("cache_data") and "ttl" not in keywords:
        return "cache_data zonder ttl"
    return None


def test_every_cache_is_bounded():
    problems, seen = [], 0
    for path in _sources():
        for function, deco in _cache_decorators(ast.parse(path.read_text(encoding="utf-8"))):
            seen += 1
            why = _unbounded(deco)
            if why:
                problems.append(f"{path.relative_to(ROOT)}: {function} {why}")
    assert seen >= 10, "the check found (almost) no caches: it no longer reads the code it should"
    assert problems == []


def test_the_check_catches_an_unbounded_cache():
    code = ("import streamlit as st\n@st.cache_data\ndef a(): pass\n@st.cache_data(max_entries=4)\ndef b(): pass\n"
            "@st.cache_resource(ttl=5)\ndef c(): pass\n@st.cache_data(max_entries=4, ttl=60)\ndef d(): pass\n")
    verdicts = {f: _unbounded(d) for f, d in _cache_decorators(ast.parse(code))}
    assert verdicts == {"a": "zonder max_entries", "b": "cache_data zonder ttl", "c": "zonder max_entries", "d": None}


def _spinner(deco: ast.expr) -> str | None:
    """Why this Streamlit cache would show Streamlit's English spinner ("Running wijkfoto(...)"), or None."""
    name = ast.unparse(deco.func if isinstance(deco, ast.Call) else deco)
    if not name.endswith(("cache_data", "cache_resource")):
        return None
    keywords = {k.arg: k.value for k in deco.keywords} if isinstance(deco, ast.Call) else {}
    if "show_spinner" not in keywords or ast.unparse(keywords["show_spinner"]) == "True":
        return "met de Engelse tekst van Streamlit"
    return None


def test_no_cache_shows_streamlits_english_spinner():
    problems = [f"{path.relative_to(ROOT)}: {function} {_spinner(deco)}"
                for path in _sources() for function, deco in _cache_decorators(ast.parse(path.read_text("utf-8")))
                if _spinner(deco)]
    assert problems == []
    from core import cached
    assert cached.SPINNER.startswith("Even geduld")


def test_the_check_catches_the_english_spinner():
    code = ("import streamlit as st\n@st.cache_data(max_entries=4, ttl=60)\ndef a(): pass\n"
            "@st.cache_data(max_entries=4, ttl=60, show_spinner=True)\ndef b(): pass\n"
            "@st.cache_resource(max_entries=1, show_spinner=False)\ndef c(): pass\n"
            "@st.cache_data(max_entries=4, ttl=60, show_spinner=SPINNER)\ndef d(): pass\n")
    verdicts = {f: _spinner(d) for f, d in _cache_decorators(ast.parse(code))}
    assert verdicts == {"a": "met de Engelse tekst van Streamlit", "b": "met de Engelse tekst van Streamlit",
                        "c": None, "d": None}

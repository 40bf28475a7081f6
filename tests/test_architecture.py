"""House rules that keep the layers apart (STYLE.md, docs/architecture.md), read from the code with `ast`."""
import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import core
from pages.parts.frame import PAGES

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "core"
LEAVES = ("core.errors", "core.settings", "core.formatting", "core.catalog", "core.dbtools",
          "core.vertellen.consent", "core.vertellen.triade")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_modules() -> dict[str, Path]:
    return {module_name(p): p for p in CORE.rglob("*.py")}


def imported_core_modules(path: Path, known: dict[str, Path]) -> set[str]:
    """Every core module this file imports, also imports inside functions (`from core.x import y`
    counts as core.x.y when that is a module, else as core.x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("core")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("core"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
    return {m for m in found if m != "core"}


def import_graph() -> dict[str, set[str]]:
    known = core_modules()
    return {name: imported_core_modules(path, known) for name, path in known.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules, or None."""
    state: dict[str, str] = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt]
            if nxt not in state and (cycle := visit(nxt, trail + [nxt])):
                return cycle
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start, [start])):
            return cycle
    return None


def test_no_import_circles_in_core():
    graph = import_graph()
    assert "core.vertellen.stories" in graph and graph["core.vertellen.stories"]
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("leaf", LEAVES)
def test_leaf_modules_import_nothing_of_core(leaf):
    graph = import_graph()
    assert leaf in graph
    assert graph[leaf] == set(), f"{leaf} imports {graph[leaf]}"


def _allowed(package: str) -> list[str]:
    doc = ast.get_docstring(ast.parse((CORE / package / "__init__.py").read_text(encoding="utf-8")))
    match = re.search(r"^May import: (.+?)(?:\n\(|\n\n|$)", doc, re.M | re.S)
    assert match, f"core/{package}/__init__.py does not say what it may import"
    return [name.strip() for name in match.group(1).replace("\n", " ").split(",")]


PACKAGES = sorted(p.parent.name for p in CORE.glob("*/__init__.py") if p.parent.name != "catalog")


@pytest.mark.parametrize("package", PACKAGES)
def test_each_package_imports_only_what_its_docstring_allows(package):
    allowed = _allowed(package) + [f"core.{package}"]
    for module, imports in import_graph().items():
        if module.startswith(f"core.{package}."):
            wrong = [m for m in imports if not any(m == a or m.startswith(a + ".") for a in allowed)]
            assert not wrong, f"{module} imports {wrong}; core/{package} may import only {allowed}"


def test_consent_is_decided_in_one_module():
    """Only core/vertellen/consent.py writes a filter on the consent column."""
    filter_on_consent = re.compile(r"\btoestemming\s*(=|IN\b|<>|!=)")  # SQL on the column, not a constant
    places = [str(p.relative_to(ROOT)) for p in CORE.rglob("*.py")
              if filter_on_consent.search(p.read_text(encoding="utf-8"))]
    assert places == ["core/vertellen/consent.py"]


def test_triad_maths_lives_in_one_module():
    """Corner positions (the square root of 3) appear only in core/vertellen/triade.py."""
    sqrt3 = re.compile(r"sqrt\(3\)|3 \*\* 0\.5")
    places = [str(p.relative_to(ROOT)) for p in [*CORE.rglob("*.py"), *(ROOT / "pages").rglob("*.py")]
              if sqrt3.search(p.read_text(encoding="utf-8"))]
    assert places == ["core/vertellen/triade.py"]
    graph = import_graph()
    assert "core.vertellen.triade" in graph["core.vertellen.patterns"]
    assert "core.vertellen.triade" in graph["core.present.charts"]


def test_core_does_not_import_streamlit():
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")
               if m.name not in ("core.cached", "core.__main__")]
    assert "core.tellen.queries" in modules and "core.vertellen.stories" in modules
    script = ("import sys; sys.modules['streamlit'] = None\n"
              + "".join(f"import {name}\n" for name in modules))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_helper_module_opens_as_a_page():
    """Streamlit makes a page of every pages/*.py (not of subfolders): only the real pages may be there."""
    files = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")
             if not p.name.startswith(".") and p.name != "__init__.py"}
    assert files == {script for _, script, _, _ in PAGES}


def test_pages_hold_no_sql():
    for page in (ROOT / "pages").rglob("*.py"):
        text = page.read_text(encoding="utf-8")
        for word in ("SELECT ", "execute(", "duckdb"):
            assert word not in text, f"{page.name} contains {word!r}"


def test_no_html_from_pages():
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py")]:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path.name

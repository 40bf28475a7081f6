"""House rules that keep the layers apart (STYLE.md)."""
import pkgutil
import subprocess
import sys
from pathlib import Path

import core

ROOT = Path(__file__).resolve().parent.parent


def test_core_does_not_import_streamlit():
    modules = [m.name for m in pkgutil.iter_modules(core.__path__) if m.name not in ("cached", "__main__")]
    assert "queries" in modules and "stories" in modules
    script = ("import sys; sys.modules['streamlit'] = None\n"
              + "".join(f"import core.{name}\n" for name in modules))
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_pages_hold_no_sql():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        for word in ("SELECT ", "execute(", "duckdb"):
            assert word not in text, f"{page.name} contains {word!r}"


def test_story_text_is_never_rendered_as_markdown_or_html():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8"), path.name

"""Every setting is declared once and documented in the README."""
from pathlib import Path

from core.settings import describe_settings, load_settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_lists_every_setting():
    for name, _default, _help in describe_settings():
        assert f"`{name}`" in README, f"{name} missing from README"


def test_settings_read_from_environment(tmp_path):
    settings = load_settings({"TV_STORE": str(tmp_path / "x.duckdb"), "TV_MIN_GROEP": "7", "TV_PARTNERMODUS": "ja"})
    assert settings.store == tmp_path / "x.duckdb"
    assert settings.min_groep == 7 and settings.partnermodus is True
    assert load_settings({}).partnermodus is False

"""The Bronnen page tells a privacy officer what is shown to whom, the minimum group rule, the masking and
where the data is stored: with the configured k, and only the names of the files (never server folders)."""
import pytest

from tests.conftest import goto


def _privacy(at) -> dict[str, str]:
    """Heading -> paragraph of the privacy section of the Bronnen page."""
    koppen = [h.value for h in at.subheader]
    teksten = [m.value for m in at.markdown]
    eerste = koppen.index("Wie ziet wat")
    return dict(zip(koppen[eerste:], teksten[-(len(koppen) - eerste):]))


@pytest.mark.parametrize("partner", ["0", "1"])
def test_bronnen_explains_privacy_with_the_settings_in_force(app, monkeypatch, tmp_path, partner):
    monkeypatch.setenv("TV_PARTNERMODUS", partner)
    monkeypatch.setenv("TV_MIN_GROEP", "7")
    at = goto(app, "pages/bronnen.py")
    assert "Privacy en persoonsgegevens" in [h.value for h in at.header]
    uitleg = _privacy(at)
    assert list(uitleg) == ["Wie ziet wat", "Kleine groepen: minimaal 7 verhalen", "Persoonsgegevens in verhalen",
                            "Waar de gegevens staan"]
    assert "alleen openbare verhalen" in uitleg["Wie ziet wat"] and "delen met partners" in uitleg["Wie ziet wat"]
    assert "minder dan 7 verhalen" in uitleg["Kleine groepen: minimaal 7 verhalen"]
    assert "1 tot 6 verhalen" in uitleg["Kleine groepen: minimaal 7 verhalen"]
    assert "in controle" in uitleg["Persoonsgegevens in verhalen"]
    opslag = uitleg["Waar de gegevens staan"]
    assert "werk.duckdb" in opslag and "verhalen.duckdb" in opslag and "tellen.duckdb" in opslag
    assert str(tmp_path) not in " ".join(uitleg.values()) and "/tmp" not in opslag   # names only, no folders

"""The real app through streamlit.testing.v1.AppTest, on the fixture store."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.present.views import letterlijk

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def table_rows(at):
    return at.table[0].value


def wijken_page(app):
    at = app.run()
    return at.switch_page("pages/wijken.py").run()


def test_first_page_defaults_to_leiden(app, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")  # counts of 1 to 4 say 'minder dan 5' at k=5 (test_kleine_groepen)
    at = wijken_page(app)
    assert not at.exception
    assert at.title[0].value == "Wijken van Leiden"
    assert at.selectbox(key="sidebar.gemeente").value == "GM0546"
    frame = table_rows(at)
    assert len(frame) == 12  # ten wijken, then the gemeente and Nederland for comparison
    assert list(frame["Wijk"].iloc[-2:]) == ["Heel Leiden", "Nederland"]
    assert frame.iloc[-1]["Eenzaam (%) 2020"] == "47,0"  # NL01, 18+, 2020 in the source
    row = frame[frame["Wijk"] == "Binnenstad-Zuid"].iloc[0]
    assert row["Inwoners 2024"] == "8.915"
    assert row["Verhalen"] == "2 (fictief voorbeeld)"  # V0101 openbaar + V0107 intern; never 'nee' stories
    captions = " ".join(c.value for c in at.caption)
    assert "RIVM, GGD'en en CBS" in captions and "modelschattingen" in captions and "CC BY 4.0" in captions


def test_partner_mode_counts_only_public_stories(app, monkeypatch):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    monkeypatch.setenv("TV_MIN_GROEP", "1")  # counts of 1 to 4 say 'minder dan 5' at k=5 (test_kleine_groepen)
    at = wijken_page(app)
    assert not at.exception
    frame = table_rows(at)
    assert frame[frame["Wijk"] == "Binnenstad-Zuid"].iloc[0]["Verhalen"] == "1 (fictief voorbeeld)"
    assert any("Partnerweergave" in c.value for c in at.sidebar.caption)


def test_switch_to_leiderdorp_shows_three_wijken_and_fiction_label(app):
    at = wijken_page(app)
    at.selectbox(key="sidebar.gemeente").set_value("GM0547").run()
    assert not at.exception
    assert at.title[0].value == "Wijken van Leiderdorp"
    frame = table_rows(at)
    assert list(frame["Wijk"]) == ["Wijk 00", "Wijk 01", "Wijk 02", "Heel Leiderdorp", "Nederland"]
    assert frame.iloc[3]["Inwoners 2024"] == "27.736"
    assert any("fictieve voorbeelden" in i.value for i in at.info)


def test_gemeente_with_changed_indeling_shows_warning_not_wrong_figures(app):
    at = wijken_page(app)
    at.selectbox(key="sidebar.gemeente").set_value("GM1961").run()
    assert not at.exception
    assert any("wijkindeling" in w.value for w in at.warning)
    huidig, indeling_2020 = at.table[0].value, at.table[1].value
    # no RIVM figure on a 2024 wijk: the 2024 table has no GGD column with a figure ...
    ggd_2024 = [c for c in huidig.columns if c.startswith("Eenzaam")]
    assert all(set(huidig[c].iloc[:-2]) == {"–"} for c in ggd_2024)
    # ... they stand in their own table, on the 2020 wijken they were published for
    ggd_2020 = [c for c in indeling_2020.columns if c.startswith("Eenzaam")]
    assert ggd_2020 and set(indeling_2020[ggd_2020[0]].iloc[:-2]) - {"–"}


def test_bronnen_page_lists_every_source(app, conn):
    at = app.run()
    at.switch_page("pages/bronnen.py").run()
    assert not at.exception
    titles = {s.value for s in at.subheader}
    for (titel,) in conn.execute("SELECT titel FROM bronnen").fetchall():
        assert letterlijk(titel) in titles  # shown as typed (Markdown escaped)
    texts = " ".join(t.value for t in at.text)
    assert "50090NED" in texts and "CC BY 4.0" in texts and "Alle wijk- en buurtcijfers zijn modelschattingen" in texts


def test_missing_store_gives_dutch_error_not_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("TV_STORE", str(tmp_path / "bestaat-niet.duckdb"))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "bestaat nog niet" in at.error[0].value

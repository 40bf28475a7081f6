"""Beheer, part Verhalen (issue 13): upload, preview, import with a progress bar, history and removal, and a
framework drawn up in the form, on the real app (AppTest) with a private copy of the fixture story store."""
import json
from pathlib import Path

import duckdb
import pytest

from core.present import views
from pages.parts import beheer_verhalen
from tests.conftest import goto

DATA = Path(__file__).parent / "data"
CSV2 = DATA / "kader2" / "verhalen_buurtkracht.csv"
KADER2 = DATA / "kader2" / "kader_buurtkracht.json"
K = beheer_verhalen.K


@pytest.fixture()
def beheer(app, writable_verhalen, monkeypatch):
    monkeypatch.setenv("TV_VERHALEN", str(writable_verhalen))
    return app


def open_part(app):
    at = goto(app, "pages/beheer.py", gemeente="GM0546")
    assert at.button_group(key="beheer.deel").value == "Verhalen"
    return at


def upload(at, key: str, path: Path, data: bytes | None = None, name: str | None = None):
    at.file_uploader(key=key).set_value((name or path.name, path.read_bytes() if data is None else data, "text/csv"))


def shown(elements) -> list[str]:
    """The texts of success/error/warning elements without the escapes of views.letterlijk."""
    return [str(e.value).replace("\\", "") for e in elements]


def texts(at) -> str:
    return "\n".join(str(t.value) for t in at.text)


def stored(verhalen: Path, kader: str) -> int:
    with duckdb.connect(str(verhalen), read_only=True) as conn:
        return conn.execute("SELECT count(*) FROM verhalen WHERE kader = ?", [kader]).fetchone()[0]


def found_on_verhalen_page(at) -> int:
    at.switch_page("pages/verhalen.py").run()
    assert not at.exception, at.exception
    return next(int(s.value.split()[0]) for s in at.subheader if "verhalen gevonden" in s.value)


def test_upload_preview_import_history_and_removal(beheer, writable_verhalen):
    at = goto(beheer, "pages/verhalen.py", gemeente="GM0546")
    before = next(int(s.value.split()[0]) for s in at.subheader if "verhalen gevonden" in s.value)
    at.switch_page("pages/beheer.py").run()
    upload(at, f"{K}.csv", CSV2)
    upload(at, f"{K}.kader", KADER2)
    at.run()
    assert not at.exception, at.exception
    preview = at.dataframe[0].value
    assert len(preview) == 10 and list(preview["id"][:2]) == ["BK001", "BK002"]
    assert preview["toestemming"][0] == "openbaar" and preview["bereik"][0] == "0,50 / 0,30 / 0,20"
    assert "verhalen_buurtkracht.csv · 30 verhalen · tekens: cp1252 · kolommen gescheiden door puntkomma's" in texts(at)
    assert any("Klaar om 30 verhalen te importeren" in s.value for s in at.success)
    assert stored(writable_verhalen, "buurtkracht") == 0  # the preview wrote nothing

    at.button(key=f"{K}.importeren").click().run()
    assert not at.exception, at.exception
    assert any("30 verhalen geïmporteerd met kader buurtkracht (import " in s for s in shown(at.success))
    assert stored(writable_verhalen, "buurtkracht") == 30
    assert "verhalen_buurtkracht.csv\n30 verhalen · kader buurtkracht" in texts(at)  # the history, a new version
    assert found_on_verhalen_page(at) > before  # the app's caches see the new stories on the next rerun

    at.switch_page("pages/beheer.py").run()
    with duckdb.connect(str(writable_verhalen), read_only=True) as conn:
        import_id = conn.execute("SELECT id FROM imports WHERE kader = 'buurtkracht'").fetchone()[0]
    at.button(key=f"{K}.weg.{import_id}").click().run()
    assert any("Weet u het zeker? Alle 30 verhalen" in w.value for w in at.warning)
    assert stored(writable_verhalen, "buurtkracht") == 30  # nothing removed before the confirmation
    at.button(key=f"{K}.ja.{import_id}").click().run()
    assert not at.exception, at.exception
    assert any(f"Import {import_id} is verwijderd: 30 verhalen" in s for s in shown(at.success))
    assert stored(writable_verhalen, "buurtkracht") == 0
    assert found_on_verhalen_page(at) == before


def test_problems_are_listed_and_block_the_import(beheer, writable_verhalen, tmp_path):
    raw = json.loads(KADER2.read_text(encoding="utf-8"))
    del raw["waarden"]
    at = open_part(beheer)
    upload(at, f"{K}.csv", CSV2)
    at.file_uploader(key=f"{K}.kader").set_value(("kader.json", json.dumps(raw).encode(), "application/json"))
    at.run()
    assert not at.exception, at.exception
    assert any("Er zijn 27 problemen gevonden" in e.value for e in at.error)
    problemen = at.dataframe[1].value["Probleem"]
    assert problemen[0] == ("Rij 1 (verhaal BK001), kolom 'mag_delen': 'ja' is geen geldige toestemming. "
                            "Kies uit: nee, intern, openbaar.")
    assert not [b for b in at.button if b.key == f"{K}.importeren"]


def test_an_unreadable_file_says_what_to_do_as_plain_text(beheer):
    at = open_part(beheer)
    upload(at, f"{K}.csv", CSV2, data=CSV2.read_bytes().replace(b";", b"|"), name="**vet**.csv")
    upload(at, f"{K}.kader", KADER2)
    at.run()
    assert not at.exception, at.exception
    fout = at.error[0].value
    assert "geen enkele kolom die het kader noemt" in fout and "ander scheidingsteken" in fout
    assert views.letterlijk("**vet**.csv") in fout  # the file name is escaped, never bold


def test_framework_drawn_up_in_the_form_then_imported(beheer, writable_verhalen):
    at = open_part(beheer)
    at.radio(key=f"{K}.manier").set_value(beheer_verhalen.MAKEN)
    upload(at, f"{K}.csv", CSV2)
    at.run()
    assert not at.exception, at.exception
    tabel = next(e for e in at.dataframe if (e.key or "").startswith(f"{K}.tabel.")).value  # the data_editor
    assert list(tabel["gebruik"][:6]) == ["id", "titel", "tekst", "wijk", "jaar", "toestemming"]
    assert dict(zip(tabel["kolom"], tabel["soort"], strict=True))["plekken"] == "keuze"
    assert any("Klaar om 30 verhalen te importeren" in s.value for s in at.success)
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith(f"{K}.id."))).set_value("eigen-kader")
    at.selectbox(key=next(s.key for s in at.selectbox if (s.key or "").startswith(f"{K}.ervaring."))
                 ).set_value("gevoel")
    at.run()
    at.button(key=f"{K}.importeren").click().run()
    assert not at.exception, at.exception
    assert stored(writable_verhalen, "eigen-kader") == 30
    with duckdb.connect(str(writable_verhalen), read_only=True) as conn:
        definitie = json.loads(conn.execute("SELECT definitie FROM kaders WHERE id = 'eigen-kader'").fetchone()[0])
    assert definitie["waarden"] == {"toestemming": {"ja": "openbaar", "nee": "nee"}}
    assert {s["id"]: s["soort"] for s in definitie["signifiers"]}["bereik"] == "triade"
    assert definitie["sleutels"] == {"ervaring": "gevoel"}

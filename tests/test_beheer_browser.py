"""Issue 13, point 6: a beleidsmedewerker of another gemeente walks the Beheer page in a real browser, from
uploading her own stories (with their framework) and a StatLine export of her wijk figures to a wijkfoto that
shows both.

The gemeente is Vijfheerenlanden (GM1961): no demo stories, and its wijk codes changed after 2020. The stories
are the second framework's fixture (tests/data/kader2), written for three of its wijken as a cp1252 file with
';' as a Windows Excel export would; the figures are the typed StatLine export of Kerncijfers wijken en buurten
2024 (tests/data/statline). Both are real-shaped fixture files, read by the real importers through the real
upload widgets of the real app (Debian chromium, offline)."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from tests.browser import browser_page, wait_for_app
from tests.conftest import TEST_DATA, serve

KADER = TEST_DATA / "kader2" / "kader_buurtkracht.json"
VERHALEN = TEST_DATA / "kader2" / "verhalen_buurtkracht.csv"
KWB = TEST_DATA / "statline" / "85984NED_TypedDataSet_02122026_151500.csv"
# the fixture's Leiden/Leiderdorp wijken -> wijken of Vijfheerenlanden (indeling 2024)
NAAR = {"WK054603": "WK196103", "WK054608": "WK196102", "WK054609": "WK196101", "WK054701": "WK196103"}
WIJK = "WK196103"


def verhalen_voor_vijfheerenlanden(path: Path) -> list[dict]:
    """The fixture stories moved to Vijfheerenlanden's wijken, written back as cp1252 with ';'."""
    rows = list(csv.DictReader(io.StringIO(VERHALEN.read_bytes().decode("cp1252")), delimiter=";"))
    for row in rows:
        row["wijk"] = NAAR[row["wijk"]]
    with open(path, "w", encoding="cp1252", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def kwb(wijk: str, kolom: str) -> float:
    """A figure of the wijk in the StatLine file, as the source gives it."""
    rows = csv.DictReader(io.StringIO(KWB.read_text(encoding="utf-8")), delimiter=";")
    return float(next(r for r in rows if r["WijkenEnBuurten"].strip() == wijk)[kolom])


def upload(page, label: str, path: Path) -> None:
    """Choose a file in the st.file_uploader with this label, as a person does through the file dialog."""
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text=label)
    uploader.locator('input[type="file"]').set_input_files(str(path))
    uploader.locator('[data-testid="stFileChip"]').first.wait_for()  # the chosen file is listed under the label
    wait_for_app(page)


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


@pytest.fixture()
def eigen_server(fixture_store, fixture_verhalen, tmp_path):
    """The app on private copies of the fixture stores, with an eigen store of its own and the fixture
    data folder (a figure import rebuilds the figures store from it)."""
    store, verhalen = tmp_path / "tellen.duckdb", tmp_path / "verhalen.duckdb"
    shutil.copyfile(fixture_store, store)
    shutil.copyfile(fixture_verhalen, verhalen)
    with serve(store, verhalen, TV_EIGEN=str(tmp_path / "eigen.duckdb"), TV_DATA_DIR=str(TEST_DATA),
               TV_ZOEKINDEX=str(tmp_path / "zoekindex")) as url:
        yield url


def test_from_upload_to_wijkfoto(eigen_server, tmp_path, artifacts):
    bestand = tmp_path / "verhalen_vijfheerenlanden.csv"
    rows = verhalen_voor_vijfheerenlanden(bestand)
    titels = {r["kop"] for r in rows if r["wijk"] == WIJK and r["mag_delen"] == "ja" and r["jaar"] == "2024"}
    with browser_page(1440, 2400) as page:
        page.goto(f"{eigen_server}/beheer?gemeente=GM1961")
        wait_for_app(page, ["Eigen gegevens"])

        # 1. stories and their framework: preview first, nothing stored yet, then import
        upload(page, "Verhalenbestand", bestand)
        upload(page, "Kaderbestand", KADER)
        wait_for_app(page, ["Voorbeeld: zo worden de verhalen opgeslagen", "Geen problemen gevonden"])
        body = page.inner_text("body")
        assert "Geen problemen gevonden" in body, body[-3000:]
        assert "Er zijn nog geen verhalen geïmporteerd" not in body or "verhalen_vijfheerenlanden" not in body
        page.screenshot(path=str(artifacts / "beheer_verhalen_voorbeeld.png"))
        click(page, "Importeren")
        wait_for_app(page, [f"{len(rows)} verhalen geïmporteerd"])
        body = page.inner_text("body")
        assert f"{len(rows)} verhalen geïmporteerd met kader buurtkracht" in body, body[-3000:]
        assert "verhalen_vijfheerenlanden.csv" in body  # the import history names the file

        # 2. figures: a StatLine export of Kerncijfers wijken en buurten 2024
        page.locator('[data-testid="stButtonGroup"] button').filter(has_text="Cijfers").click()
        wait_for_app(page, ["StatLine-bestand"])
        upload(page, "StatLine-bestand", KWB)
        wait_for_app(page, ["85984NED"])
        page.screenshot(path=str(artifacts / "beheer_cijfers_voorbeeld.png"))
        click(page, "Importeren")
        klaar = "cijfers uit 85984NED geïmporteerd"  # the message after the import and the rebuild
        wait_for_app(page, [klaar])
        body = page.inner_text("body")
        assert klaar in body and "Eerdere cijferimports" in body, body[-3000:]
        assert "Er zijn nog geen cijfers geïmporteerd" not in body  # the history lists it

        # 3. the wijkfoto of one of her wijken shows her stories and her figures
        page.goto(f"{eigen_server}/wijkfoto?gemeente=GM1961&wijk={WIJK}&jaar=2024")
        dichtheid = f"{int(kwb(WIJK, 'Bevolkingsdichtheid_33')):,}".replace(",", ".")
        inkomen = f"{kwb(WIJK, 'GemiddeldInkomenPerInwoner_78') * 1000:,.0f}".replace(",", ".")
        wait_for_app(page, ["Wat bewoners vertellen", dichtheid])
        body = page.inner_text("body")
        page.screenshot(path=str(artifacts / "beheer_wijkfoto.png"))
        assert dichtheid in body and inkomen in body, body[:4000]
        assert f"{len(titels)}\n" in body.split("Verhalen uit 2024\n", 1)[1][:20]  # her 7 stories of 2024 here
        assert any(titel in body for titel in titels), (titels, body[-3000:])
        assert "fictief voorbeeld" not in body  # her stories are real: no demo label

        # 4. the imported figures carry their source, table and import date like the shipped ones
        page.goto(f"{eigen_server}/bronnen?gemeente=GM1961")
        wait_for_app(page, ["85984NED"])
        body = page.inner_text("body")
        assert "85984NED" in body and KWB.name in body, body[:3000]

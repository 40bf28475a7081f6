"""Atomic build: a failed build leaves the old store queryable; staleness follows the sources; the
command line builds the figures and, on a first start, the story store with the demo stories."""
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core.errors import BuildError
from core.store import build, vergelijkingen
from core.store.build import STEPS, DataLayout, build_store, is_stale

ROOT = Path(__file__).resolve().parent.parent


def build_id(store):
    with duckdb.connect(str(store), read_only=True) as conn:
        return conn.execute("SELECT build_id FROM bouw").fetchone()[0]


def test_failed_build_leaves_old_store_working(data_copy, tmp_path):
    store = tmp_path / "store" / "tellen.duckdb"
    first = build_store(data_copy, store)
    ggd = data_copy / "bronnen" / "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020.csv"
    ggd.write_text(ggd.read_text(encoding="utf-8").replace("76.1", "zes-en-zeventig", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="De vorige opslag is niet veranderd"):
        build_store(data_copy, store)
    assert build_id(store) == first
    with duckdb.connect(str(store), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM waarden WHERE regio = 'NL01'").fetchone()[0] > 0
    assert sorted(p.name for p in store.parent.iterdir()) == ["tellen.duckdb"]


def test_missing_source_file_is_named(data_copy, tmp_path):
    (data_copy / "bronnen" / "cbs_kwb_gemeenten_2012_2024_pdok.csv").unlink()
    with pytest.raises(BuildError, match="Bronbestand ontbreekt: .*cbs_kwb_gemeenten_2012_2024_pdok.csv"):
        build_store(data_copy, tmp_path / "x.duckdb")
    assert not (tmp_path / "x.duckdb").exists()


def test_stale_when_a_source_changes(data_copy, tmp_path):
    store = tmp_path / "tellen.duckdb"
    layout = DataLayout(data_copy)
    assert is_stale(store, layout)
    build_store(data_copy, store)
    assert not is_stale(store, layout)
    with open(data_copy / "verhalen" / "verhalen_demo.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert not is_stale(store, layout)  # stories are primary data: the build derives nothing from them
    with open(data_copy / "doelen" / "doelenboom_leiderdorp.json", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert is_stale(store, layout)


def test_cli_build_if_stale_and_info(data_copy, tmp_path):
    store, verhalen = tmp_path / "tellen.duckdb", tmp_path / "verhalen.duckdb"
    paths = ["--store", str(store), "--verhalen", str(verhalen)]
    cmd = [sys.executable, "-m", "core", *paths, "build", "--data", str(data_copy), "--if-stale"]
    first = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert f"[4/{len(STEPS) + 1}] GGD/RIVM gezondheid per wijk (heel Nederland) klaar" in first.stderr
    assert "Verhalenopslag gemaakt met 15 fictieve voorbeeldverhalen" in first.stdout
    second = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "niet opnieuw gebouwd" in second.stdout
    info = subprocess.run([sys.executable, "-m", "core", *paths, "info"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "Verhalen: 15 (intern: 4, nee: 4, openbaar: 7)" in info.stdout
    assert "Leiderdorp (GM0547): 3 wijken; 3 GGD-jaren: 3/3; geometrie 2024: 3/3; ELAN-jaren 2009–2022" in info.stdout


def test_info_on_missing_store_says_what_to_do(tmp_path):
    result = subprocess.run([sys.executable, "-m", "core", "--store", str(tmp_path / "geen.duckdb"),
                             "--verhalen", str(tmp_path / "geen_verhalen.duckdb"), "info"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Bouw hem met: python -m core build" in result.stderr


def test_bytecode_beside_the_catalog_does_not_make_the_store_stale(data_copy, tmp_path):
    from core.catalog import CATALOG_DIR
    store = tmp_path / "tellen.duckdb"
    build_store(data_copy, store)
    cache = CATALOG_DIR / "__pycache__"
    cache.mkdir(exist_ok=True)
    probe = cache / "probe.cpython-311.pyc"
    probe.write_bytes(b"changes with every interpreter")
    try:
        assert not is_stale(store, DataLayout(data_copy))
    finally:
        probe.unlink()


def test_stale_when_the_comparison_rules_change(data_copy, tmp_path, monkeypatch):
    """The thresholds live in Python (core.store.vergelijkingen): changing them must rebuild the store."""
    store = tmp_path / "tellen.duckdb"
    layout = DataLayout(data_copy)
    build_store(data_copy, store)
    rules = Path(vergelijkingen.__file__)
    assert build.CODE_INPUTS[-1] == rules
    copy = tmp_path / "vergelijkingen.py"
    copy.write_text(rules.read_text(encoding="utf-8").replace("DREMPEL_PROCENTPUNT = 1.5", "DREMPEL_PROCENTPUNT = 2"),
                    encoding="utf-8")
    monkeypatch.setattr(build, "CODE_INPUTS", [*build.CODE_INPUTS[:-1], copy])
    assert is_stale(store, layout)


def test_derived_tables_are_sorted_for_point_lookups(fixture_store):
    """`vergelijkingen` is written in (regio, indicator, leeftijdsgroep, jaar) order: zonemaps skip the rest."""
    with duckdb.connect(str(fixture_store), read_only=True) as conn:
        keys = conn.execute("SELECT regio, indicator, leeftijdsgroep, jaar FROM vergelijkingen").fetchall()
        assert keys == sorted(keys) and len(keys) == len(set(keys))
        tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"vergelijkingen", "referentiegroepen", "breuken", "bron_tellingen"} <= tables


def test_cli_refuses_unknown_options_except_for_serve(monkeypatch):
    """Options the command line does not know stop it with a Dutch message; `serve` hands them to Streamlit."""
    from streamlit.web import cli

    from core.__main__ import main
    with pytest.raises(SystemExit) as stopped:
        main(["info", "--server.port", "9999"])
    assert stopped.value.code == 2
    handed = {}
    monkeypatch.setattr(cli, "main", lambda: handed.setdefault("argv", list(sys.argv)) and 0)
    monkeypatch.setattr(sys, "argv", ["python -m core"])
    main(["serve", "--server.port", "9999", "--server.headless", "true"])
    assert handed["argv"] == ["streamlit", "run", str(ROOT / "app.py"), "--server.port", "9999",
                              "--server.headless", "true"]
    assert "core.present.charts" in sys.modules  # the libraries were loaded before the server starts

"""Fixtures: a real figures store built by the real build code from the small files in tests/data, and a
real story store filled by the real importer with the fixture demo stories."""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from core.store import verhalen as verhaalopslag
from core.store.build import DataLayout, build_store
from core.store.db import connect_readonly
from pages.parts.frame import FOUT

TEST_DATA = Path(__file__).parent / "data"
PADEN = {"TV_STORE": "tellen.duckdb", "TV_VERHALEN": "verhalen.duckdb", "TV_WERK": "werk.duckdb",
         "TV_ZOEKINDEX": "zoekindex", "TV_EIGEN": "eigen.duckdb"}
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session", autouse=True)
def _never_the_real_data(tmp_path_factory):
    """Every path setting points into a temporary folder, also for subprocesses: no test may write
    into data/ (a test that wants the fixture stores asks for them)."""
    folder = tmp_path_factory.mktemp("instellingen")
    saved = {k: os.environ.get(k) for k in PADEN}
    os.environ.update({k: str(folder / name) for k, name in PADEN.items()})
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store") / "tellen.duckdb"
    build_store(TEST_DATA, store)
    return store


@pytest.fixture(scope="session")
def fixture_verhalen(fixture_store) -> Path:
    """The story store with the fixture demo stories, imported as on a first start."""
    verhalen = fixture_store.parent / "verhalen.duckdb"
    layout = DataLayout(TEST_DATA)
    verhaalopslag.maak_met_demo(fixture_store, verhalen, layout.verhalen, layout.kader)
    return verhalen


@pytest.fixture()
def conn(fixture_store, fixture_verhalen):
    with connect_readonly(fixture_store, fixture_verhalen) as connection:
        yield connection


@pytest.fixture()
def writable_verhalen(fixture_verhalen, tmp_path) -> Path:
    """A private copy of the fixture story store that a test may change."""
    copy = tmp_path / "verhalen.duckdb"
    shutil.copyfile(fixture_verhalen, copy)
    return copy


@pytest.fixture()
def writable_store(fixture_store, tmp_path) -> Path:
    """A private copy of the fixture store that a test may change."""
    copy = tmp_path / "tellen.duckdb"
    shutil.copyfile(fixture_store, copy)
    return copy


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A private copy of tests/data that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(TEST_DATA, target)
    return target


@pytest.fixture()
def app(fixture_store, fixture_verhalen, monkeypatch, tmp_path):
    """The real app for streamlit.testing.v1.AppTest, on the fixture store and a fresh werkbestand."""
    from streamlit.testing.v1 import AppTest
    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("TV_STORE", str(fixture_store))
    monkeypatch.setenv("TV_VERHALEN", str(fixture_verhalen))
    monkeypatch.setenv("TV_WERK", str(tmp_path / "werk.duckdb"))
    monkeypatch.chdir(root)
    return AppTest.from_file(str(root / "app.py"), default_timeout=60)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@contextmanager
def serve(store: Path, verhalen: Path, **env_extra):
    """The real app served as scripts/app.sh serves it, on a free loopback port: yields its url."""
    from tests.browser import server
    with server(store, verhalen, start_timeout_s=60, **env_extra) as (url, _pid, _ms):
        yield url


@pytest.fixture(scope="session")
def app_server(fixture_store, fixture_verhalen):
    with serve(fixture_store, fixture_verhalen) as url:
        yield url


def goto(app, page, **params):
    """Run the app with these URL parameters, switch to `page`, and check that nothing raised."""
    app.query_params.update(params)
    at = app.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    # the frame's error boundary turns an uncaught error into its Dutch message: that is a failure too
    assert FOUT not in [e.value for e in at.error], "the page failed; the traceback is in the log above"
    return at

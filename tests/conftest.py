"""Fixtures: a real DuckDB store built by the real build code from the small files in tests/data."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from core.build import build_store

TEST_DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("store") / "tellen.duckdb"
    build_store(TEST_DATA, store)
    return store


@pytest.fixture()
def conn(fixture_store):
    with duckdb.connect(str(fixture_store), read_only=True) as connection:
        yield connection


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


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

"""Command line: `python -m core build | import-stories FILE --framework F | info`."""
from __future__ import annotations

import argparse
import shutil
import sys
import uuid
from pathlib import Path

from core.errors import TellenError
from core.ingest.stories import import_stories
from core.settings import load_settings
from core.store import info
from core.store.build import STEPS, DataLayout, build_store, is_stale
from core.store.db import connect_readonly, connect_write
from core.store.progress import Progress


def _cmd_build(args, settings) -> int:
    data_dir, store = Path(args.data or settings.data_dir), Path(args.store or settings.store)
    if args.if_stale and not is_stale(store, DataLayout(data_dir)):
        print(f"De opslag {store} is bij met de bronnen in {data_dir}; niet opnieuw gebouwd.")
        return 0
    build = build_store(data_dir, store, Progress(len(STEPS) + 1))
    print(f"Opslag gebouwd: {store} (bouw {build[:8]}).")
    return 0


def _cmd_import(args, settings) -> int:
    """Import into a copy of the store, then replace it: the running app keeps working meanwhile."""
    store = Path(args.store or settings.store)
    if not store.exists():
        raise TellenError(f"De opslag {store} bestaat nog niet. Bouw hem eerst met: python -m core build")
    tmp = store.with_name(f".{store.name}.{uuid.uuid4().hex[:8]}.import")
    shutil.copyfile(store, tmp)
    try:
        with connect_write(tmp) as conn:
            result = import_stories(conn, Path(args.file), Path(args.framework))
            conn.execute("CHECKPOINT")
        tmp.replace(store)
    finally:
        tmp.unlink(missing_ok=True)
    print(f"{result.aantal} verhalen geïmporteerd met kader '{result.kader}' (import {result.import_id}).")
    return 0


def _cmd_info(args, settings) -> int:
    with connect_readonly(Path(args.store or settings.store)) as conn:
        print(info.report(conn))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core", description="Tellen & Vertellen: opslag beheren.")
    p.add_argument("--store", help="pad naar de opslag (standaard TV_STORE of data/tellen.duckdb)")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="bouw de hele opslag opnieuw uit data/")
    b.add_argument("--data", help="map met bronbestanden (standaard data/)")
    b.add_argument("--if-stale", action="store_true", help="alleen bouwen als de opslag ontbreekt of oud is")
    b.set_defaults(func=_cmd_build)
    i = sub.add_parser("import-stories", help="importeer verhalen uit een CSV-export (alles of niets)")
    i.add_argument("file")
    i.add_argument("--framework", required=True, help="kaderbestand (JSON) met de duidingsvragen")
    i.set_defaults(func=_cmd_import)
    n = sub.add_parser("info", help="toon wat de opslag bevat")
    n.set_defaults(func=_cmd_info)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args, load_settings())
    except TellenError as e:
        print(f"Fout: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

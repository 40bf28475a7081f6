"""Command line: `python -m core build | import-stories FILE --framework F | imports | remove-import ID | info
| import-goals FILE [--gemeente GM....] | export-goals GEMEENTECODE FILE
| import-figures FILE [--tabel ID] | fetch-cbs GEMEENTECODE --jaar JAAR | figure-imports | remove-figures ID
| export wijkfoto --gemeente GM.... --jaar JAAR [--pdf FILE] [--pptx FILE] | serve [STREAMLIT-OPTIES]
| wachtwoord`.

Every command that writes (build, import-stories, remove-import) takes the write lock: a second one
waits a short while, then stops with a Dutch message and exit code 1. SIGTERM ends a command the way
an error does, so it leaves nothing behind.
"""
from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from core.errors import TellenError
from core.settings import env_name, load_settings
from core.store import info
from core.store import verhalen as verhaalopslag
from core.store.build import STEPS, DataLayout, build_store, is_stale
from core.store.db import connect_readonly
from core.store.progress import Progress, RowProgress
from core.vertellen import search


def _paden(args, settings) -> tuple[Path, Path]:
    return Path(args.store or settings.store), Path(args.verhalen or settings.verhalen)


def _cmd_build(args, settings) -> int:
    data_dir = Path(args.data or settings.data_dir)
    store, verhalen = _paden(args, settings)
    layout = DataLayout(data_dir, Path(settings.eigen))
    with verhaalopslag.schrijven(store, verhalen, "bouwen van de opslag met cijfers"):
        migrated = verhaalopslag.migreer_oude_opslag(store, verhalen)
        if migrated is not None:
            print(f"{migrated} verhalen overgezet naar de verhalenopslag {verhalen}.")
        if args.if_stale and not is_stale(store, layout):
            print(f"De opslag {store} is bij met de bronnen in {data_dir}; niet opnieuw gebouwd.")
        else:
            build = build_store(data_dir, store, Progress(len(STEPS) + 1), layout.eigen)
            print(f"Opslag gebouwd: {store} (bouw {build[:8]}).")
        _migrate_check(store, verhalen, layout.verhalen)
        demo = verhaalopslag.maak_met_demo(store, verhalen, layout.verhalen, layout.kader)
        if demo is not None:
            print(f"Verhalenopslag gemaakt met {demo.aantal} fictieve voorbeeldverhalen (import {demo.import_id}).")
            _print_held_back(demo.in_controle)
    return 0


def _migrate_check(store: Path, verhalen: Path, demo_csv: Path) -> None:
    """A story store from before the personal data check: every story in it is checked once, now."""
    held = verhaalopslag.migreer_controle(store, verhalen, demo_csv)
    if held is not None:
        print(f"De verhalenopslag {verhalen} is gecontroleerd op persoonsgegevens (nieuw in deze versie).")
        _print_held_back(held)
    if verhaalopslag.migreer_kaders(store, verhalen):  # issue 13: frameworks of any shape (new columns)
        print(f"De verhalenopslag {verhalen} is bijgewerkt voor kaders van elke vorm; alle verhalen zijn bewaard.")


def _print_held_back(aantal: int) -> None:
    if aantal:
        woord = "verhaal staat" if aantal == 1 else "verhalen staan"
        print(f"{aantal} {woord} in controle: er zijn mogelijk persoonsgegevens in gevonden. De app toont ze "
              "pas als een medewerker ze heeft vrijgegeven. Bekijk ze in de app op de pagina "
              "'Controle persoonsgegevens' (Beheer).")


def _cmd_import(args, settings) -> int:
    """Import into a copy of the story store, then replace it: the running app keeps working meanwhile."""
    store, verhalen = _paden(args, settings)
    result = verhaalopslag.importeer(store, verhalen, Path(args.file), Path(args.framework), RowProgress())
    print(f"{result.aantal} verhalen geïmporteerd met kader '{result.kader}' (import {result.import_id}).")
    if not result.in_controle:
        print("Controle op persoonsgegevens: geen verhalen in controle.")
    _print_held_back(result.in_controle)
    _update_search_index(store, verhalen)
    return 0


def _update_search_index(store: Path, verhalen: Path) -> None:
    """The search index is derived: build the new import's part now rather than in someone's first search."""
    start = time.perf_counter()
    with connect_readonly(store, verhalen) as conn:
        if search.prepare(conn):
            print(f"Zoekindex bijgewerkt ({time.perf_counter() - start:.1f} s).")


def _cmd_remove(args, settings) -> int:
    store, verhalen = _paden(args, settings)
    weg = verhaalopslag.verwijder_import(store, verhalen, args.import_id)
    print(f"Import {args.import_id} verwijderd: {weg} verhalen. Verhaalsets en sessies houden hun andere verhalen.")
    return 0


def _cmd_imports(args, settings) -> int:
    with connect_readonly(*_paden(args, settings)) as conn:
        lijst = verhaalopslag.lijst(conn)
    if lijst.empty:
        print("Er zijn geen imports.")
    for r in lijst.itertuples():
        fictief = " (fictief)" if r.fictief == r.aantal and r.aantal else ""
        controle = f"  {r.in_controle} in controle" if r.in_controle else ""
        print(f"{r.id}  {r.op:%d-%m-%Y %H:%M}  {r.aantal:>8} verhalen{fictief}  kader {r.kader}  {r.bestand}{controle}")
    return 0


def _cmd_import_goals(args, settings) -> int:
    """A goal tree (JSON) as the gemeente's own tree, then a rebuild of the figures store."""
    import os

    from core.samen import doelbomen
    paden = _doel_paden(args, settings)
    pad = Path(args.file)
    try:
        tekst = pad.read_bytes()
    except OSError as e:
        raise TellenError(f"Het bestand {pad} kan niet worden gelezen ({e.strerror}).") from e
    door = os.environ.get("USER") or "opdrachtregel"  # who, for the history
    klaar = doelbomen.importeer(paden, tekst, pad.name, door, args.gemeente,
                                melden=lambda deel, stap: print(f"[{deel:4.0%}] {stap} …", file=sys.stderr, flush=True))
    print(f"Doelenboom van {klaar.gemeente} opgeslagen: {klaar.doelen} doelen, {klaar.koppelingen} "
          f"gekoppelde indicatoren. Opslag met cijfers opnieuw gebouwd (bouw {klaar.build[:8]}).")
    return 0


def _cmd_export_goals(args, settings) -> int:
    from core.samen import doelbomen
    tekst = doelbomen.exporteer(_doel_paden(args, settings), args.gemeente)
    if tekst is None:
        raise TellenError(f"{args.gemeente} heeft geen doelenboom (eigen of meegeleverd).")
    Path(args.file).write_text(tekst, encoding="utf-8")
    print(f"Doelenboom van {args.gemeente} geschreven naar {args.file}.")
    return 0


def _doel_paden(args, settings):
    from core.samen import doelbomen
    store, verhalen = _paden(args, settings)
    data_dir = Path(args.data or settings.data_dir)
    return doelbomen.Paden(store, verhalen, Path(settings.eigen), data_dir)


# --- figures a gemeente brings (StatLine files, live CBS fetch) ---------------------------------------

def _cijfer_paden(args, settings):
    from core.store.cijfers import Paden
    store, verhalen = _paden(args, settings)
    return Paden(store, verhalen, Path(settings.eigen), Path(settings.data_dir))


def _bewaar_cijfers(gelezen, args, settings) -> int:
    from core.store import cijfers
    print(f"{gelezen.tabel.id} ({gelezen.tabel.titel}), {gelezen.periode}: {len(gelezen.waarden)} cijfers van "
          f"{len(gelezen.regios)} regio's, {len(gelezen.kolommen)} indicatoren.")
    for opmerking in gelezen.opmerkingen:
        print(f"- {opmerking}")
    import_id = cijfers.importeer(gelezen, _cijfer_paden(args, settings), Progress(len(STEPS) + 1))
    print(f"Cijfers geïmporteerd (import {import_id}); de opslag met cijfers is opnieuw gebouwd.")
    return 0


def _cmd_import_figures(args, settings) -> int:
    from core.ingest import statline
    path = Path(args.file)
    if not path.is_file():
        raise TellenError(f"Het bestand {path} bestaat niet.")
    return _bewaar_cijfers(statline.lees(path.read_bytes(), path.name, args.tabel), args, settings)


def _cmd_fetch_cbs(args, settings) -> int:
    from core.ingest import cbs_live
    print(f"Kerncijfers wijken en buurten {args.jaar} van {args.gemeentecode} ophalen bij CBS …", flush=True)
    return _bewaar_cijfers(cbs_live.haal(args.gemeentecode, args.jaar), args, settings)


def _cmd_figure_imports(args, settings) -> int:
    from core.store import cijfers
    lijst = cijfers.lijst(Path(settings.eigen))
    if lijst.empty:
        print("Er zijn geen cijferimports.")
    for r in lijst.itertuples():
        print(f"{r.id}  {r.op:%d-%m-%Y %H:%M}  {r.tabel_id}  {r.periode:<16} {r.aantal:>7} cijfers  {r.soort:<8}  "
              f"{r.bestand}")
    return 0


def _cmd_remove_figures(args, settings) -> int:
    from core.store import cijfers
    weg = cijfers.verwijder(args.import_id, _cijfer_paden(args, settings), Progress(len(STEPS) + 1))
    print(f"Cijferimport {args.import_id} verwijderd ({weg} cijfers); de opslag met cijfers is opnieuw gebouwd.")
    return 0


def _cmd_export_wijkfoto(args, settings) -> int:
    """The wijkfoto of every wijk of a gemeente in one PDF and/or PowerPoint for the council, with the
    privacy rules of the app's own mode (partner mode when TV_PARTNERMODUS is set) and its k."""
    from core.exports import content, pdf, pptx
    from core.vertellen.consent import Zichtbaarheid
    if not (args.pdf or args.pptx):
        raise TellenError("Geef aan wat u wilt: --pdf BESTAND, --pptx BESTAND of allebei.")
    mode = Zichtbaarheid.PARTNER if settings.partnermodus else Zichtbaarheid.INTERN
    with connect_readonly(*_paden(args, settings)) as conn:
        raad = content.raads_document(conn, args.gemeente, args.jaar)
        print(f"{raad.titel}, cijfers tot en met {raad.jaar}: {len(raad.wijken)} wijken.", flush=True)
        for soort, doel, maker in (("PDF", args.pdf, pdf.raad_pdf), ("PowerPoint", args.pptx, pptx.raad_pptx)):
            if doel:
                inhouden = content.raad_inhouden(conn, raad, mode, settings.min_groep, melden=_meld_wijk(soort))
                data = maker(raad, inhouden)
                Path(doel).write_bytes(data)
                print(f"{soort} geschreven: {doel}", flush=True)
    return 0


def _meld_wijk(soort: str):
    def melden(nummer: int, totaal: int, naam: str) -> None:
        print(f"[{nummer}/{totaal}] {soort}: Wijkfoto {naam} …", flush=True)
    return melden


def _cmd_info(args, settings) -> int:
    with connect_readonly(*_paden(args, settings)) as conn:
        print(info.report(conn))
    return 0


def _cmd_serve(args, settings) -> int:
    """Serve app.py with Streamlit (core.cached.serve: the only core module that knows Streamlit)."""
    from core import cached
    return cached.serve(args.opties)


def _cmd_wachtwoord(args, settings) -> int:
    """Ask a password twice and print the TV_WACHTWOORD_HASH line for it (the password is kept nowhere)."""
    import getpass

    from core import toegang
    wachtwoord = getpass.getpass("Nieuw wachtwoord voor de medewerkersapp: ")
    if getpass.getpass("Nog een keer: ") != wachtwoord:
        raise TellenError("De twee wachtwoorden zijn niet hetzelfde. Probeer het opnieuw.")
    print(f"{env_name('wachtwoord_hash')}={toegang.maak_hash(wachtwoord)}")
    print("Zet deze regel in de omgeving van de server (zie de README, 'Inloggen').", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core", description="Tellen & Vertellen: opslag beheren.")
    p.add_argument("--store", help="pad naar de opslag met cijfers (standaard TV_STORE of data/tellen.duckdb)")
    p.add_argument("--verhalen", help="pad naar de verhalenopslag (standaard TV_VERHALEN of data/verhalen.duckdb)")
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="bouw de opslag met cijfers opnieuw uit data/ (de verhalen blijven)")
    b.add_argument("--data", help="map met bronbestanden (standaard data/)")
    b.add_argument("--if-stale", action="store_true", help="alleen bouwen als de opslag ontbreekt of oud is")
    b.set_defaults(func=_cmd_build)
    i = sub.add_parser("import-stories", help="importeer verhalen uit een CSV-export (alles of niets)")
    i.add_argument("file")
    i.add_argument("--framework", required=True, help="kaderbestand (JSON) met de duidingsvragen")
    i.set_defaults(func=_cmd_import)
    r = sub.add_parser("remove-import", help="verwijder de verhalen van één import (alles of niets)")
    r.add_argument("import_id")
    r.set_defaults(func=_cmd_remove)
    g = sub.add_parser("import-goals", help="sla een doelenboom (JSON) op als eigen doelenboom van een gemeente "
                       "en bouw de opslag met cijfers opnieuw (alles of niets)")
    g.add_argument("file")
    g.add_argument("--gemeente", help="gemeentecode, bijvoorbeeld GM1961 (standaard: de gemeentecode in het bestand)")
    g.add_argument("--data", help="map met bronbestanden (standaard data/)")
    g.set_defaults(func=_cmd_import_goals)
    e = sub.add_parser("export-goals", help="schrijf de doelenboom van een gemeente naar een JSON-bestand")
    e.add_argument("gemeente", help="gemeentecode, bijvoorbeeld GM0547")
    e.add_argument("file")
    e.add_argument("--data", help="map met bronbestanden (standaard data/)")
    e.set_defaults(func=_cmd_export_goals)
    sub.add_parser("imports", help="toon de imports").set_defaults(func=_cmd_imports)
    f = sub.add_parser("import-figures", help="importeer cijfers uit een StatLine-bestand (Kerncijfers wijken en "
                       "buurten of Gezondheidsmonitor 50090NED; typed CSV of web-CSV)")
    f.add_argument("file")
    f.add_argument("--tabel", help="StatLine-tabel, bijvoorbeeld 85984NED (als de bestandsnaam hem niet noemt)")
    f.set_defaults(func=_cmd_import_figures)
    c = sub.add_parser("fetch-cbs", help="haal Kerncijfers wijken en buurten van een gemeente op bij CBS (internet)")
    c.add_argument("gemeentecode", help="bijvoorbeeld GM0394")
    c.add_argument("--jaar", type=int, required=True, help="jaar van de Kerncijfers, bijvoorbeeld 2024")
    c.set_defaults(func=_cmd_fetch_cbs)
    sub.add_parser("figure-imports", help="toon de cijferimports").set_defaults(func=_cmd_figure_imports)
    rf = sub.add_parser("remove-figures", help="verwijder de cijfers van één cijferimport en bouw opnieuw")
    rf.add_argument("import_id")
    rf.set_defaults(func=_cmd_remove_figures)
    x = sub.add_parser("export", help="schrijf documenten voor de raad").add_subparsers(dest="wat", required=True)
    xw = x.add_parser("wijkfoto", help="de wijkfoto van elke wijk van een gemeente in één PDF of PowerPoint")
    xw.add_argument("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM0546")
    xw.add_argument("--jaar", type=int, required=True, help="jaar van de cijfers, bijvoorbeeld 2020")
    xw.add_argument("--pdf", metavar="BESTAND", help="schrijf een PDF naar dit bestand")
    xw.add_argument("--pptx", metavar="BESTAND", help="schrijf een PowerPoint naar dit bestand")
    xw.set_defaults(func=_cmd_export_wijkfoto)
    sub.add_parser("info", help="toon wat de opslag bevat").set_defaults(func=_cmd_info)
    sub.add_parser("serve", help="start de app (streamlit run app.py); andere opties, bijvoorbeeld "
                   "--server.port 8501, gaan door naar Streamlit").set_defaults(func=_cmd_serve)
    sub.add_parser("wachtwoord", help="vraag een wachtwoord voor de medewerkersapp en toon de regel "
                   "TV_WACHTWOORD_HASH=... om in de omgeving te zetten").set_defaults(func=_cmd_wachtwoord)
    return p


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds like an error: temporary copies are removed on the way out


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args, rest = p.parse_known_args(argv)
    if rest and args.cmd != "serve":
        p.error(f"onbekende opties: {' '.join(rest)}")
    args.opties = rest
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return args.func(args, load_settings())
    except TellenError as e:
        print(f"Fout: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

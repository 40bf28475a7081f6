"""What the store holds: counts per source, years, regions, stories (for `python -m core info`)."""
from __future__ import annotations

from dataclasses import dataclass

DEMO_GEMEENTEN = ("GM0546", "GM0547")


@dataclass(frozen=True)
class GemeenteDekking:
    code: str
    naam: str
    wijken: int
    wijken_met_3_ggd_jaren: int
    wijken_met_geometrie_2024: int
    elan_jaren: tuple[int, int] | None
    verhalen: int


def per_bron(conn) -> list[tuple]:
    """(bron, uitgever, values, non-null values, first year, last year, regions)."""
    return conn.execute("""
        SELECT b.id, b.uitgever, count(w.regio), count(w.waarde), min(w.jaar), max(w.jaar), count(DISTINCT w.regio)
        FROM bronnen b LEFT JOIN waarden w ON w.bron = b.id
        GROUP BY ALL ORDER BY b.id
    """).fetchall()


def per_niveau(conn) -> list[tuple]:
    """(indeling, niveau, regions, with geometry, flagged as changed)."""
    return conn.execute("""
        SELECT indeling, niveau, count(*), count(geometrie), count(*) FILTER (WHERE indeling_gewijzigd)
        FROM regios GROUP BY ALL ORDER BY indeling, niveau
    """).fetchall()


def verhalen_telling(conn) -> list[tuple]:
    """(toestemming, stories) — counting is allowed for every story, showing is not."""
    return conn.execute("SELECT toestemming, count(*) FROM verhalen GROUP BY ALL ORDER BY 1").fetchall()


def gemeente_dekking(conn, code: str) -> GemeenteDekking:
    row = conn.execute("""
        WITH wijken AS (
            SELECT code FROM regios WHERE niveau = 'wijk' AND gemeentecode = $g AND indeling = 2024
        ), ggd AS (
            SELECT regio, count(DISTINCT jaar) AS jaren FROM waarden
            WHERE bron = 'rivm_50090' AND waarde IS NOT NULL AND regio IN (SELECT code FROM wijken)
            GROUP BY regio
        )
        SELECT (SELECT naam FROM regios WHERE code = $g ORDER BY indeling DESC LIMIT 1),
               (SELECT count(*) FROM wijken),
               (SELECT count(*) FROM ggd WHERE jaren = 3),
               (SELECT count(*) FROM regios WHERE code IN (SELECT code FROM wijken)
                       AND indeling = 2024 AND geometrie IS NOT NULL),
               (SELECT min(jaar) FROM waarden WHERE bron = 'elan_wijk' AND regio IN (SELECT code FROM wijken)),
               (SELECT max(jaar) FROM waarden WHERE bron = 'elan_wijk' AND regio IN (SELECT code FROM wijken)),
               (SELECT count(*) FROM verhalen WHERE gemeentecode = $g)
    """, {"g": code}).fetchone()
    naam, wijken, ggd3, geo, elan_min, elan_max, verhalen = row
    elan = (elan_min, elan_max) if elan_min is not None else None
    return GemeenteDekking(code, naam, wijken, ggd3, geo, elan, verhalen)


def report(conn) -> str:
    """The full `info` report as text."""
    lines = ["Bouw: " + " | ".join(str(v) for v in conn.execute(
        "SELECT build_id, gebouwd_op, 'schema ' || schema_versie FROM bouw").fetchone()), "", "Cijfers per bron:"]
    for bron, uitgever, n, filled, first, last, regios in per_bron(conn):
        lines.append(f"  {bron:<14} {uitgever:<38} {filled:>9} waarden ({n - filled} leeg) "
                     f"{first}–{last}, {regios} regio's")
    lines += ["", "Regio's per indeling en niveau (aantal, met geometrie, indeling gewijzigd):"]
    lines += [f"  {ind} {niv:<9} {n:>6} {geo:>6} {flag:>5}" for ind, niv, n, geo, flag in per_niveau(conn)]
    telling = verhalen_telling(conn)
    lines += ["", f"Verhalen: {sum(n for _, n in telling)} ("
              + ", ".join(f"{t}: {n}" for t, n in telling) + ")"]
    lines += ["", "Dekking demogemeenten:"]
    for code in DEMO_GEMEENTEN:
        d = gemeente_dekking(conn, code)
        elan = f"{d.elan_jaren[0]}–{d.elan_jaren[1]}" if d.elan_jaren else "geen"
        lines.append(f"  {d.naam} ({d.code}): {d.wijken} wijken; 3 GGD-jaren: {d.wijken_met_3_ggd_jaren}/"
                     f"{d.wijken}; geometrie 2024: {d.wijken_met_geometrie_2024}/{d.wijken}; "
                     f"ELAN-jaren {elan}; verhalen: {d.verhalen}")
    return "\n".join(lines)

"""How the fixture files in tests/data were cut from the real shipped data (run once, output committed).

    .venv/bin/python tests/data/make_fixtures.py

Only rows are selected; two cells are changed on purpose to exercise ingest quirks, and say so:
- the GGD CSV gets a CBS missing marker '.' in one cell (must become NULL, never 0);
- the GGD CSV gets padded codes ('  WK054701 ') in one row (codes must be trimmed);
- the ELAN wijk CSV gets 0.0 in one early-year cell, as ELAN writes 'not available' (must become NULL);
- the GGD parquet gets the CBS/PDOK markers -99995 and -99997 in two cells of WK054609, 2012, 18-65
  (must become NULL, never 0 or a negative figure).
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "data" / "bronnen"
OUT = Path(__file__).parent / "bronnen"
GEMEENTEN = ["GM0546", "GM0547", "GM1961", "GM0344"]


def copy_csv(conn, name: str, where: str, post=None) -> None:
    # `where` is one of the fixed conditions below, never input
    frame = conn.execute("SELECT * FROM read_csv(?, all_varchar = true) WHERE " + where, [str(SRC / name)]).df()
    if post:
        post(frame)
    frame.to_csv(OUT / name, index=False)


def ggd_quirks(frame) -> None:
    rows = frame.index[(frame["regiocode"] == "WK054700") & (frame["jaar"] == "2016")
                       & (frame["Leeftijd"] == "20300")]
    frame.loc[rows, "Eenzaam_28"] = "."
    padded = frame.index[(frame["regiocode"] == "WK054701") & (frame["jaar"] == "2020")
                         & (frame["Leeftijd"] == "20300")]
    frame.loc[padded, "Codering_3"] = "  WK054701 "


def parquet_quirks(table):
    frame = table.to_pandas()
    rows = (frame["Codering_3"] == "WK054609") & (frame["jaar"] == 2012) & (frame["Leeftijd"] == "53115")
    frame.loc[rows, "Eenzaam_28"] = -99995.0
    frame.loc[rows, "ErvarenGezondheidGoedZeerGoed_4"] = -99997.0
    import pyarrow as pa
    return pa.Table.from_pandas(frame, schema=table.schema, preserve_index=False)


def elan_quirk(frame) -> None:
    rows = frame.index[(frame["WKC"] == "WK054600") & (frame["YEAR"] == "2009")]
    frame.loc[rows, "ZVWKOSTENPSYCHO_MEAN"] = "0.0"


def geojson_subset(name: str, codes_key: str, keep) -> None:
    data = json.loads((SRC / name).read_text(encoding="utf-8"))
    data["features"] = [f for f in data["features"] if keep(f["properties"][codes_key])]
    (OUT / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    conn = duckdb.connect()
    gm = ", ".join(f"'{g}'" for g in GEMEENTEN)
    copy_csv(conn, "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020.csv",
             "(regiocode = 'NL01' OR regiocode IN ('GM0547', 'GM1961', 'WK054700', 'WK054701', 'WK054702', "
             "'WK196100', 'WK196101')) ", ggd_quirks)
    subset = conn.execute("""SELECT * FROM read_parquet(?)
                             WHERE regiocode = 'NL01' OR regiocode = 'GM0546' OR (regiocode LIKE 'WK0546%')
                                OR regiocode IN ('GM0003', 'WK000300')""",
                          [str(SRC / "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020_nl.parquet")]).to_arrow_table()
    import pyarrow.parquet as pq
    pq.write_table(parquet_quirks(subset), OUT / "ggd_rivm_gezondheid_wijk_buurt_2012_2016_2020_nl.parquet")
    copy_csv(conn, "cbs_kwb_gemeenten_2012_2024_pdok.csv", f"gemeentecode IN ({gm}, 'GM0003')")
    copy_csv(conn, "cbs_kwb_utrecht_wijk_buurt_2023_2024.csv",
             "gwb_code_10 IN ('GM0344', 'WK034400', 'WK034401', 'BU03440000', 'BU03440001')")
    copy_csv(conn, "elan_lumc_wijk_zorgkosten_inkomen_leiden_leiderdorp_2009_2022.csv",
             "WKC IN ('WK054600', 'WK054700', 'WK054701', 'WK054702')", elan_quirk)
    copy_csv(conn, "elan_lumc_gemeente_indicatoren_leiden_leiderdorp_2009_2022.csv", "true")
    geojson_subset("cbs_gemeenten_2024_wgs84_nl.geojson", "gemeentecode", lambda c: c in GEMEENTEN)
    wijk = lambda c: c[:6] in ("WK0546", "WK0547") or c in ("WK196101", "WK196102", "WK196103",
                                                             "WK034400", "WK034401")
    geojson_subset("cbs_wijken_2024_wgs84_nl.geojson", "wijkcode", wijk)
    geojson_subset("cbs_wijken_2024_wgs84_selectie.geojson", "wijkcode", wijk)


if __name__ == "__main__":
    main()

"""Issue 13, 1b: figures a gemeente imported show their own source (table, period, import date) on the
figure pages, like shipped ones: the Indicatoren/Overzicht source line and the Wijken in cijfers lines name
the import for that gemeente, and the shipped source for every other gemeente."""
from __future__ import annotations

from core.store import cijfers
from core.store.db import connect_readonly
from core.tellen import figures, queries
from tests.test_cijfers_import import KWB_TYPED, lees, paden  # noqa: F401  (paden is a fixture)


def test_source_line_names_the_gemeentes_own_import(paden):  # noqa: F811
    cijfers.importeer(lees(KWB_TYPED), paden)
    with connect_readonly(paden.store, paden.verhalen) as conn:
        eigen = figures.indicator_info(conn, "kwb_dichtheid", "GM1961")
        elders = figures.indicator_info(conn, "kwb_dichtheid", "GM0547")
        zonder = figures.indicator_info(conn, "kwb_dichtheid")
        regel = queries.bronregel(conn, "kwb_inwoners", "alle leeftijden", 2024, "GM1961")
        regel_elders = queries.bronregel(conn, "kwb_inwoners", "alle leeftijden", 2024, "GM0547")
        overzicht = queries.wijk_overzicht(conn, "GM1961", queries.Zichtbaarheid.INTERN)
    assert eigen.tabel_id == "85984NED" and "eigen import" in eigen.brontitel and eigen.bron.startswith("eigen_")
    assert elders.bron == zonder.bron == "cbs_kwb" and "eigen import" not in elders.brontitel
    assert regel.tabel_id == "85984NED" and regel_elders.tabel_id != "85984NED"
    inwoners = [r for r in overzicht.alle_bronnen if r.indicator == "kwb_inwoners"]
    assert inwoners and all(r.tabel_id == "85984NED" for r in inwoners)

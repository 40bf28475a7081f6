"""Small groups (issue 12, point 2): below k nothing derived from a group is shown, and no two shown views
differ by a group of 1 to k-1 (core.vertellen.groepen).

The issue names the real demo stories (data/verhalen): the module fixture imports them with the real
importer into a story store next to the fixture figures store (the demo's wijk codes are in it: checked).
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from core.exports import content, figuren
from core.present import charts
from core.samen import netwerklunch
from core.store import verhalen as verhaalopslag
from core.store.build import DataLayout
from core.store.db import connect_readonly
from core.vertellen import groepen, patterns, stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter
from tests.conftest import goto

K = 5
PARTNER = Zichtbaarheid.PARTNER
ROOT = Path(__file__).resolve().parent.parent
# Slider ranges the interface offers (steps of 10; Patronen starts at 60–100), nested ones among them.
BEREIKEN = ((0, 40), (40, 60), (60, 100), (80, 100))


@pytest.fixture(scope="module")
def demo_verhalen(fixture_store, tmp_path_factory) -> Path:
    """A story store with the real demo stories of data/verhalen, next to the fixture figures store."""
    verhalen = tmp_path_factory.mktemp("demo") / "verhalen.duckdb"
    layout = DataLayout(ROOT / "data")
    verhaalopslag.maak_met_demo(fixture_store, verhalen, layout.verhalen, layout.kader)
    return verhalen


@pytest.fixture(scope="module")
def demo(fixture_store, demo_verhalen):
    """The demo story store opened read-only with the fixture store."""
    with connect_readonly(fixture_store, demo_verhalen) as conn:
        missing = conn.execute("SELECT count(*) FROM verhalen WHERE wijk NOT IN "
                               "(SELECT code FROM regios WHERE niveau = 'wijk')").fetchone()[0]
        assert missing == 0, "the demo's wijk codes must be in the fixture store"
        yield conn


def _enkele_voorwaarden(conn, gemeente: str) -> list[dict]:
    """Every single condition the filter offers for this gemeente: each value of each field, each triad
    zone, the slider ranges above, each choice answer. As keyword arguments of VerhaalFilter."""
    opties = stories.filter_options(conn, PARTNER)
    found = [{"wijken": (w,)} for w in opties.wijken.loc[opties.wijken["gemeentecode"] == gemeente, "code"]]
    lo, hi = opties.jaren
    found += [{"jaren": (j, j)} for j in range(lo, hi + 1)]
    for veld, waarden in (("leeftijdsgroepen", opties.leeftijdsgroepen), ("rollen", opties.rollen),
                          ("onderwerpen", opties.onderwerpen), ("projecten", opties.projecten)):
        found += [{veld: (w,)} for w in waarden]
    for sig in opties.signifiers.itertuples():
        if sig.soort == "triade":
            found += [{"zones": {sig.id: z}} for z in sig.zones]
        elif sig.soort == "slider":
            found += [{"sliders": {sig.id: r}} for r in BEREIKEN]
        else:
            found += [{"keuzes": {sig.id: [o]}} for o in sig.labels]
    return found


def _samen(a: dict, b: dict) -> dict | None:
    """Two conditions in one filter; None when they are on the same field and question."""
    if set(a) & set(b):
        veld = next(iter(set(a) & set(b)))
        if veld not in ("zones", "sliders", "keuzes") or set(a[veld]) & set(b[veld]):
            return None
        return {veld: {**a[veld], **b[veld]}}
    return {**a, **b}


def _views(conn, gemeente: str) -> list[tuple[VerhaalFilter, groepen.Oordeel, frozenset]]:
    enkel = _enkele_voorwaarden(conn, gemeente)
    filters = [VerhaalFilter(gemeente=gemeente, **c) for c in enkel]
    filters += [VerhaalFilter(gemeente=gemeente, **s) for a, b in itertools.combinations(enkel, 2)
                if (s := _samen(a, b)) is not None]
    return [(f, groepen.beoordeel(conn, f, PARTNER, K), frozenset(stories.story_ids(conn, f, PARTNER)))
            for f in filters]


@pytest.fixture(scope="module")
def views(demo):
    gemeenten = [r[0] for r in demo.execute("SELECT DISTINCT gemeentecode FROM verhalen ORDER BY 1").fetchall()]
    return {g: _views(demo, g) for g in gemeenten}


def test_every_shown_view_has_k_or_more_stories(views):
    for gemeente, found in views.items():
        assert len(found) > 500
        for f, oordeel, ids in found:
            assert oordeel.n == len(ids), f  # the check counts the same stories as the list
            if oordeel.getoond:
                assert len(ids) == 0 or len(ids) >= K, f
            else:
                assert oordeel.melding == groepen.MELDINGEN[oordeel.reden].format(k=K)  # a fixed text, never n


def test_no_two_shown_views_differ_by_a_small_group(views):
    """Every pair of shown views of 1 or 2 conditions where one's stories contain the other's: the difference
    is 0 or at least k (whole gemeente included as the view without conditions)."""
    for gemeente, found in views.items():
        alles = frozenset().union(*(ids for _, _, ids in found))
        shown = [(f, ids) for f, o, ids in found if o.getoond] + [(VerhaalFilter(gemeente=gemeente), alles)]
        bad = [(a, b, len(ia) - len(ib)) for (a, ia), (b, ib) in itertools.permutations(shown, 2)
               if ib <= ia and 0 < len(ia) - len(ib) < K]
        assert not bad, f"{len(bad)} pairs, e.g. {bad[:3]}"


def test_the_attackers_pairs_are_closed(views):
    """The attack of the issue: a view of one condition ('wijk X') and the same with a second condition ('wijk X,
    one age group'), both k or more, differ by 1 to k-1 stories. The demo data in partner mode has many such
    pairs over all fields (counted here); the narrower view of each is hidden now, by the differencing rule."""
    paren = 0
    for found in views.values():
        enkel = {f: ids for f, o, ids in found if len(_voorwaarden_van(f)) == 1}
        for f, o, ids in found:
            if len(_voorwaarden_van(f)) != 2 or len(ids) < K:
                continue
            for ouder in _ouders(f):
                if len(enkel[ouder]) >= K and 0 < len(enkel[ouder]) - len(ids) < K:
                    paren += 1
                    assert not o.getoond and o.reden == "verschil", (f, ouder)
    assert paren >= 100


def _voorwaarden_van(f: VerhaalFilter) -> list[tuple]:
    found = [(veld, getattr(f, veld)) for veld in ("wijken", "jaren", "leeftijdsgroepen", "rollen", "onderwerpen",
                                                  "projecten") if getattr(f, veld)]
    return found + [(veld, {sid: v}) for veld in ("zones", "sliders", "keuzes") for sid, v in getattr(f, veld).items()]


def _ouders(f: VerhaalFilter) -> list[VerhaalFilter]:
    return [VerhaalFilter(gemeente=f.gemeente, **{veld: waarde}) for veld, waarde in _voorwaarden_van(f)]


def test_a_narrowed_list_or_range_is_checked_too(demo):
    """Two wijken vs one of them, 60–100 vs 80–100: the wider view is hidden when they differ by 1 to k-1."""
    wijken = demo.execute("SELECT wijk, count(*) FROM verhalen WHERE toestemming = 'openbaar' AND "
                          "gemeentecode = 'GM0546' GROUP BY 1 ORDER BY 2").fetchall()
    klein, groot = wijken[0][0], wijken[-1][0]
    samen = VerhaalFilter(gemeente="GM0546", wijken=(klein, groot))
    o = groepen.beoordeel(demo, samen, PARTNER, 10)   # the small wijk (9 stories) is below k: closed
    assert not o.getoond and o.reden == "verschil"


def test_staff_lists_follow_rule_a_only(demo):
    f = VerhaalFilter(gemeente="GM0547", wijken=("WK054700",), leeftijdsgroepen=("81 jaar of ouder",))
    o = groepen.beoordeel(demo, f, Zichtbaarheid.INTERN, K)
    assert o.getoond == (not 0 < o.n < K)


def test_pattern_cells_and_groups(demo):
    """A small group's pattern has no rows and its notice no number; cells of 1 to k-1 lose their number and
    the hidden cells add up to 0 or k or more; partner mode hides the cells that differ by a few stories."""
    for mode in Zichtbaarheid:
        for sid in ("ervaring", "richting", "ondersteuning"):
            for f in (VerhaalFilter(gemeente="GM0546"), VerhaalFilter(gemeente="GM0547", wijken=("WK054700",))):
                for p in patterns.patterns_for(demo, sid, f, mode, K, punten=False).values():
                    if p.too_small:
                        assert p.data.empty and str(p.n) not in p.melding
                        continue
                    shown = p.data.loc[~p.data["verborgen"], "count"]
                    assert not ((shown > 0) & (shown < K)).any()
                    assert not 0 < p.n - shown.sum() < K


def test_a_small_pattern_says_less_than_k(demo):
    f = VerhaalFilter(gemeente="GM0547", wijken=("WK054700",), leeftijdsgroepen=("81 jaar of ouder",),
                      rollen=("mantelzorger",))
    p = patterns.patterns_for(demo, "ervaring", f, Zichtbaarheid.INTERN, 50, punten=False)["histogram"]
    assert p.too_small and p.data.empty
    assert "minder dan 50" in p.melding and "minder dan 50" in p.aantal_tekst


def test_hidden_story_page_has_no_stories_and_no_total(demo):
    f = VerhaalFilter(gemeente="GM0546", zones={"richting": "midden"}, wijken=("WK054600",))
    page = groepen.story_page(demo, f, PARTNER, 1000)
    assert page.verborgen and page.verhalen.empty and page.totaal == 0


def test_wijk_counts_hide_small_wijken_and_the_rest(demo):
    counts = groepen.wijk_aantallen(stories.counts_per_wijk(demo, "GM0546", PARTNER), 25)
    echt = stories.counts_per_wijk(demo, "GM0546", PARTNER)
    shown = counts["verhalen"].dropna()
    assert (shown >= 25).all() and shown.size < len(counts)
    hidden = echt["verhalen"].sum() - shown.sum()
    assert hidden == 0 or hidden >= 25


def test_the_rule_is_described_for_the_bronnen_page():
    tekst = groepen.regel_tekst(5)
    assert "minder dan 5" in tekst and "1 tot 4" in tekst


# --- the pages (AppTest) and the documents -----------------------------------------------------------

def _texts(at) -> str:
    parts = [e.value for kind in ("text", "markdown", "caption", "subheader", "info")
             for e in at.get(kind) if isinstance(getattr(e, "value", None), str)]
    return "\n".join(parts)


def test_patronen_small_group_shows_no_cards_no_count_no_table(app):
    """Fixture Leiderdorp: 3 or 4 answers to each question (k=5). Choosing a zone or a range lists nothing."""
    at = goto(app, "pages/patronen.py", gemeente="GM0547", vraag="richting")
    assert "minder dan 5 verhalen met een antwoord" in _texts(at)
    assert not at.get("arrow_vega_lite_chart") and not at.get("vega_lite_chart")
    assert not [t for t in at.toggle if t.key == "patronen.tabel"]   # no table offered
    for zone in at.selectbox(key="patronen.zone").options:
        at.selectbox(key="patronen.zone").set_value(zone).run()
        assert not at.exception
        shown = _texts(at)
        counts = [c.value for c in at.caption if c.value.endswith(" verhalen")]
        assert counts in ([], ["0 verhalen"]), zone   # an empty zone may say so: nobody is in it
        if not counts:
            assert any("minder dan 5" in i.value for i in at.info), zone
        assert not [b for b in at.button if b.label == "Lees"] and "Lees verder" not in shown
    next(s for s in at.selectbox if s.label == "Vraag").set_value("ervaring").run()
    for bereik in ((60, 100), (0, 40), (0, 100)):
        at.slider(key="patronen.bereik").set_value(bereik).run()
        counts = [int(c.value.split()[0]) for c in at.caption if c.value.endswith(" verhalen")]
        assert counts == [] or counts[0] == 0 or counts[0] >= K, bereik   # (0, 100): the 9 answers of staff
        assert counts or any("minder dan 5" in i.value for i in at.info)


def test_patronen_partner_demo_chart_has_no_numbers_for_hidden_cells(app, demo_verhalen, monkeypatch):
    """The real demo in partner mode: the heatmap's tooltip and the count table carry no number for a hidden
    cell (Vega-Lite dict of the chart as sent to the browser)."""
    import json
    monkeypatch.setenv("TV_VERHALEN", str(demo_verhalen))
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/patronen.py", gemeente="GM0546", vraag="richting")
    specs = [json.loads(c.proto.spec) for c in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart")]
    heat = _features(specs)
    assert heat, "the heatmap is drawn"
    hidden = [f["properties"] for f in heat if f["properties"]["tekst"] == "verborgen"]
    assert hidden and all(p["aantal"] is None for p in hidden)
    assert all(p["aantal"] is None or p["aantal"] == 0 or p["aantal"] >= K for p in (f["properties"] for f in heat))
    tooltip = [layer["encoding"]["tooltip"] for spec in specs for layer in spec.get("layer", [])
               if "tooltip" in layer.get("encoding", {})]
    assert tooltip and all(t[0]["field"] == "properties.tekst" for t in tooltip)
    at.toggle(key="patronen.tabel").set_value(True).run()
    tabel = at.dataframe[0].value
    shown = tabel["Aantal"].dropna()
    assert tabel["Aantal"].isna().any() and not ((shown > 0) & (shown < K)).any()
    # a zone whose count the pattern hides lists no stories (their number would give the count back)
    verborgen = tabel.loc[tabel["Aantal"].isna(), "Zone"].tolist()
    for zone in verborgen:
        at.selectbox(key="patronen.zone").set_value(zone).run()
        assert not [c for c in at.caption if c.value.endswith(" verhalen")], zone
        assert not [b for b in at.button if b.label == "Lees"]


def _features(specs: list[dict]) -> list[dict]:
    """The heatmap cells (GeoJSON features with properties) in Vega-Lite specs: inline or in `datasets`."""
    found = []
    for spec in specs:
        sources = list(spec.get("datasets", {}).values())
        sources += [layer["data"].get("values", []) for layer in spec.get("layer", [])
                    if isinstance(layer.get("data"), dict)]
        found += [f for rows in sources for f in rows
                  if isinstance(f, dict) and f.get("type") == "Feature" and f.get("properties")]
    return found


def test_chart_builders_take_hidden_cells(demo):
    p = patterns.patterns_for(demo, "richting", VerhaalFilter(gemeente="GM0546"), PARTNER, K, punten=False)
    spec = charts.ternary_heatmap(p["dichtheid"].data, ("a", "b", "c")).to_dict()
    values = [f["properties"] for f in _features([spec])]
    assert any(v["aantal"] is None and v["tekst"] == "verborgen" for v in values)
    assert all(v["aantal"] is None or v["aantal"] == 0 or v["aantal"] >= K for v in values)
    bars = charts.count_bars(p["zones"].data, "zone", "Verhalen per zone").to_dict()
    rows = next(iter(bars["datasets"].values()))
    assert all(r["count"] is None or r["count"] == 0 or r["count"] >= K for r in rows)


def test_partner_verhalen_hides_a_small_list(app, demo_verhalen, monkeypatch):
    monkeypatch.setenv("TV_VERHALEN", str(demo_verhalen))
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    at.multiselect(key="verhalen.vf.wijken").set_value(["WK054700"]).run()
    at.multiselect(key="verhalen.vf.leeftijd").set_value(["81 jaar of ouder"]).run()
    assert not at.exception
    assert any("Deze groep" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Lees"] and not any("gevonden" in s.value for s in at.subheader)


def test_documents_and_meetings_of_a_small_group_carry_no_pattern(demo):
    info = patterns.signifier_info(demo, "ervaring")
    klein = tuple(demo.execute("SELECT id FROM verhalen WHERE toestemming = 'openbaar' LIMIT 3").fetchall())
    patroon = content.session_pattern(demo, info, tuple(r[0] for r in klein), PARTNER, K)
    assert patroon.too_small and patroon.data.empty and "3" not in patroon.melding
    with pytest.raises(patterns.PatroonFout):
        figuren.pattern_chart(patroon, info)
    wijk = demo.execute("SELECT wijk FROM verhalen WHERE toestemming = 'openbaar' GROUP BY 1 ORDER BY count(*) "
                        "LIMIT 1").fetchone()[0]
    gemeente = demo.execute("SELECT any_value(gemeentecode) FROM verhalen WHERE wijk = ?", [wijk]).fetchone()[0]
    dias = netwerklunch.dias(demo, gemeente, wijk, 100, "1 januari 2026")   # k above every wijk
    assert all(d.patroon.too_small for d in dias if d.soort == "patroon")
    assert not [d for d in dias if d.soort == "verhaal"]
    paneel = content.wf.verhalen_paneel(demo, wijk, PARTNER, 100)
    assert paneel.aantal is None and paneel.fragmenten.empty and paneel.aandeel_positief is None
    assert "minder dan 100" in paneel.aantal_tekst


def test_patronen_lists_no_stories_of_a_hidden_cell(app, demo_verhalen, monkeypatch):
    """Staff, demo Leiderdorp, richting: 'hoek: mijn omgeving' (5 stories) loses its number to keep the smaller
    hidden zones at k or more together; its 5 cards would give that number back, so none are listed."""
    monkeypatch.setenv("TV_VERHALEN", str(demo_verhalen))
    at = goto(app, "pages/patronen.py", gemeente="GM0547", vraag="richting")
    at.toggle(key="patronen.tabel").set_value(True).run()
    tabel = at.dataframe[0].value.set_index("Zone")
    assert pd.isna(tabel.loc["hoek: mijn omgeving", "Aantal"])
    at.selectbox(key="patronen.zone").set_value("hoek: mijn omgeving").run()
    assert not [c for c in at.caption if c.value.endswith(" verhalen")]
    assert not [b for b in at.button if b.label == "Lees"] and any("geen getal" in i.value for i in at.info)


def test_partner_default_view_counts_every_bin_of_k_or_more(app, demo, demo_verhalen, monkeypatch):
    """The year slider at its full range is no year filter: the partner's first view of a slider on the demo
    (Leiden, 118 public answers) gives every bin of k or more its number, as the core check of the same
    group without filters does; only bins of 1 to k-1 lose theirs."""
    import json
    monkeypatch.setenv("TV_VERHALEN", str(demo_verhalen))
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/patronen.py", gemeente="GM0546", vraag="ervaring")
    chart = next(c for c in at.get("arrow_vega_lite_chart") + at.get("vega_lite_chart")
                 if json.loads(c.proto.spec).get("encoding", {}).get("x", {}).get("field") == "label")
    bins = pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().to_pandas()
    f = VerhaalFilter(gemeente="GM0546")
    core = patterns.patterns_from_counts(patterns.answer_counts(demo, "ervaring", f, Zichtbaarheid.PARTNER), K,
                                         controle=patterns.group_checks(demo, "ervaring", f, Zichtbaarheid.PARTNER,
                                                                        K))["histogram"].data
    assert bins["count"].fillna(-1).tolist() == core["count"].fillna(-1).tolist()
    assert (bins["count"] >= K).sum() >= 5

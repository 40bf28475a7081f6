"""AppTest of the 'vertellen' pages: filters and search, patterns with the k rule, story sets shown
beside their indicator, consent in both deployment modes."""
from core.present.views import letterlijk
from core.vertellen import patterns, stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import VerhaalFilter
from tests.conftest import goto

NEE_TITLES = {"V0016", "V0026", "V0034", "V0103"}


def shown_texts(at):
    return [t.value for t in at.text]


def titles_of(conn, ids):
    return {r[0] for r in conn.execute("SELECT titel FROM verhalen WHERE id IN (SELECT unnest(?))",
                                       [list(ids)]).fetchall()}


def test_verhalen_lists_only_readable_stories(app, conn):
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    texts = shown_texts(at)
    assert at.subheader[0].value == "9 verhalen gevonden"  # 12 Leiderdorp fixture stories minus 3 'nee'
    assert not titles_of(conn, NEE_TITLES) & set(texts)
    assert any("fictief voorbeeld" in c.value for c in at.caption)


def test_verhalen_search_and_filter(app):
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    at.text_input(key="verhalen.vf.tekst").set_value("Syrië").run()
    assert at.subheader[0].value == "1 verhaal gevonden"
    at.text_input(key="verhalen.vf.tekst").set_value("").run()
    at.multiselect(key="verhalen.vf.wijken").set_value(["WK054701"]).run()
    assert at.subheader[0].value == "3 verhalen gevonden"


def test_partner_mode_hides_intern_stories_and_beheer(app, conn, monkeypatch):
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    intern = titles_of(conn, {"V0005", "V0014", "V0020"})
    assert at.subheader[0].value == "6 verhalen gevonden"  # only the 6 'openbaar' Leiderdorp stories
    assert not intern & set(shown_texts(at))
    assert not [f for f in at.get("form")]  # no 'bewaar als verhaalset' for partners


def test_patronen_shows_count_and_notice_below_k(app, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "50")
    at = goto(app, "pages/patronen.py", gemeente="GM0547", vraag="ervaring")
    notices = [i.value for i in at.info]
    assert any("minder dan 50" in n and "niemand herkenbaar" in n for n in notices)
    assert not at.get("arrow_vega_lite_chart") and not at.get("vega_lite_chart")


def test_patronen_draws_patterns_above_k(app, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")  # the fixture's zones hold 1 or 2 answers: k=2 hides them (test_kleine_groepen)
    at = goto(app, "pages/patronen.py", gemeente="GM0547", vraag="richting")
    assert at.subheader[0].value == letterlijk("Waar richtte de ondersteuner zich op?")  # shown as typed
    assert any(c.value.startswith("Huidige selectie: ") for c in at.caption)
    at.toggle(key="patronen.tabel").set_value(True).run()
    zones = at.dataframe[0].value
    assert list(zones["Zone"])[-1] == "midden" and zones["Aantal"].sum() >= 2


def test_story_set_saved_and_shown_beside_its_indicator(app):
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    at.multiselect(key="verhalen.vf.wijken").set_value(["WK054700"]).run()
    at.text_input(key="set.naam").set_value("Buurthuis in Wijk 00")
    at.text_input(key="set.vraag").set_value("Waarom komen mensen terug?")
    at.selectbox(key="set.indicator").set_value("ggd_eenzaam")
    at.button(key="set.opslaan").click().run()
    assert not at.exception
    assert any("is opgeslagen" in s.value for s in at.success)
    at.switch_page("pages/tellen_vertellen.py").run()
    assert "Buurthuis in Wijk 00" in shown_texts(at) and "Waarom komen mensen terug?" in shown_texts(at)
    at.switch_page("pages/indicatoren.py").run()
    assert any("Buurthuis in Wijk 00" in t for t in shown_texts(at))
    at.switch_page("pages/wijkfoto.py").run()  # the eenzaam tile draws its trend too
    assert "Buurthuis in Wijk 00" in shown_texts(at)


def test_tellen_vertellen_links_stories_through_the_goal_tree(app):
    at = goto(app, "pages/tellen_vertellen.py", gemeente="GM0547", wijk="WK054700", indicator="ggd_eenzaam")
    assert at.subheader[0].value == "Eenzaam in Wijk 00"
    assert any(c.value.startswith("Thema: Samen leven in buurten en wijken") for c in at.caption)


def test_verhalen_pages_through_the_list_with_the_total(app, conn, monkeypatch):
    monkeypatch.setattr(stories, "PER_PAGINA", 4)
    at = goto(app, "pages/verhalen.py", gemeente="GM0547")
    assert at.subheader[0].value == "9 verhalen gevonden"
    first = [t for t in shown_texts(at) if t in titles_of(conn, _ids(conn))]
    at.number_input(key="verhalen.pagina").set_value(2).run()
    assert at.subheader[0].value == "9 verhalen gevonden"      # the total, not the page
    second = [t for t in shown_texts(at) if t in titles_of(conn, _ids(conn))]
    assert (len(first), len(second)) == (4, 4) and not set(first) & set(second)
    at.number_input(key="verhalen.pagina").set_value(3).run()
    assert len([t for t in shown_texts(at) if t in titles_of(conn, _ids(conn))]) == 1
    at.multiselect(key="verhalen.vf.wijken").set_value(["WK054701"]).run()   # another filter: page 1 again
    assert at.subheader[0].value == "3 verhalen gevonden" and not at.get("number_input")


def _ids(conn):
    return {r[0] for r in conn.execute("SELECT id FROM verhalen").fetchall()}


def test_patronen_compares_years_and_support_from_counts(app, conn, monkeypatch):
    monkeypatch.setenv("TV_MIN_GROEP", "1")
    at = goto(app, "pages/patronen.py", gemeente="GM0547", vraag="ervaring")

    def n(**kwargs):
        f = VerhaalFilter(gemeente="GM0547", **kwargs)
        return patterns.patterns_for(conn, "ervaring", f, Zichtbaarheid.INTERN, 1)["histogram"].n

    def groups():
        assert not at.exception
        return [c.value for c in at.caption if c.value.endswith("verhalen met een antwoord")]

    assert groups()[0] == f"Huidige selectie: {n()} verhalen met een antwoord"
    assert groups()[1:] == [f"Wijk 00: {n(wijken=('WK054700',))} verhalen met een antwoord",
                            f"Wijk 01: {n(wijken=('WK054701',))} verhalen met een antwoord"]
    at.radio(key="patronen.vergelijk").set_value("twee jaren").run()
    at.selectbox(key="patronen.jaar_a").set_value(2019).run()
    at.selectbox(key="patronen.jaar_b").set_value(2020).run()
    assert groups()[1:] == [f"2019: {n(jaren=(2019, 2019))} verhalen met een antwoord",
                            f"2020: {n(jaren=(2020, 2020))} verhalen met een antwoord"]
    at.radio(key="patronen.vergelijk").set_value("ondersteuning ja of nee").run()
    assert groups()[1:] == [f"Ondersteuning: ja: {n(keuzes={'ondersteuning': ['ja']})} verhalen met een antwoord",
                            f"Ondersteuning: nee: {n(keuzes={'ondersteuning': ['nee']})} verhalen met een antwoord"]

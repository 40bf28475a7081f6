"""Story filters, story detail and filter options on the fixture store, in both consent modes.

Expected ids are read off tests/data/verhalen/verhalen_demo.csv (15 stories). Every expectation is
written for INTERN mode; PARTNER mode must give the same minus the `intern` stories. `nee`
stories must never appear.
"""
import pytest

from core.vertellen import stories
from core.vertellen.consent import Zichtbaarheid
from core.vertellen.stories import STORY_COLUMNS, FilterFout, VerhaalFilter

NEE = {"V0016", "V0026", "V0034", "V0103"}
INTERN = {"V0005", "V0014", "V0020", "V0107"}
ALL_READABLE = {"V0001", "V0002", "V0003", "V0004", "V0005", "V0006", "V0007", "V0014", "V0020", "V0101", "V0107"}


def expected_in(mode: Zichtbaarheid, ids: set[str]) -> set[str]:
    return ids if mode is Zichtbaarheid.INTERN else ids - INTERN


def ids_of(conn, f: VerhaalFilter, mode: Zichtbaarheid) -> set[str]:
    return set(stories.filter_stories(conn, f, mode)["id"])


CASES = [
    ("geen filter", VerhaalFilter(), ALL_READABLE),
    ("wijk", VerhaalFilter(wijken=("WK054600",)), {"V0101", "V0107"}),
    ("twee wijken", VerhaalFilter(wijken=["WK054600", "WK054700"]), {"V0101", "V0107", "V0004", "V0006", "V0014"}),
    ("gemeente", VerhaalFilter(gemeente="GM0546"), {"V0101", "V0107"}),
    ("jaren", VerhaalFilter(jaren=(2020, 2020)), {"V0014", "V0020", "V0101"}),
    ("jaren tot 2022", VerhaalFilter(jaren=(2021, 2023)), {"V0107"}),  # 2021 V0034 and 2023 V0103 are nee
    ("leeftijd", VerhaalFilter(leeftijdsgroepen=("81 jaar of ouder",)), {"V0001", "V0003", "V0007"}),
    ("rol", VerhaalFilter(rollen=("mantelzorger",)), {"V0004", "V0107"}),
    ("project", VerhaalFilter(projecten=("Verhalen Sterke Sociale Basis Leiden",)), {"V0101", "V0107"}),
    ("onderwerp", VerhaalFilter(onderwerpen=("buurthuis", "mantelzorg")), {"V0001", "V0003", "V0107"}),
    ("slider", VerhaalFilter(sliders={"ervaring": (80, 100)}), {"V0002", "V0004", "V0006"}),
    ("slider grens", VerhaalFilter(sliders={"ervaring": (79, 79)}), {"V0001"}),
    ("slider leeg", VerhaalFilter(sliders={"stimulerend": (0, 100)}), ALL_READABLE - {"V0006"}),  # V0006: n.v.t.
    ("keuze", VerhaalFilter(keuzes={"ondersteuning": {"ja"}}), {"V0001", "V0004", "V0006", "V0020"}),
    ("keuze twee", VerhaalFilter(keuzes={"opgave": {"Een gezond dorp", "Opgroeien en ontwikkelen"}}),
     {"V0002", "V0007", "V0107"}),
    ("zone hoek", VerhaalFilter(zones={"richting": "hoek: mijzelf"}), {"V0001", "V0006", "V0020"}),
    ("zone gezin", VerhaalFilter(zones={"richting": "hoek: mijn gezin"}), {"V0004"}),
    ("zone leeg", VerhaalFilter(zones={"richting": "midden"}), set()),
    ("tekst", VerhaalFilter(tekst="buurthuis"), {"V0001", "V0003"}),
    ("samen", VerhaalFilter(onderwerpen=("buurthuis",), sliders={"ervaring": (50, 100)}), {"V0001"}),
    ("samen 2", VerhaalFilter(keuzes={"ondersteuning": {"ja"}}, sliders={"geholpen": (0, 70)}), {"V0020"}),
]


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
@pytest.mark.parametrize("name, f, expected", CASES, ids=[c[0] for c in CASES])
def test_each_filter_narrows_correctly(conn, mode, name, f, expected):
    assert ids_of(conn, f, mode) == expected_in(mode, expected)


@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_no_filter_returns_exactly_the_readable_stories(conn, mode):
    frame = stories.filter_stories(conn, VerhaalFilter(), mode)
    assert set(frame["id"]) == stories.readable_ids(conn, mode)
    assert not set(frame["id"]) & NEE
    assert tuple(frame.columns) == STORY_COLUMNS


def test_newest_first_and_columns_filled(conn):
    frame = stories.filter_stories(conn, VerhaalFilter(wijken=("WK054600",)), Zichtbaarheid.INTERN)
    assert list(frame["id"]) == ["V0107", "V0101"]  # 2022 before 2020
    row = frame.iloc[1]
    assert (row["wijknaam"], row["gemeentecode"], row["fictief"]) == ("Binnenstad-Zuid", "GM0546", True)


def test_duiding_is_a_short_summary_in_framework_order(conn):
    frame = stories.filter_stories(conn, VerhaalFilter(wijken=("WK054702",)), Zichtbaarheid.INTERN)
    duiding = dict(zip(frame["id"], frame["duiding"]))
    # the question texts, a slider in words between its poles (issue 13: no ids such as 'T kracht')
    assert duiding["V0001"] == ("Hoe zou u uw ervaring omschrijven? eerder positief (79) · Ging het over "
                                "ondersteuning of een activiteit? ja · Over welk thema van de Sociale Agenda ging uw "
                                "ervaring? Zelfstandig leven · Waar richtte de ondersteuner zich op? mijzelf")
    # V0005 left the triad and 'geholpen' empty: they are skipped, not shown as n.v.t.
    assert duiding["V0005"] == ("Hoe zou u uw ervaring omschrijven? eerder negatief (31) · Ging het over "
                                "ondersteuning of een activiteit? nee · Over welk thema van de Sociale Agenda ging uw "
                                "ervaring? Samen leven in buurten en wijken · De gemeente moedigt mij aan dingen te "
                                "doen: oneens (10)")


def test_empty_result_keeps_the_columns(conn):
    frame = stories.filter_stories(conn, VerhaalFilter(wijken=("WK999999",)), Zichtbaarheid.INTERN)
    assert frame.empty and tuple(frame.columns) == STORY_COLUMNS


@pytest.mark.parametrize("f, words", [
    (VerhaalFilter(sliders={"bestaat_niet": (0, 100)}), "bestaat niet"),
    (VerhaalFilter(sliders={"ervaring' OR 1=1 --": (0, 100)}), "bestaat niet"),
    (VerhaalFilter(keuzes={"onbekend": {"ja"}}), "bestaat niet"),
    (VerhaalFilter(zones={"onbekend": "midden"}), "bestaat niet"),
    (VerhaalFilter(sliders={"ondersteuning": (0, 100)}), "geen schuifvraag"),
    (VerhaalFilter(keuzes={"ervaring": {"ja"}}), "geen keuzevraag"),
    (VerhaalFilter(zones={"ervaring": "midden"}), "geen driehoek"),
    (VerhaalFilter(keuzes={"ondersteuning": {"misschien"}}), "misschien"),
    (VerhaalFilter(zones={"richting": "hoek: de buren"}), "hoek: de buren"),
], ids=["slider", "injectie", "keuze", "zone", "soort slider", "soort keuze", "soort zone", "optie", "zonenaam"])
def test_unknown_signifiers_options_and_zones_are_refused(conn, f, words):
    with pytest.raises(FilterFout, match=words):
        stories.filter_stories(conn, f, Zichtbaarheid.INTERN)


@pytest.mark.parametrize("kwargs", [
    {"sliders": {"ervaring": (80, 20)}},
    {"sliders": {"ervaring": (-5, 50)}},
    {"sliders": {"ervaring": (0, 101)}},
    {"jaren": (2023, 2019)},
])
def test_impossible_ranges_are_refused_in_dutch(kwargs):
    with pytest.raises(FilterFout) as info:
        VerhaalFilter(**kwargs)
    assert "Bij '" in str(info.value)


def test_filter_is_hashable_and_round_trips_through_json():
    f = VerhaalFilter(wijken=["WK054700"], jaren=(2019, 2020), sliders={"ervaring": (60, 100)},
                      keuzes={"opgave": ["Een gezond dorp", "Zelfstandig leven"]}, zones={"richting": "midden"},
                      tekst="  buurthuis  ")
    again = VerhaalFilter.from_json(f.to_json())
    assert again == f and hash(again) == hash(f)
    assert f.tekst == "buurthuis" and f.wijken == ("WK054700",)
    assert {f, again} == {f}
    assert VerhaalFilter(tekst="   ").leeg and not f.leeg


def test_json_from_a_newer_version_ignores_unknown_keys():
    f = VerhaalFilter.from_json('{"wijken": ["WK054700"], "nieuw_veld": 1}')
    assert f == VerhaalFilter(wijken=("WK054700",))


# --- story detail ------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", list(Zichtbaarheid))
@pytest.mark.parametrize("story_id", sorted(NEE | INTERN | {"V0001", "V0101"}))
def test_story_detail_respects_consent(conn, mode, story_id):
    detail = stories.story_detail(conn, story_id, mode)
    readable = story_id in expected_in(mode, ALL_READABLE)
    assert (detail is not None) == readable
    if readable:
        assert detail.verhaal["id"] == story_id


def test_story_detail_has_every_answer(conn):
    detail = stories.story_detail(conn, "V0002", Zichtbaarheid.INTERN)
    answers = detail.antwoorden.set_index("signifier")
    assert list(answers.index) == ["ervaring", "ondersteuning", "opgave", "richting", "geholpen",
                                   "stimulerend", "faciliterend", "sturend", "participerend"]
    assert answers.loc["ervaring", "antwoord"] == "83"
    assert answers.loc["richting", "antwoord"] == stories.NVT and answers.loc["geholpen", "antwoord"] == stories.NVT
    assert detail.verhaal["toestemming"] == "openbaar" and detail.verhaal["wijknaam"] == "Wijk 01"


def test_story_detail_names_the_triad_zone(conn):
    answers = stories.story_detail(conn, "V0004", Zichtbaarheid.INTERN).antwoorden.set_index("signifier")
    assert answers.loc["richting", "zone"] == "hoek: mijn gezin"
    assert answers.loc["richting", "triade_b"] == pytest.approx(0.65)


def test_story_detail_of_an_unknown_id_is_none(conn):
    assert stories.story_detail(conn, "V9999", Zichtbaarheid.INTERN) is None


# --- signifier answers and filter options ------------------------------------------------------

@pytest.mark.parametrize("mode", list(Zichtbaarheid))
def test_signifier_answers_go_through_consent_and_filter(conn, mode):
    richting = stories.signifier_answers(conn, "richting", VerhaalFilter(), mode)
    assert set(richting["verhaal"]) == expected_in(mode, {"V0001", "V0004", "V0006", "V0020"})
    ervaring = stories.signifier_answers(conn, "ervaring", VerhaalFilter(gemeente="GM0546"), mode)
    assert set(ervaring["verhaal"]) == expected_in(mode, {"V0101", "V0107"})
    stimulerend = stories.signifier_answers(conn, "stimulerend", VerhaalFilter(), mode)
    assert "V0006" not in set(stimulerend["verhaal"])  # left empty: not an answer


def test_signifier_answers_refuse_an_unknown_question(conn):
    with pytest.raises(FilterFout):
        stories.signifier_answers(conn, "bestaat_niet", VerhaalFilter(), Zichtbaarheid.INTERN)


def test_filter_options_come_only_from_readable_stories(conn):
    intern = stories.filter_options(conn, Zichtbaarheid.INTERN)
    partner = stories.filter_options(conn, Zichtbaarheid.PARTNER)
    assert intern.jaren == (2019, 2022)      # 2023 is only V0103 (nee)
    assert partner.jaren == (2019, 2020)
    assert "mantelzorg" in intern.onderwerpen and "mantelzorg" not in partner.onderwerpen  # V0107 is intern
    assert "veiligheid" in intern.onderwerpen and "veiligheid" not in partner.onderwerpen
    assert intern.rollen == ("inwoner", "mantelzorger", "ouder", "ondernemer")  # framework order
    assert intern.leeftijdsgroepen == ("18 tot 27 jaar", "27 tot 41 jaar", "41 tot 66 jaar",
                                       "66 tot 81 jaar", "81 jaar of ouder")
    counts = dict(zip(partner.wijken["code"], partner.wijken["verhalen"]))
    assert counts == {"WK054600": 1, "WK054700": 2, "WK054701": 2, "WK054702": 2}
    assert dict(zip(intern.gemeenten["code"], intern.gemeenten["naam"])) == {"GM0546": "Leiden",
                                                                            "GM0547": "Leiderdorp"}


def test_filter_options_list_the_questions_with_their_zones(conn):
    signifiers = stories.filter_options(conn, Zichtbaarheid.INTERN).signifiers.set_index("id")
    assert signifiers.loc["richting", "zones"][0] == "hoek: mijzelf"
    assert len(signifiers.loc["richting", "zones"]) == 7
    assert signifiers.loc["ervaring", "labels"] == ["negatief", "positief"]

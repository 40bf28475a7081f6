"""Aandachtslijst (issue 15, point 1 and 8): figures where a wijk is worse than its gemeente and got worse since
its previous measurement, ranked, with the stories that belong to them (core.tellen.aandacht, pages/aandacht.py)."""
from tests.conftest import goto


def test_page_opens(app):
    at = goto(app, "pages/aandacht.py", gemeente="GM0547")
    texts = [m.value for m in at.markdown] + [t.value for t in at.text]
    print(texts)
    assert at.title[0].value == "Aandachtslijst"

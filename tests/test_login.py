"""Login for the staff app (issue 12, point 6): the password hash, the slow-down, the gate in front of every
page, and the refusal to serve the staff app beyond localhost without a login."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import toegang
from core.toegang import Remmer, ToegangFout
from pages.parts import login
from tests.browser import _free_port, browser_page, server, wait_for_app
from tests.conftest import goto

ROOT = Path(__file__).resolve().parent.parent
WACHTWOORD = "Bibliotheek-Leiderdorp-2026"
# made once with maak_hash (scrypt is slow on purpose: not again for every test)
HASH = toegang.maak_hash(WACHTWOORD)
OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "geheim-voor-de-test-1234567",
        "client_id": "tellen", "client_secret": "geheim",
        "server_metadata_url": "https://login.example.invalid/.well-known/openid-configuration"}


class Klok:
    """A clock the test moves by hand: the slow-down is tested without sleeping."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


# --- the password hash ----------------------------------------------------------------------------


def test_hash_round_trip_and_wrong_password():
    assert HASH.startswith("scrypt:16384:8:1:")
    assert toegang.klopt(WACHTWOORD, HASH)
    assert not toegang.klopt(WACHTWOORD + "x", HASH)
    assert not toegang.klopt("", HASH)


def test_hash_is_salted():
    assert toegang.maak_hash(WACHTWOORD) != HASH
    assert toegang.maak_hash(WACHTWOORD, salt=b"0" * 16) == toegang.maak_hash(WACHTWOORD, salt=b"0" * 16)


@pytest.mark.parametrize("regel", [
    "geheim", "scrypt:16384:8:1:abc", "bcrypt:16384:8:1:YWJj:YWJj", "scrypt:1000:8:1:YWJj:YWJj",
    "scrypt:16384:8:1:YWJj:!!!", "scrypt:x:8:1:YWJj:YWJj", "scrypt:4194304:8:1:YWJj:YWJj", "scrypt:16384:8:1::YWJj"])
def test_malformed_hash_gives_a_dutch_error(regel):
    with pytest.raises(ToegangFout, match="TV_WACHTWOORD_HASH is geen geldige wachtwoord-hash.*python -m core wachtwoord"):
        toegang.klopt(WACHTWOORD, regel)


def test_empty_password_is_refused():
    with pytest.raises(ToegangFout, match="leeg wachtwoord"):
        toegang.maak_hash("")


def test_wachtwoord_command_prints_the_setting(monkeypatch, capsys):
    from core.__main__ import main
    antwoorden = iter([WACHTWOORD, WACHTWOORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(antwoorden))
    assert main(["wachtwoord"]) == 0
    regel = capsys.readouterr().out.strip().splitlines()[-1]
    naam, waarde = regel.split("=", 1)
    assert naam == "TV_WACHTWOORD_HASH" and toegang.klopt(WACHTWOORD, waarde)


def test_wachtwoord_command_twice_different(monkeypatch, capsys):
    from core.__main__ import main
    antwoorden = iter([WACHTWOORD, WACHTWOORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(antwoorden))
    assert main(["wachtwoord"]) == 1
    uit = capsys.readouterr()
    assert "niet hetzelfde" in uit.err and "scrypt" not in uit.out


# --- the slow-down --------------------------------------------------------------------------------


def test_wait_doubles_and_is_capped():
    assert [toegang.wachttijd(n) for n in range(8)] == [0, 1, 2, 4, 8, 16, 30, 30]
    assert toegang.wachttijd(10_000) == toegang.MAX_WACHTTIJD


def test_slow_down_grows_and_ends():
    klok = Klok()
    remmer = Remmer(klok)
    sessie = [("sessie", "a"), ("client", "10.0.0.7")]
    assert remmer.wacht_nog(sessie) == 0
    assert remmer.fout(sessie) == 1
    assert remmer.wacht_nog(sessie) == 1
    klok.t += 1
    assert remmer.wacht_nog(sessie) == 0
    assert remmer.fout(sessie) == 2
    klok.t += 1.5
    assert remmer.wacht_nog(sessie) == 0.5
    klok.t += 0.5
    assert remmer.fout(sessie) == 4


def test_slow_down_is_shared_by_a_new_session_of_the_same_client():
    klok = Klok()
    remmer = Remmer(klok)
    for _ in range(3):
        remmer.fout([("sessie", "tab-1"), ("client", "10.0.0.7")])
        klok.t += 0.1
    nieuw_tabblad = [("sessie", "tab-2"), ("client", "10.0.0.7")]
    assert remmer.wacht_nog(nieuw_tabblad) == pytest.approx(3.9)
    assert remmer.wacht_nog([("sessie", "tab-3"), ("client", "10.0.0.8")]) == 0  # another client
    assert remmer.fout(nieuw_tabblad) == 8      # the fourth wrong one of this client


def test_right_password_resets_and_old_counts_are_forgotten():
    klok = Klok()
    remmer = Remmer(klok)
    sleutels = [("sessie", "a"), ("client", "c")]
    remmer.fout(sleutels)
    remmer.goed(sleutels)
    assert remmer.wacht_nog(sleutels) == 0 and remmer.fout(sleutels) == 1
    klok.t += toegang.VERGEET_NA + 1
    remmer.fout([("sessie", "ander")])      # a write tidies the table
    assert remmer.fout(sleutels) == 1


# --- may the server start -------------------------------------------------------------------------


@pytest.mark.parametrize("adres", ["localhost", "127.0.0.1", "::1", "[::1]", "127.0.1.1", "LOCALHOST"])
def test_local_addresses(adres):
    assert toegang.is_lokaal(adres)
    assert toegang.startcontrole(adres, False, "", None) is None


@pytest.mark.parametrize("adres", [None, "", "0.0.0.0", "::", "192.168.1.20", "dashboard.gemeente.nl"])
def test_not_local_without_login_is_refused(adres):
    assert not toegang.is_lokaal(adres)
    bericht = toegang.startcontrole(adres, False, "", None)
    assert bericht.startswith("De app start niet") and "python -m core wachtwoord" in bericht
    assert "TV_PARTNERMODUS=1" in bericht and "[auth]" in bericht and "localhost" in bericht


def test_not_local_with_a_login_or_as_partner_starts():
    assert toegang.startcontrole("0.0.0.0", False, HASH, None) is None
    assert toegang.startcontrole("0.0.0.0", False, "", OIDC) is None
    assert toegang.startcontrole("0.0.0.0", False, "", {"redirect_uri": "x", "cookie_secret": "y",
                                                         "microsoft": {k: "z" for k in toegang.OIDC_PROVIDER}}) is None
    assert toegang.startcontrole("0.0.0.0", True, "", None) is None


def test_a_wrong_login_setting_stops_the_start_everywhere():
    assert "geen geldige wachtwoord-hash" in toegang.startcontrole("localhost", False, "scrypt:kapot", None)
    bericht = toegang.startcontrole("localhost", False, HASH, {k: v for k, v in OIDC.items() if k != "client_id"})
    assert "ontbreekt client_id" in bericht


@pytest.mark.parametrize("hoe", ["optie", "omgeving"])
def test_serve_refuses_without_starting_a_server(hoe):
    """The real command: exit code 1 and the Dutch message, before anything listens (were the check gone,
    the server would start and the run end at the timeout)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TV_WACHTWOORD", "TV_PARTNER", "STREAMLIT_"))}
    opties = ["--server.port", str(_free_port())]
    if hoe == "optie":
        opties += ["--server.address", "0.0.0.0"]
    else:
        env["STREAMLIT_SERVER_ADDRESS"] = "0.0.0.0"
    proc = subprocess.run([sys.executable, "-m", "core", "serve", *opties], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=90)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "De app start niet" in proc.stderr and "python -m core wachtwoord" in proc.stderr
    assert "You can now view" not in proc.stdout + proc.stderr


def _secrets(tmp_path, auth: dict) -> Path:
    pad = tmp_path / "secrets.toml"
    pad.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in auth.items()), encoding="utf-8")
    return pad


def test_serve_reads_the_auth_secrets(tmp_path):
    """serve finds secrets.toml where Streamlit does (here: STREAMLIT_SECRETS_FILES); half an [auth] stops it."""
    half = _secrets(tmp_path, {k: v for k, v in OIDC.items() if k != "client_secret"})
    env = dict(os.environ, STREAMLIT_SECRETS_FILES=str(half))
    env.pop("TV_WACHTWOORD_HASH", None)
    proc = subprocess.run([sys.executable, "-m", "core", "serve", "--server.address", "127.0.0.1",
                           "--server.port", str(_free_port())], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=90)
    assert proc.returncode == 1 and "ontbreekt client_secret" in proc.stderr, proc.stderr[-2000:]


def test_serve_default_config_is_localhost():
    """Command (a) works without a login on a fresh machine: Streamlit's config says localhost."""
    import tomllib
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert toegang.is_lokaal(config["server"]["address"])
    assert "--server.address localhost" in (ROOT / "scripts" / "app.sh").read_text(encoding="utf-8")


# --- the gate in front of every page (AppTest) ----------------------------------------------------

PAGINAS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")


@pytest.fixture()
def klok(monkeypatch):
    """The server-wide slow-down starts empty and runs on a clock the test moves."""
    tijd = Klok()
    monkeypatch.setattr(toegang, "nu", tijd)
    login.remmer.clear()
    yield tijd
    login.remmer.clear()


@pytest.fixture()
def met_wachtwoord(app, monkeypatch, klok):
    monkeypatch.setenv("TV_WACHTWOORD_HASH", HASH)
    monkeypatch.delenv("TV_PARTNERMODUS", raising=False)
    return app


def alleen_login(at) -> bool:
    """Only the login form: its title, one password field, one button; no sidebar, no page."""
    return ([t.value for t in at.title] == ["Inloggen"] and [i.label for i in at.text_input] == ["Wachtwoord"]
            and [b.label for b in at.button] == ["Inloggen"] and not at.sidebar.children
            and not (at.subheader or at.selectbox or at.metric or at.dataframe or at.caption))


def inloggen(at, wachtwoord):
    at.text_input[0].input(wachtwoord)
    return at.button[0].click().run()


def fouten(at) -> str:
    return " ".join(e.value for e in at.error)


def test_app_shows_only_the_login(met_wachtwoord):
    at = met_wachtwoord.run()
    assert not at.exception, at.exception
    assert alleen_login(at)


@pytest.mark.parametrize("pagina", PAGINAS)
def test_every_page_run_directly_shows_only_the_login(met_wachtwoord, pagina):
    """A page run without app.py (a shared link as the first request, every AppTest page switch)."""
    at = goto(met_wachtwoord, pagina, gemeente="GM0547", wijk="WK054701")
    assert alleen_login(at), pagina


def test_a_page_that_skips_the_frame_shows_nothing(met_wachtwoord, monkeypatch):
    """Another session may switch Streamlit out of its old multipage mode while this page starts in it:
    then the page does not draw the frame. open_page checks the login once more."""
    from core import cached
    from pages.parts import frame
    # the frame as drawn before the login existed: the sidebar (a page needs its gemeente), no gate
    monkeypatch.setattr(frame, "ensure_frame", lambda: frame.sidebar(cached.current_build()))
    at = goto(met_wachtwoord, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701", jaar="2020")
    assert not at.error and not at.main.children


def test_right_password_opens_the_page_and_logout_closes_it(met_wachtwoord):
    at = goto(met_wachtwoord, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701", jaar="2020")
    at = inloggen(at, WACHTWOORD)
    assert not at.exception and not at.error, at.exception or fouten(at)
    assert at.title[0].value == "Wijkfoto Wijk 01"
    assert "Uitloggen" in [b.label for b in at.sidebar.button]
    at = at.switch_page("pages/overzicht.py").run()       # the login holds for the session
    assert at.title[0].value == "Overzicht"
    at = at.sidebar.button(key="uitloggen").click().run()
    assert alleen_login(at)


def test_wrong_password_waits_and_a_new_session_waits_too(met_wachtwoord, klok, monkeypatch):
    # AppTest gives every test the same session id and every run another fake client address: set both
    tabblad = {"sessie": "tab-1"}
    monkeypatch.setattr(login, "_sessie", lambda: tabblad["sessie"])
    monkeypatch.setattr(login, "_client", lambda: "10.0.0.7")
    at = goto(met_wachtwoord, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701")
    at = inloggen(at, "raden")
    assert "Dit wachtwoord klopt niet" in fouten(at) and "over 1 seconde opnieuw" in fouten(at)
    assert alleen_login(at)
    at = inloggen(at, WACHTWOORD)                  # refused, not even checked, while waiting
    assert "Wacht nog 1 seconde." in fouten(at) and alleen_login(at)
    klok.t += 1
    at = inloggen(at, "nog eens raden")
    assert "over 2 seconden" in fouten(at)

    tabblad["sessie"] = "tab-2"
    tweede = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()   # a new tab
    tweede = inloggen(tweede, WACHTWOORD)
    assert "Wacht nog 2 seconden" in fouten(tweede) and alleen_login(tweede)
    tabblad["sessie"] = "tab-1"

    klok.t += 2
    at = inloggen(at, WACHTWOORD)
    assert not at.error and at.title[0].value.startswith("Wijkfoto")


def test_a_malformed_hash_shows_a_dutch_error_and_no_page(app, monkeypatch, klok):
    monkeypatch.setenv("TV_WACHTWOORD_HASH", "scrypt:kapot")
    at = goto(app, "pages/overzicht.py")
    assert "geen geldige wachtwoord-hash" in fouten(at)
    assert not at.title and not at.text_input and not at.sidebar.children


def test_partner_deployment_has_no_login(app, monkeypatch, klok):
    monkeypatch.setenv("TV_WACHTWOORD_HASH", HASH)
    monkeypatch.setenv("TV_PARTNERMODUS", "1")
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701", jaar="2020")
    assert at.title[0].value == "Wijkfoto Wijk 01" and not at.text_input
    assert "Partnerweergave: alleen openbare verhalen." in [c.value for c in at.sidebar.caption]


def test_oidc_shows_one_button_and_nothing_else(app, monkeypatch, klok):
    monkeypatch.setenv("TV_WACHTWOORD_HASH", HASH)     # OIDC comes first
    app.secrets["auth"] = OIDC
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701")
    assert [t.value for t in at.title] == ["Inloggen"] and [b.label for b in at.button] == ["Inloggen"]
    assert not at.text_input and not at.sidebar.children and not at.subheader and not at.selectbox


def test_oidc_logged_in_user_sees_the_page(app, klok):
    app.secrets["auth"] = OIDC
    app.user = {"is_logged_in": True, "email": "medewerker@gemeente.nl"}
    at = goto(app, "pages/wijkfoto.py", gemeente="GM0547", wijk="WK054701", jaar="2020")
    assert at.title[0].value == "Wijkfoto Wijk 01"
    assert "Uitloggen" in [b.label for b in at.sidebar.button]


def test_incomplete_oidc_is_an_error_not_an_open_door(app, klok):
    app.secrets["auth"] = {k: v for k, v in OIDC.items() if k != "client_secret"}
    at = goto(app, "pages/overzicht.py")
    assert "ontbreekt client_secret" in fouten(at)
    assert not at.title and not at.sidebar.children


def test_nothing_configured_means_no_login(app, monkeypatch):
    monkeypatch.delenv("TV_WACHTWOORD_HASH", raising=False)
    at = goto(app, "pages/overzicht.py")
    assert at.title[0].value == "Overzicht" and not at.text_input


# --- a real browser -------------------------------------------------------------------------------


def _inloggen_in_browser(page, url, titel, artifacts=None):
    page.goto(url)
    wait_for_app(page, ["Wachtwoord"])
    tekst = page.inner_text("body")
    assert "Inloggen" in tekst and titel not in tekst and "Gemeente" not in tekst
    if artifacts is not None:
        page.screenshot(path=str(artifacts / "login.png"))
    page.get_by_label("Wachtwoord", exact=True).fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    wait_for_app(page, [titel])
    assert titel in page.inner_text("body")           # the first click counts
    assert page.get_by_role("button", name="Uitloggen").count() == 1


def test_browser_login_form_then_the_page(fixture_store, fixture_verhalen, artifacts):
    """The app's address (app.py runs first) and a shared link to a page (the pages/ file runs first)."""
    with server(fixture_store, fixture_verhalen, start_timeout_s=60, TV_WACHTWOORD_HASH=HASH) as (url, _pid, _ms):
        with browser_page() as page:
            _inloggen_in_browser(page, url, "Overzicht", artifacts)
        with browser_page() as page:
            _inloggen_in_browser(page, f"{url}/wijkfoto?gemeente=GM0547&wijk=WK054701&jaar=2020", "Wijkfoto Wijk 01")


def test_browser_oidc_shows_only_the_button(fixture_store, fixture_verhalen, tmp_path):
    """With [auth] in the secrets the real server shows one button that leads to the gemeente's login."""
    secrets = _secrets(tmp_path, OIDC)
    with server(fixture_store, fixture_verhalen, start_timeout_s=60, STREAMLIT_SECRETS_FILES=str(secrets),
                TV_WACHTWOORD_HASH=HASH) as (url, _pid, _ms):
        with browser_page() as page:
            page.goto(f"{url}/wijkfoto?gemeente=GM0547&wijk=WK054701&jaar=2020")
            wait_for_app(page, ["account van de gemeente"])
            tekst = page.inner_text("body")
            assert "account van de gemeente" in tekst and "Wijkfoto" not in tekst and "Gemeente" not in tekst
            assert page.get_by_role("button", name="Inloggen").count() == 1
            assert page.get_by_label("Wachtwoord").count() == 0

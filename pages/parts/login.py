"""The login in front of every page of the staff app (README, "Inloggen"); the rules are in core.toegang.

`poort()` runs in frame.frame(), which both ways of running a page pass (app.py, and a pages/ file run
directly): it stops the run unless the visitor may see the page. A partner deployment has no login.
"""
from __future__ import annotations

import math

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from core import cached, formatting, toegang

INGELOGD = "_tv_ingelogd"     # session state: this browser session gave the right password


@st.cache_resource(max_entries=1, show_spinner=False)   # one object for the server, never evicted: no arguments
def remmer() -> toegang.Remmer:
    """One slow-down for the whole server (thread-safe): a new session of the same client waits as long."""
    return toegang.Remmer()


def poort() -> None:
    """Return when the visitor may see the page; otherwise show the login and stop the run.

    The login's widgets get the same ids however the page runs: the first run of a session runs app.py,
    the next ones may run the pages/ file directly (frame.ensure_frame), and a widget's id includes the
    script that draws it. Without this, a click on "Inloggen" in a session's first run can be lost (AppTest
    shows it: tests/test_login.py, the second tab).
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return _poort()
    with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):
        _poort()


def _poort() -> None:
    if cached.mode().value == "partner":
        return
    try:
        if toegang.oidc_ingesteld(_auth()):
            _oidc()
        elif cached.settings().wachtwoord_hash:
            _wachtwoord(cached.settings().wachtwoord_hash)
    except toegang.ToegangFout as e:
        st.error(str(e))
        st.stop()


def bewaak() -> None:
    """Stop the run, drawing nothing, unless the visitor may see the page: the second lock, in open_page.

    A page run directly draws the frame (and so the login) only while Streamlit is in its old multipage
    mode, a flag shared by every session that the first st.navigation call switches off. A page that
    started in that mode while another session switched it off would skip the frame: this stops it.
    """
    if not toegestaan():
        st.stop()


def toegestaan() -> bool:
    """Whether this session may see pages now (without drawing anything)."""
    if cached.mode().value == "partner":
        return True
    try:
        if toegang.oidc_ingesteld(_auth()):
            return bool(st.user.get("is_logged_in", False))
        if cached.settings().wachtwoord_hash:
            toegang.lees_hash(cached.settings().wachtwoord_hash)
            return bool(st.session_state.get(INGELOGD))
    except toegang.ToegangFout:
        return False
    return True


def _auth():
    """The [auth] section of secrets.toml (None without one). st.secrets: AppTest gives its own."""
    return st.secrets.get("auth") if st.secrets.load_if_toml_exists() else None


def _oidc() -> None:
    if st.user.get("is_logged_in", False):
        st.sidebar.button("Uitloggen", on_click=st.logout, key="uitloggen")
        return
    st.title("Inloggen")
    st.write("Tellen & Vertellen is voor medewerkers van de gemeente. Log in met uw account van de gemeente.")
    st.button("Inloggen", on_click=st.login, type="primary")
    st.stop()


def _sleutels() -> list:
    """The keys the slow-down counts on: this browser session and the client's address (one key for every
    visitor that reaches the server from this machine, e.g. through a proxy)."""
    return [("sessie", _sessie()), ("client", _client())]


def _sessie() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "?"


def _client() -> str:
    return st.context.ip_address or "lokaal"    # None: a visitor on this machine


def _seconden(wacht: float) -> str:
    """The wait in whole seconds, at least 1: '1 seconde', '2 seconden'."""
    return formatting.aantal(max(1, math.ceil(wacht)), "seconde", "seconden")


def _wachtwoord(regel: str) -> None:
    toegang.lees_hash(regel)      # a malformed setting is an error for everyone, also after login
    if st.session_state.get(INGELOGD):
        st.sidebar.button("Uitloggen", on_click=_uitloggen, key="uitloggen")
        return
    st.title("Inloggen")
    st.write("Tellen & Vertellen is voor medewerkers van de gemeente. Vul het wachtwoord in.")
    with st.form("inloggen", clear_on_submit=True, enter_to_submit=True):
        wachtwoord = st.text_input("Wachtwoord", type="password", key="login.wachtwoord")
        verstuurd = st.form_submit_button("Inloggen", type="primary", key="login.inloggen")
    if verstuurd:
        _probeer(wachtwoord, regel)
    st.stop()


def _probeer(wachtwoord: str, regel: str) -> None:
    """Check one attempt, unless this session or client still has to wait."""
    sleutels = _sleutels()
    wacht = remmer().wacht_nog(sleutels)
    if wacht > 0:
        st.error(f"Wacht nog {_seconden(wacht)}. Probeer het daarna opnieuw.")
    elif toegang.klopt(wachtwoord, regel):
        remmer().goed(sleutels)
        st.session_state[INGELOGD] = True
        st.rerun()
    else:
        wacht = remmer().fout(sleutels)
        st.error(f"Dit wachtwoord klopt niet. U kunt het over {_seconden(wacht)} opnieuw proberen.")


def _uitloggen() -> None:
    st.session_state.pop(INGELOGD, None)

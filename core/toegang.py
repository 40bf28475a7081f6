"""Who may open the staff app: the password hash, the slow-down after wrong passwords, and the rule
that refuses to serve the staff app beyond this machine without a login.

Three cases (README, "Inloggen"): the gemeente's OIDC provider through Streamlit's st.login when
`.streamlit/secrets.toml` has an [auth] section; else a password whose scrypt hash is in
TV_WACHTWOORD_HASH; else no login, which is only allowed on localhost. A partner deployment has no login.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections.abc import Mapping

from core.errors import TellenError

SOORT = "scrypt"
N, R, P = 2 ** 14, 8, 1             # 16 MiB and about 50 ms per check
_MAX_N, _MAX_R, _MAX_P = 2 ** 20, 32, 16
_MAX_GEHEUGEN = 2 ** 30   # a hash setting may not ask for more than 1 GiB (scrypt needs 128 * n * r bytes)
_MAXMEM = 2 ** 31 - 1     # hashlib's limit; _MAX_GEHEUGEN keeps well below it
SALT_BYTES, HASH_BYTES = 16, 32

EERSTE_WACHTTIJD = 1.0   # seconds after the first wrong password; doubles with every next one
MAX_WACHTTIJD = 30.0
VERGEET_NA = 15 * 60     # a counter without wrong passwords for this long starts again at zero
MAX_TELLERS = 10_000     # the counter table never grows beyond this

LOKAAL = {"localhost", "localhost."}
OIDC_ALGEMEEN = ("redirect_uri", "cookie_secret")
OIDC_PROVIDER = ("client_id", "client_secret", "server_metadata_url")


class ToegangFout(TellenError):
    """The login settings are wrong: the message says which and what to do."""


# --- password hash --------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(wachtwoord: str, salt: bytes, n: int, r: int, p: int, lengte: int) -> bytes:
    return hashlib.scrypt(wachtwoord.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=lengte)


def maak_hash(wachtwoord: str, salt: bytes | None = None) -> str:
    """The setting for this password: `scrypt:N:r:p:salt:hash` (colons: no quoting needed in a shell)."""
    if not wachtwoord:
        raise ToegangFout("Een leeg wachtwoord kan niet. Kies een wachtwoord.")
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _scrypt(wachtwoord, salt, N, R, P, HASH_BYTES)
    return f"{SOORT}:{N}:{R}:{P}:{_b64(salt)}:{_b64(digest)}"


def lees_hash(regel: str) -> tuple[int, int, int, bytes, bytes]:
    """(n, r, p, salt, hash) from a hash setting; a Dutch ToegangFout when it is not one."""
    fout = ToegangFout("TV_WACHTWOORD_HASH is geen geldige wachtwoord-hash. Maak een nieuwe met "
                       "`python -m core wachtwoord` en zet de hele regel die dat geeft in TV_WACHTWOORD_HASH.")
    delen = regel.strip().split(":")
    if len(delen) != 6 or delen[0] != SOORT:
        raise fout
    try:
        n, r, p = (int(d) for d in delen[1:4])
        salt, digest = _unb64(delen[4]), _unb64(delen[5])
    except ValueError:
        raise fout from None
    if not (1 < n <= _MAX_N and n & (n - 1) == 0 and 0 < r <= _MAX_R and 0 < p <= _MAX_P
            and 128 * n * r <= _MAX_GEHEUGEN and salt and digest):
        raise fout
    return n, r, p, salt, digest


def klopt(wachtwoord: str, regel: str) -> bool:
    """Whether the password matches the hash setting (a constant-time comparison)."""
    n, r, p, salt, digest = lees_hash(regel)
    return hmac.compare_digest(_scrypt(wachtwoord, salt, n, r, p, len(digest)), digest)


# --- slow-down after wrong passwords --------------------------------------------------------------


def nu() -> float:
    """The clock of the slow-down (tests replace it: they never sleep)."""
    return time.monotonic()


def wachttijd(fouten: int) -> float:
    """Seconds to wait after this many wrong passwords in a row: 0, 1, 2, 4, 8, 16, 30, 30, ..."""
    if fouten <= 0:
        return 0.0
    return min(EERSTE_WACHTTIJD * 2 ** min(fouten - 1, 16), MAX_WACHTTIJD)


class Remmer:
    """Counts wrong passwords per key (a browser session, a client address) for the whole server.

    An attempt is checked only when every key it carries has waited long enough; a wrong one counts for
    every key, so a new tab (a new session from the same client) waits as long as the old one.
    Thread-safe: every session of the server runs in its own thread.
    """

    def __init__(self, klok=None):
        self._klok = klok or (lambda: nu())
        self._lock = threading.Lock()
        self._tellers: dict = {}    # key -> (wrong in a row, time of the last wrong one)

    def wacht_nog(self, sleutels) -> float:
        """Seconds before the next attempt with these keys may be checked (0: now)."""
        moment = self._klok()
        with self._lock:
            return max((self._over(self._tellers.get(s), moment) for s in sleutels), default=0.0)

    @staticmethod
    def _over(teller, moment: float) -> float:
        if teller is None:
            return 0.0
        fouten, laatst = teller
        return max(0.0, laatst + wachttijd(fouten) - moment)

    def fout(self, sleutels) -> float:
        """Count a wrong password for these keys; returns the wait before the next attempt."""
        moment = self._klok()
        with self._lock:
            self._vergeet(moment)
            for s in sleutels:
                fouten, laatst = self._tellers.get(s, (0, moment))
                self._tellers[s] = (fouten + 1, moment)
            return max(self._over(self._tellers[s], moment) for s in sleutels)

    def goed(self, sleutels) -> None:
        """A right password: these keys start again at zero."""
        with self._lock:
            for s in sleutels:
                self._tellers.pop(s, None)

    def _vergeet(self, moment: float) -> None:
        """Drop counters nobody used for VERGEET_NA seconds; beyond MAX_TELLERS the oldest go first."""
        oud = [s for s, (_f, laatst) in self._tellers.items() if moment - laatst > VERGEET_NA]
        for s in oud:
            del self._tellers[s]
        if len(self._tellers) >= MAX_TELLERS:
            for s, _ in sorted(self._tellers.items(), key=lambda kv: kv[1][1])[:len(self._tellers) // 10 + 1]:
                del self._tellers[s]


# --- which login, and may the server start --------------------------------------------------------


def oidc_ingesteld(auth: Mapping | None) -> bool:
    """Whether secrets.toml configures st.login: an [auth] section with redirect_uri and cookie_secret, and
    client_id, client_secret and server_metadata_url in [auth] itself or in one provider section under it.
    An [auth] section that misses one of these is an error (ToegangFout), never silently no login."""
    if not auth:
        return False
    ontbreekt = [k for k in OIDC_ALGEMEEN if not auth.get(k)]
    providers = [auth] + [v for v in auth.values() if isinstance(v, Mapping)]
    if not any(all(p.get(k) for k in OIDC_PROVIDER) for p in providers):
        ontbreekt += [k for k in OIDC_PROVIDER if not auth.get(k)]
    if ontbreekt:
        raise ToegangFout("Het inloggen via de gemeente (OIDC) is niet compleet ingesteld: in de sectie [auth] "
                          f"van .streamlit/secrets.toml ontbreekt {', '.join(ontbreekt)}. Zie de README, 'Inloggen'.")
    return True


def is_lokaal(adres: str | None) -> bool:
    """Whether the server listens only on this machine. No address means every interface (Streamlit's default)."""
    if not adres:
        return False
    adres = adres.strip().strip("[]")
    if adres.lower() in LOKAAL:
        return True
    try:
        return ipaddress.ip_address(adres).is_loopback
    except ValueError:
        return False


def startcontrole(adres: str | None, partnermodus: bool, wachtwoord_hash: str, auth: Mapping | None) -> str | None:
    """None when the app may be served like this; else the Dutch message why not and what to do.

    The staff app serves beyond localhost only with a login. A partner deployment needs none: it shows only
    what partners may see. A login that is set but wrong stops the start too.
    """
    if partnermodus:
        return None
    try:
        if oidc_ingesteld(auth):
            return None
        if wachtwoord_hash:
            lees_hash(wachtwoord_hash)
            return None
    except ToegangFout as e:
        return f"De app start niet. {e}"
    if is_lokaal(adres):
        return None
    waar = f"op adres {adres}" if adres else "op alle netwerkadressen van deze machine"
    return (f"De app start niet: hij zou {waar} te bereiken zijn zonder in te loggen. Kies één van deze:\n"
            "- Stel een wachtwoord in: maak een hash met `python -m core wachtwoord` en zet de regel die dat geeft "
            "(TV_WACHTWOORD_HASH=...) in de omgeving van de server.\n"
            "- Stel het inloggen via de gemeente (OIDC) in: een sectie [auth] in .streamlit/secrets.toml "
            "(zie de README, 'Inloggen').\n"
            "- Start de app alleen voor deze computer: --server.address localhost.\n"
            "- Of start een partnerversie (TV_PARTNERMODUS=1): die toont alleen wat partners mogen zien.")

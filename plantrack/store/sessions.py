"""Sign-in that survives a reload or a shared link in the same browser.

Streamlit keeps a session only as long as the browser's websocket: a reload starts a new one, signed out. So a
sign-in also creates a server-side session — a random token whose sha256 is kept in the accounts file with
its expiry ([app] remember_sign_in_hours) — and the browser gets the token in a cookie that is

- HttpOnly (page scripts cannot read it), SameSite=Lax (not sent with cross-site requests), Secure on https;
- signed with a secret kept in the accounts file, so a forged value is refused before any lookup.

Streamlit scripts cannot set response headers, so the cookie is set by a small HTTP route mounted next to the
app (plantrack/ui/cookie_route.py, `streamlit run serve.py`): after the sign-in the page loads that route with a
one-time ticket (random, single use, 60 s, held in this process's memory) and the route answers with Set-Cookie. On a
new websocket (reload, link) the browser sends the cookie; `st.context.cookies` reads it and the session is
restored while the account exists and the server-side entry is there. Sign-out deletes the entry (the cookie
is cleared too), a password change deletes all of the account's entries: a copied cookie is then worthless.
No streamlit here.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time

COOKIE = "plantrack_session"
ROUTE = "/plantrack/session"
TICKET_SECONDS = 60

_tickets: dict[str, tuple[str | None, int, float]] = {}   # ticket -> (cookie value or None: clear, max-age, expiry)
_tickets_lock = threading.Lock()
mounted = False   # set by plantrack/ui/cookie_route.py when the route is served by this process (serve.py)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign(secret: str, token: str) -> str:
    mac = hmac.new(secret.encode("ascii"), token.encode("ascii"), hashlib.sha256).hexdigest()[:32]
    return f"{token}.{mac}"


def unsign(secret: str, value: str | None) -> str | None:
    """The token of a cookie value whose signature is right; None for anything else."""
    if not isinstance(value, str) or value.count(".") != 1 or len(value) > 200:
        return None
    token, mac = value.split(".")
    try:
        want = sign(secret, token).split(".")[1]
    except UnicodeEncodeError:
        return None
    return token if hmac.compare_digest(mac, want) else None


def issue_ticket(value: str | None, max_age: int, clock=time.monotonic) -> str:
    """A one-time ticket for the route to set the cookie to `value` (None: clear it)."""
    ticket = secrets.token_urlsafe(24)
    now = clock()
    with _tickets_lock:
        for k in [k for k, (_, _, exp) in _tickets.items() if exp < now]:
            del _tickets[k]
        _tickets[ticket] = (value, int(max_age), now + TICKET_SECONDS)
    return ticket


def redeem_ticket(ticket: str | None, clock=time.monotonic) -> tuple[str | None, int] | None:
    """(cookie value or None, max-age) for a valid unused ticket, once; None otherwise."""
    if not ticket:
        return None
    with _tickets_lock:
        got = _tickets.pop(ticket, None)
    if got is None or got[2] < clock():
        return None
    return got[0], got[1]

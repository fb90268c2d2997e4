"""Remembered sign-ins on the server side: signed cookie values, one-time tickets, the session table in the
accounts file (expiry, sign-out, password change, account removal) and the cookie route's headers."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plantrack.store import sessions  # noqa: E402
from plantrack.store.accounts import Accounts


@pytest.fixture
def acc(tmp_path):
    now = [1_000_000.0]
    a = Accounts(tmp_path / "accounts.json", clock=lambda: now[0])
    a.add("ana", "analyst", "analyst-pass-1")
    a.add("boss", "admin", "admin-pass-12")
    a.now = now
    return a


def test_cookie_values_are_signed(acc):
    secret = acc.session_secret()
    assert acc.session_secret() == secret, "made once"
    value = sessions.sign(secret, "tok")
    assert sessions.unsign(secret, value) == "tok"
    for forged in ("tok", "tok.", "tok." + "0" * 32, value[:-1] + ("0" if value[-1] != "0" else "1"),
                   "other." + value.split(".")[1], "a.b.c", "é.x", None, "x" * 500):
        assert sessions.unsign(secret, forged) is None, forged
    assert sessions.unsign("another-secret", value) is None


def test_session_table_expiry_sign_out_password_change_and_removal(acc, tmp_path):
    t1 = acc.start_session("ana", hours=2)
    assert acc.session_account(t1).name == "ana"
    assert t1 not in (tmp_path / "accounts.json").read_text(encoding="utf-8"), "only the hash is stored"
    acc.now[0] += 3 * 3600
    assert acc.session_account(t1) is None, "expired"
    t2, t3 = acc.start_session("ana", 24), acc.start_session("ana", 24)
    acc.end_session(t2)
    assert acc.session_account(t2) is None and acc.session_account(t3).name == "ana", "sign-out ends one"
    acc.set_password("ana", "new-password-1")
    assert acc.session_account(t3) is None, "a password change ends them all"
    t4 = acc.start_session("boss", 24)
    acc.add("boss2", "admin", "admin-pass-34")
    acc.remove("boss")
    assert acc.session_account(t4) is None
    assert acc.session_account("made-up-token") is None


def test_tickets_are_single_use_and_short_lived():
    t = sessions.issue_ticket("v", 60)
    assert sessions.redeem_ticket(t) == ("v", 60)
    assert sessions.redeem_ticket(t) is None
    clock = [0.0]
    t = sessions.issue_ticket("v", 60, clock=lambda: clock[0])
    assert sessions.redeem_ticket(t, clock=lambda: clock[0] + sessions.TICKET_SECONDS + 1) is None
    assert sessions.redeem_ticket(None) is None and sessions.redeem_ticket("guess") is None


def _get(query: str, headers: list[tuple[bytes, bytes]] | None = None):
    """The route's response to GET ROUTE?query (called directly: no HTTP client needed)."""
    import asyncio

    from starlette.requests import Request

    from plantrack.ui.cookie_route import session_cookie
    scope = {"type": "http", "method": "GET", "path": sessions.ROUTE, "query_string": query.encode(),
             "headers": headers or [], "scheme": "http", "server": ("127.0.0.1", 8501)}
    # in a thread of its own: under xdist a browser test may have left this thread's event loop running
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, session_cookie(Request(scope))).result()


def test_cookie_route_sets_an_httponly_samesite_cookie(monkeypatch):
    from plantrack.ui.cookie_route import routes
    monkeypatch.setattr(sessions, "mounted", False)   # restored afterwards: other tests run without the route
    assert [r.path for r in routes()] == [sessions.ROUTE] and sessions.mounted
    t = sessions.issue_ticket("tok.mac", 3600)
    r = _get(f"t={t}")
    assert r.status_code == 204
    header = r.headers["set-cookie"]
    assert header.startswith(f"{sessions.COOKIE}=tok.mac;")
    assert "HttpOnly" in header and "SameSite=lax" in header and "Max-Age=3600" in header and "Path=/" in header
    assert _get(f"t={t}").status_code == 404, "a ticket works once"
    assert "set-cookie" not in _get("t=guess").headers
    r = _get(f"t={sessions.issue_ticket(None, 0)}")
    assert r.status_code == 204 and "Max-Age=0" in r.headers["set-cookie"], "sign-out clears the cookie"


def test_cookie_route_refuses_requests_from_other_sites_without_using_the_ticket():
    """Login CSRF: another site (a link, a frame, a form) must not plant the attacker's session in a victim's
    browser. Every Fetch-Metadata value other than same-origin is refused, and the ticket stays valid."""
    t = sessions.issue_ticket("tok.mac", 3600)
    for site in (b"cross-site", b"same-site", b"none"):
        r = _get(f"t={t}", [(b"sec-fetch-site", site)])
        assert r.status_code == 403 and "set-cookie" not in r.headers, site
    r = _get(f"t={t}", [(b"sec-fetch-site", b"same-origin")])
    assert r.status_code == 204 and r.headers["set-cookie"].startswith(f"{sessions.COOKIE}=tok.mac;")

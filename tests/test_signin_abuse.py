"""What an anonymous visitor can do with the sign-in form: the audit log never keeps a name that is no account
(a password typed into the name box), failures from one browser address pause it and the audit entries
visitors cause are capped, and locking `admin` from one address does not lock the admin out elsewhere."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _apptest import PASSWORDS, app, setup, sign_in, texts  # noqa: E402


def audit(tmp_path):
    from plantrack.store.database import Store
    return Store(tmp_path / "store.duckdb").audit_log()


def test_failed_sign_in_never_records_a_name_that_is_no_account(tmp_path, monkeypatch):
    root = setup(tmp_path, monkeypatch)
    at = app(root).run()
    typed = "Hunter2-my-password"
    sign_in(at, typed, "whatever-1")
    sign_in(at, "ana", "wrong-password")
    log = audit(tmp_path)
    failed = log[log.action == "login_failed"]
    assert len(failed) == 2
    assert typed not in " ".join(log.astype(str).to_numpy().ravel()), "the typed text reached the audit log"
    from plantrack.ui.auth import UNKNOWN_NAME
    assert sorted(failed.user_name) == sorted([UNKNOWN_NAME, "ana"])


def test_one_address_pauses_and_visitors_cause_few_audit_entries(tmp_path, monkeypatch):
    root = setup(tmp_path, monkeypatch, signin_attempts_per_client=3, anonymous_audit_per_minute=2,
                 lockout_after_failures=50)
    at = app(root).run()
    for i in range(6):
        sign_in(at, f"nobody{i}", "x" * 9)
    assert any("秒后再试" in e for e in texts(at.sidebar, "error")), "the fourth try is paused"
    log = audit(tmp_path)
    assert len(log[log.action == "login_failed"]) == 2, "audit entries from visitors are capped"
    sign_in(at, "ana")          # paused: not even the right password is checked from this address
    assert "_auth" not in at.session_state


def test_locking_admin_from_one_address_leaves_other_addresses_free(tmp_path, monkeypatch):
    root = setup(tmp_path, monkeypatch, lockout_after_failures=3, signin_attempts_per_client=50)
    import plantrack.ui.auth as auth
    monkeypatch.setattr(auth, "client_address", lambda: "203.0.113.9")     # the attacker
    at = app(root).run()
    for _ in range(3):
        sign_in(at, "boss", "guess-guess")
    assert any("已锁定" in e for e in texts(at.sidebar, "error"))
    sign_in(at, "boss")
    assert "_auth" not in at.session_state, "locked for the attacker's address, even with the password"
    monkeypatch.setattr(auth, "client_address", lambda: "198.51.100.7")    # the admin's own browser
    admin = app(root).run()
    sign_in(admin, "boss")
    assert admin.session_state["_auth"]["name"] == "boss"


def test_per_client_lock_in_the_accounts_file(tmp_path):
    from plantrack.store.accounts import AccountLocked, Accounts
    now = [1_000_000.0]
    acc = Accounts(tmp_path / "a.json", lockout_after=2, lockout_minutes=15, clock=lambda: now[0])
    acc.add("boss", "admin", PASSWORDS["boss"])
    assert acc.authenticate("boss", "bad-guess-1", client="a") is None
    with pytest.raises(AccountLocked):
        acc.authenticate("boss", "bad-guess-2", client="a")
    with pytest.raises(AccountLocked):
        acc.authenticate("boss", PASSWORDS["boss"], client="a")
    assert acc.authenticate("boss", PASSWORDS["boss"], client="b").name == "boss"
    raw = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert '"a"' not in raw and '"b"' not in raw, "addresses are stored hashed"
    now[0] += 16 * 60
    assert acc.authenticate("boss", PASSWORDS["boss"], client="a").name == "boss", "the lock ends"

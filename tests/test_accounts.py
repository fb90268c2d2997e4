"""Local accounts: scrypt hash format, wrong password, lockout and its end, passwd, remove, first-start admin,
and no password ever in the accounts file or on the CLI's output."""
from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plantrack.store.accounts import AccountError, AccountLocked, Accounts, hash_password, sso_role, verify_password


class Clock:
    def __init__(self, t: float = 1_700_000_000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def accounts(tmp_path, clock):
    return Accounts(tmp_path / "accounts.json", lockout_after=3, lockout_minutes=15, clock=clock)


def test_hash_format_and_verify():
    h = hash_password("correct horse")
    scheme, n, r, p, salt, key = h.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(key)) == 32
    assert hash_password("correct horse") != h, "a fresh random salt each time"
    assert verify_password("correct horse", h)
    assert not verify_password("correct horsf", h)
    assert not verify_password("correct horse", "scrypt$1048576000$8$1$AAAA$AAAA"), "absurd cost refused"
    assert not verify_password("x", "md5$abc")


def test_add_authenticate_wrong_password(accounts):
    accounts.add("ana", "analyst", "s3cret-pass")
    assert accounts.authenticate("ana", "s3cret-pass").role == "analyst"
    assert accounts.authenticate("ana", "wrong-pass") is None
    assert accounts.authenticate("nobody", "s3cret-pass") is None
    with pytest.raises(AccountError, match="already exists"):
        accounts.add("ana", "viewer", "another-pass")
    with pytest.raises(AccountError, match="too short"):
        accounts.add("bob", "viewer", "short")
    with pytest.raises(AccountError, match="unknown role"):
        accounts.add("bob", "root", "long-enough-pass")
    with pytest.raises(AccountError, match="invalid account name"):
        accounts.add("<script>", "viewer", "long-enough-pass")


def test_password_never_stored_in_clear(accounts, tmp_path):
    accounts.add("ana", "analyst", "Pa55word-ClearText")
    accounts.set_password("ana", "N3w-ClearText-Pass")
    raw = (tmp_path / "accounts.json").read_text(encoding="utf-8")
    assert "ClearText" not in raw
    stored = json.loads(raw)["accounts"]["ana"]["password"]
    assert stored.startswith("scrypt$16384$8$1$")
    assert oct((tmp_path / "accounts.json").stat().st_mode & 0o777) == "0o600"


def test_lockout_and_unlock_after_time(accounts, clock):
    accounts.add("ana", "analyst", "s3cret-pass")
    assert accounts.authenticate("ana", "bad-1") is None
    assert accounts.authenticate("ana", "bad-2") is None
    with pytest.raises(AccountLocked) as exc:
        accounts.authenticate("ana", "bad-3")          # the third failure locks
    assert exc.value.minutes == 15
    clock.t += 60
    with pytest.raises(AccountLocked):                 # even the right password while locked
        accounts.authenticate("ana", "s3cret-pass")
    # the lock is in the file: a fresh Accounts (an app restart) still sees it
    again = Accounts(accounts.path, lockout_after=3, lockout_minutes=15, clock=clock)
    with pytest.raises(AccountLocked):
        again.authenticate("ana", "s3cret-pass")
    clock.t += 15 * 60
    assert again.authenticate("ana", "s3cret-pass").name == "ana"
    # a success resets the count: two more failures do not lock
    assert again.authenticate("ana", "bad") is None
    assert again.authenticate("ana", "bad") is None
    assert again.authenticate("ana", "s3cret-pass") is not None


def test_passwd_unlocks_and_replaces(accounts, clock):
    accounts.add("ana", "analyst", "old-password")
    for _ in range(2):
        accounts.authenticate("ana", "nope")
    with pytest.raises(AccountLocked):
        accounts.authenticate("ana", "nope")
    accounts.set_password("ana", "new-password")
    assert accounts.authenticate("ana", "old-password") is None
    assert accounts.authenticate("ana", "new-password") is not None


def test_remove_and_last_admin(accounts):
    accounts.add("root", "admin", "admin-password")
    accounts.add("ana", "analyst", "s3cret-pass")
    accounts.remove("ana")
    assert [a.name for a in accounts.list()] == ["root"]
    assert accounts.authenticate("ana", "s3cret-pass") is None
    with pytest.raises(AccountError, match="last admin"):
        accounts.remove("root")
    with pytest.raises(AccountError, match="no account"):
        accounts.remove("ghost")


def test_bootstrap_prints_once_and_never_again(accounts, tmp_path):
    out = io.StringIO()
    password = accounts.bootstrap(out=out)
    text = out.getvalue()
    assert password and password in text and "admin" in text
    assert len(password) >= 16
    [acc] = accounts.list()
    assert (acc.name, acc.role, acc.must_change_password) == ("admin", "admin", True)
    assert accounts.authenticate("admin", password) is not None
    assert password not in (tmp_path / "accounts.json").read_text(encoding="utf-8")
    out2 = io.StringIO()
    assert accounts.bootstrap(out=out2) is None and out2.getvalue() == ""
    fresh = Accounts(accounts.path)
    assert fresh.bootstrap(out=out2) is None and out2.getvalue() == ""


def test_bootstrap_not_when_accounts_exist(accounts):
    accounts.add("ana", "analyst", "s3cret-pass")
    out = io.StringIO()
    assert accounts.bootstrap(out=out) is None and out.getvalue() == ""
    assert [a.name for a in accounts.list()] == ["ana"]


def test_sso_role_mapping():
    mapping = {"*@example.gov.cn": "viewer", "*@stats.example.gov.cn": "analyst", "Chief@example.gov.cn": "admin"}
    assert sso_role("someone@example.gov.cn", mapping) == "viewer"
    assert sso_role("li@stats.example.gov.cn", mapping) == "analyst"
    assert sso_role("chief@EXAMPLE.gov.cn", mapping) == "admin"
    assert sso_role("x@evil.example.com", mapping) is None
    assert sso_role("x@example.gov.cn.evil.com", mapping) is None
    assert sso_role(None, mapping) is None


class _Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def test_cli_user_add_as_a_process(tmp_path):
    """Once through `python -m plantrack` for real: the password comes from stdin, never argv."""
    env = dict(os.environ, PLANTRACK_DB=str(tmp_path / "store.duckdb"),
               PLANTRACK_ACCOUNTS=str(tmp_path / "accounts.json"), PLANTRACK_USER="tester")
    r = subprocess.run([sys.executable, "-m", "plantrack", "user", "add", "ana", "--role", "analyst",
                        "--password-stdin"], cwd=REPO, env=env, input="Proc-Secret-123\n", capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "added ana (analyst)", r.stderr
    assert "Proc-Secret" not in r.stdout + r.stderr
    assert Accounts(tmp_path / "accounts.json").authenticate("ana", "Proc-Secret-123") is not None


def test_cli_user_commands_audited_without_passwords(tmp_path, monkeypatch, capsys):
    from plantrack.cli import main
    monkeypatch.setenv("PLANTRACK_DB", str(tmp_path / "store.duckdb"))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))
    monkeypatch.setenv("PLANTRACK_USER", "tester")

    def _cli(args, _tmp, stdin=None):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        capsys.readouterr()
        code = main(args)
        out = capsys.readouterr()
        return _Result(code, out.out, out.err)

    r = _cli(["user", "add", "ana", "--role", "analyst", "--password-stdin"], tmp_path, "Cli-Secret-123\n")
    assert r.returncode == 0, r.stderr
    r = _cli(["user", "add", "ana", "--role", "analyst", "--password-stdin"], tmp_path, "Cli-Secret-123\n")
    assert r.returncode == 2 and "already exists" in r.stderr
    r = _cli(["user", "passwd", "ana", "--password-stdin"], tmp_path, "Cli-Secret-456\n")
    assert r.returncode == 0, r.stderr
    r = _cli(["user", "list", "--json"], tmp_path)
    assert [(u["name"], u["role"]) for u in json.loads(r.stdout)] == [("ana", "analyst")]
    assert "Cli-Secret" not in r.stdout + (tmp_path / "accounts.json").read_text()
    assert Accounts(tmp_path / "accounts.json").authenticate("ana", "Cli-Secret-456") is not None
    r = _cli(["user", "remove", "ana"], tmp_path)
    assert r.returncode == 0
    sys.path.insert(0, str(REPO))
    from plantrack.store.database import Store
    log = Store(tmp_path / "store.duckdb").audit_log()
    assert list(log.action)[::-1] == ["user_add", "user_passwd", "user_remove"]
    assert set(log.user_name) == {"tester"}
    assert not log.detail.str.contains("Cli-Secret").any()

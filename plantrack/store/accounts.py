"""Local accounts: a JSON file outside git with scrypt password hashes, lockout state and roles.

The file (``[app] accounts_file``, relative to the project folder; ``$PLANTRACK_ACCOUNTS`` overrides it) holds

    {"version": 1, "accounts": {"ana": {"role": "analyst", "password": "scrypt$16384$8$1$<salt>$<hash>",
                                        "created_at": …, "failures": 0, "locked_until": null, …}}}

Passwords are never stored, logged or shown: only the scrypt hash (memory-hard: n=2**14, r=8 needs 16 MB
per guess), compared in constant time. Failed sign-ins are counted in the same file, so a lockout survives a
restart of the app. Every read-modify-write happens under an fcntl lock on ``<file>.lock`` and is written
atomically (temporary file + rename, mode 0600), so the app and the CLI can change accounts at the same time.

No streamlit here: the sidebar form (plantrack/ui/auth.py) and the CLI (plantrack/commands/user_cmd.py) both
call this module.
"""
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import fnmatch
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TextIO

from ..model.plan import PROJECT_ROOT
from .owner_files import open_private

ROLES = ("viewer", "analyst", "admin")   # lowest first: a role may do what every role before it may
BOOTSTRAP_ADMIN = "admin"
MIN_PASSWORD_LENGTH = 8
# scrypt cost: 2**14 × 8 × 128 bytes = 16 MB of memory and ≈ 50 ms per guess on these machines.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2 ** 14, 8, 1, 16, 32
_NAME = re.compile(r"^[\w.@-]{1,64}$")
_FILE_VERSION = 1


class AccountError(ValueError):
    """A bad account operation (unknown name, weak password, bad role); the message says which."""


class AccountLocked(AccountError):
    """Too many failed sign-ins: the account is locked until `until` (epoch seconds)."""

    def __init__(self, name: str, until: float, now: float):
        self.until = until
        self.minutes = max(1, int((until - now + 59) // 60))
        super().__init__(f"account {name!r} is locked after repeated failed sign-ins; "
                         f"try again in {self.minutes} min")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    created_at: str
    password_changed_at: str
    must_change_password: bool = False
    locked_until: float | None = None
    failures: int = 0

    def locked(self, now: float) -> bool:
        return self.locked_until is not None and self.locked_until > now


# ─────────────────────────── hashing ───────────────────────────

def has_role(role: str | None, needed: str) -> bool:
    """Whether `role` is `needed` or above it in ROLES; nobody signed in (None) or an unknown role is a viewer."""
    rank = {r: i for i, r in enumerate(ROLES)}
    return rank.get(role or "viewer", 0) >= rank[needed]


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$16384$8$1$<salt b64>$<hash b64>`` with a fresh random 16-byte salt."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                         dklen=KEY_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of a password against a stored hash; False for any malformed hash."""
    try:
        scheme, n_text, r_text, p_text, salt_b64, key_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        n, r, p = int(n_text), int(r_text), int(p_text)
        if not (2 <= n <= 2 ** 20 and 1 <= r <= 32 and 1 <= p <= 16):
            return False   # a tampered file must not make us allocate gigabytes
        salt, key = base64.b64decode(salt_b64, validate=True), base64.b64decode(key_b64, validate=True)
        got = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(key),
                             maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, key)


# A hash to check against when the name is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def _client_key(client: str) -> str:
    """A browser address as stored in the accounts file: hashed, so the file lists no addresses."""
    return hashlib.sha256(("plantrack-client:" + client).encode("utf-8")).hexdigest()[:20]


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise AccountError(f"invalid account name {name!r}: use 1-64 letters, digits, '.', '_', '-' or '@'")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password is too short: at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip() != password or "\n" in password:
        raise AccountError("the password must not start or end with spaces or contain a line break")
    return password


def sso_role(email: str | None, mapping: dict) -> str | None:
    """The role for a single-sign-on email from ``[app] sso_roles``; None when no entry matches.

    An exact address wins over patterns; among patterns ("*@example.gov.cn") the longest (most specific)
    wins, so ``"*@stats.example.gov.cn" = "analyst"`` can sit next to ``"*@example.gov.cn" = "viewer"``.
    Matching ignores case. An email not listed gets no role: sign-in alone grants nothing.
    """
    if not email:
        return None
    email = email.strip().lower()
    entries = {str(k).strip().lower(): v for k, v in mapping.items()}
    if email in entries and entries[email] in ROLES:
        return entries[email]
    matches = [(len(p), p) for p in entries
               if any(ch in p for ch in "*?[") and fnmatch.fnmatchcase(email, p) and entries[p] in ROLES]
    return entries[max(matches)[1]] if matches else None


# ─────────────────────────── the accounts file ───────────────────────────

def accounts_path(plan=None) -> Path:
    env = os.environ.get("PLANTRACK_ACCOUNTS")
    if env:
        return Path(env)
    rel = plan.app.accounts_file if plan is not None else "data/accounts.json"
    p = Path(rel)
    return p if p.is_absolute() else PROJECT_ROOT / p


def _now_iso(clock: Callable[[], float]) -> str:
    return dt.datetime.fromtimestamp(clock()).isoformat(timespec="seconds")


class Accounts:
    """The accounts file. `clock` (epoch seconds) is injectable so tests can pass time."""

    def __init__(self, path: str | os.PathLike, *, lockout_after: int = 5, lockout_minutes: float = 15,
                 clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.lockout_after = max(1, int(lockout_after))
        self.lockout_seconds = float(lockout_minutes) * 60
        self.clock = clock

    @classmethod
    def from_plan(cls, plan, clock: Callable[[], float] = time.time) -> "Accounts":
        return cls(accounts_path(plan), lockout_after=plan.app.lockout_after_failures,
                   lockout_minutes=plan.app.lockout_minutes, clock=clock)

    # -- file access ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open_private(self.path.with_name(self.path.name + ".lock")) as lf:
            fcntl.flock(lf, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lf, fcntl.LOCK_UN)

    def _read(self) -> dict:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"version": _FILE_VERSION, "accounts": {}}
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            raise AccountError(f"the accounts file {self.path} is not valid JSON ({e}); fix or move it") from None
        if not isinstance(data, dict) or not isinstance(data.get("accounts"), dict):
            raise AccountError(f"the accounts file {self.path} has no \"accounts\" table")
        return data

    def _write(self, data: dict) -> None:
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def _edit(self):
        with self._locked():
            data = self._read()
            yield data["accounts"]
            self._write(data)

    @staticmethod
    def _account(name: str, e: dict) -> Account:
        return Account(name=name, role=e.get("role", "viewer"), created_at=e.get("created_at", ""),
                       password_changed_at=e.get("password_changed_at", ""),
                       must_change_password=bool(e.get("must_change_password", False)),
                       locked_until=e.get("locked_until"), failures=int(e.get("failures", 0)))

    # -- queries ----------------------------------------------------------------------------------

    def list(self) -> list[Account]:
        return [self._account(n, e) for n, e in sorted(self._read()["accounts"].items())]

    def get(self, name: str) -> Account | None:
        e = self._read()["accounts"].get(name)
        return None if e is None else self._account(name, e)

    def is_empty(self) -> bool:
        return not self._read()["accounts"]

    # -- changes ----------------------------------------------------------------------------------

    def add(self, name: str, role: str, password: str, *, must_change_password: bool = False) -> Account:
        check_name(name), check_role(role), check_password(password)
        hashed = hash_password(password)
        with self._edit() as accounts:
            if name in accounts:
                raise AccountError(f"account {name!r} already exists (use `user passwd` to change its password)")
            now = _now_iso(self.clock)
            accounts[name] = {"role": role, "password": hashed, "created_at": now, "password_changed_at": now,
                              "must_change_password": must_change_password, "failures": 0, "locked_until": None}
            return self._account(name, accounts[name])

    def remove(self, name: str) -> None:
        with self._edit() as accounts:
            if name not in accounts:
                raise AccountError(f"no account {name!r}")
            e = accounts[name]
            if e.get("role") == "admin" and sum(1 for a in accounts.values() if a.get("role") == "admin") == 1:
                raise AccountError(f"{name!r} is the last admin account; add another admin first")
            del accounts[name]

    def set_password(self, name: str, password: str) -> None:
        check_password(password)
        hashed = hash_password(password)
        with self._edit() as accounts:
            if name not in accounts:
                raise AccountError(f"no account {name!r}")
            accounts[name].update(password=hashed, password_changed_at=_now_iso(self.clock),
                                  must_change_password=False, failures=0, locked_until=None, client_locks={},
                                  sessions={})   # every remembered sign-in of the account ends

    def set_role(self, name: str, role: str) -> None:
        check_role(role)
        with self._edit() as accounts:
            if name not in accounts:
                raise AccountError(f"no account {name!r}")
            if (accounts[name].get("role") == "admin" and role != "admin"
                    and sum(1 for a in accounts.values() if a.get("role") == "admin") == 1):
                raise AccountError(f"{name!r} is the last admin account; add another admin first")
            accounts[name]["role"] = role

    def unlock(self, name: str) -> None:
        with self._edit() as accounts:
            if name not in accounts:
                raise AccountError(f"no account {name!r}")
            accounts[name].update(failures=0, locked_until=None, client_locks={})

    def authenticate(self, name: str, password: str, client: str | None = None) -> Account | None:
        """The account when name and password match; None when they do not.

        Raises AccountLocked while the account is locked (even with the right password). The
        `lockout_after`-th consecutive failure locks it for `lockout_minutes`; a success resets the count.
        With `client` (the app passes the browser's address) failures are counted and the lock applies per
        client: a visitor who locks `admin` locks it for their own address only, and the admin signs in from
        theirs. Without it (tests, tools) the lock is account-wide. Unknown names cost the same hashing time
        and leave no trace in the file.
        """
        with self._locked():
            data = self._read()
            e = data["accounts"].get(name) if isinstance(name, str) else None
            if e is None:
                verify_password(password or "", _DUMMY_HASH)
                return None
            now = self.clock()
            state = e
            if client is not None:
                clients = e.setdefault("client_locks", {})
                for k in [k for k, v in clients.items() if (v.get("locked_until") or 0) <= now and
                          now - v.get("last_failure", 0) > self.lockout_seconds]:
                    del clients[k]   # forget old failures: the file does not grow with every address ever seen
                state = clients.setdefault(_client_key(client), {})
            for lock in (e, state):
                until = lock.get("locked_until")
                if until is not None and until > now:
                    raise AccountLocked(name, until, now)
            ok = verify_password(password or "", e.get("password", ""))
            if ok:
                state.update(failures=0, locked_until=None)
                if client is not None:
                    del e["client_locks"][_client_key(client)]
                e.update(last_login=_now_iso(self.clock))
                self._write(data)
                return self._account(name, e)
            failures = int(state.get("failures", 0)) + 1
            state.update(last_failure=now)
            if failures >= self.lockout_after:
                state.update(failures=0, locked_until=now + self.lockout_seconds)
                self._write(data)
                raise AccountLocked(name, now + self.lockout_seconds, now)
            state.update(failures=failures, locked_until=None)
            self._write(data)
            return None

    def exists(self, name: str) -> bool:
        return isinstance(name, str) and name in self._read()["accounts"]

    # -- remembered sign-ins (plantrack/store/sessions.py) -------------------------------------------------

    def session_secret(self) -> str:
        """The key that signs session cookies: made once, kept in this (0600) file."""
        data = self._read()
        if isinstance(data.get("session_secret"), str):
            return data["session_secret"]
        with self._locked():
            data = self._read()
            if not isinstance(data.get("session_secret"), str):
                data["session_secret"] = secrets.token_hex(32)
                self._write(data)
            return data["session_secret"]

    def start_session(self, name: str, hours: float) -> str:
        """A new remembered sign-in for `name`; returns the token (only its hash is stored)."""
        from .sessions import new_token, token_hash
        token = new_token()
        with self._edit() as accounts:
            if name not in accounts:
                raise AccountError(f"no account {name!r}")
            now = self.clock()
            kept = {h: v for h, v in accounts[name].get("sessions", {}).items() if v.get("expires", 0) > now}
            kept[token_hash(token)] = {"expires": now + hours * 3600, "created": _now_iso(self.clock)}
            accounts[name]["sessions"] = dict(sorted(kept.items(), key=lambda kv: kv[1]["expires"])[-20:])
        return token

    def session_account(self, token: str) -> Account | None:
        """The account a remembered sign-in belongs to, while it is valid; None otherwise."""
        from .sessions import token_hash
        h, now = token_hash(token), self.clock()
        for name, e in self._read()["accounts"].items():
            entry = e.get("sessions", {}).get(h)
            if entry is not None:
                return self._account(name, e) if entry.get("expires", 0) > now else None
        return None

    def end_session(self, token: str) -> None:
        from .sessions import token_hash
        h = token_hash(token)
        with self._edit() as accounts:
            for e in accounts.values():
                e.get("sessions", {}).pop(h, None)

    def bootstrap(self, out: TextIO | None = None) -> str | None:
        """First start with no account: create `admin` with a random password and print it once.

        Returns the password when one was created (only then), else None. Runs under the file lock, so two
        processes starting together cannot both create (and print) one.
        """
        with self._locked():
            data = self._read()
            if data["accounts"]:
                return None
            password = secrets.token_urlsafe(12)
            now = _now_iso(self.clock)
            data["accounts"][BOOTSTRAP_ADMIN] = {
                "role": "admin", "password": hash_password(password), "created_at": now,
                "password_changed_at": now, "must_change_password": True, "failures": 0, "locked_until": None}
            self._write(data)
        out = out if out is not None else sys.stderr
        bar = "─" * 72
        print(f"\n{bar}\n  plantrack: no accounts yet, so an administrator account was created.\n"
              f"  Sign in from the sidebar with\n\n      user:     {BOOTSTRAP_ADMIN}\n      password: {password}\n\n"
              f"  This password is shown only this once. Change it with\n"
              f"      python -m plantrack user passwd {BOOTSTRAP_ADMIN}\n"
              f"  and add accounts with  python -m plantrack user add NAME --role analyst\n{bar}\n",
              file=out, flush=True)
        return password

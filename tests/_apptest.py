"""Helpers for AppTest page tests: a temporary store, accounts file and app root."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
PASSWORDS = {"ana": "analyst-pass-1", "boss": "admin-pass-12", "vic": "viewer-pass-1"}
ROLES = {"ana": "analyst", "boss": "admin", "vic": "viewer"}
OVERVIEW_STUB = "import streamlit as st\nst.title('OVERVIEW-STUB')\n"


def setup(tmp_path: Path, monkeypatch, **app_settings) -> Path:
    """Env for one test: tmp store + accounts (ana/boss/vic) + a config copy with [app] overrides.

    Returns an app root: app.py and the pages copied, with a stub overview when the real one is not there
    yet (the registry needs one page a viewer may see)."""
    import sys
    sys.path.insert(0, str(REPO))
    monkeypatch.setenv("PLANTRACK_DB", str(tmp_path / "store.duckdb"))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))
    config = (REPO / "plan_config.toml").read_text(encoding="utf-8")
    for key, value in app_settings.items():
        old = next(line for line in config.splitlines() if line.startswith(f"{key} ="))
        config = config.replace(old, f"{key} = {str(value).lower() if isinstance(value, bool) else value}", 1)
    (tmp_path / "plan_config.toml").write_text(config, encoding="utf-8")
    monkeypatch.setenv("PLANTRACK_CONFIG", str(tmp_path / "plan_config.toml"))
    _copy_accounts(tmp_path / "accounts.json")
    root = tmp_path / "app"
    (root / "pages").mkdir(parents=True)
    shutil.copy(REPO / "app.py", root / "app.py")
    for page in (REPO / "pages").glob("*.py"):
        shutil.copy(page, root / "pages" / page.name)
    if not (root / "pages" / "overview.py").exists():
        (root / "pages" / "overview.py").write_text(OVERVIEW_STUB, encoding="utf-8")
    return root


def _copy_accounts(dest: Path) -> None:
    """The accounts ana/boss/vic, created once per test run (three scrypt hashes) and copied per test."""
    import os

    from plantrack.store.accounts import Accounts
    from tests._run_cache import cached_dir

    def build(d: Path) -> None:
        acc = Accounts(d / "accounts.json")
        for name, pw in PASSWORDS.items():
            acc.add(name, ROLES[name], pw)
    made = cached_dir("apptest_accounts", build)
    shutil.copyfile(made / "accounts.json", dest)
    os.chmod(dest, 0o600)


def app(root: Path) -> AppTest:
    return AppTest.from_file(str(root / "app.py"), default_timeout=60)


def page(root: Path, name: str) -> AppTest:
    return AppTest.from_file(str(root / "pages" / f"{name}.py"), default_timeout=60)


def home(at: AppTest) -> AppTest:
    """Rerun on the default page. (AppTest 1.67 drops the sidebar's elements on a rerun that requests a
    page by hash, so sign-in steps run on the default page.)"""
    at._page_hash = ""
    at._finished_page_script_hash = ""
    return at.run()


def sign_in(at: AppTest, name: str, password: str | None = None) -> AppTest:
    home(at)
    at.sidebar.text_input(key="auth_name").input(name)
    at.sidebar.text_input(key="auth_password").input(password if password is not None else PASSWORDS[name])
    next(b for b in at.sidebar.button if b.label in ("登录", "Sign in")).click()
    return home(at)


def as_user(at: AppTest, name: str) -> AppTest:
    """Put a signed-in session in place without the form (for running one page on its own)."""
    at.session_state["_auth"] = {"name": name, "role": ROLES[name], "via": "local", "seen": time.time()}
    return at


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]

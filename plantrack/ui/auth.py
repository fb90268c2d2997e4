"""Who is using the app and what they may do: sign-in form, sessions, roles, optional single sign-on.

Roles: viewer < analyst < admin. Anonymous visitors are viewers (unless `[app] require_login_to_view`).
A page that changes data calls `require_role(ctx, "analyst")` itself — hiding a button is not a check.

- Local accounts: plantrack/store/accounts.py (scrypt hashes, lockout persisted in the accounts file). The first
  start with no account creates `admin` with a random password printed once on the terminal.
- Sessions expire after `[app] session_timeout_minutes` without any interaction, and are re-checked against
  the accounts file on every run: a removed account or a changed role takes effect at the next click.
- Single sign-on: when `.streamlit/secrets.toml` has an `[auth]` section, a button offers `st.login()` (OIDC);
  the email is mapped to a role by `[app] sso_roles`. An email that maps to nothing gets no role.
- A sign-in survives a reload and a shared link in the same browser for `[app] remember_sign_in_hours`
  when the app is served by serve.py: a signed HttpOnly cookie naming a server-side session (sessions.py).
- Sign-ins, failures, lockouts and sign-outs go to the audit log; a failure names the account only when it
  is one, and failures per browser address and visitors' audit entries are rate-limited.
"""
from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from ..actions.account_admin import change_own_password
from ..actions.sign_in_audit import note_sign_in_event
from ..model.plan import get_plan
from ..store import sessions
from ..store.accounts import AccountError, AccountLocked, Accounts, accounts_path, has_role, sso_role
from ..store.database import StoreBusy
from .throttle import Window
from .widgets import md

_SESSION = "_auth"          # {"name", "role", "via": "local" | "sso", "seen": epoch seconds}
_NOTICE = "_auth_notice"    # (level, message key, kwargs) shown once in the sidebar
_COOKIE_TICKET = "_auth_cookie_ticket"   # a one-time ticket for the cookie route (plantrack/ui/cookie_route.py)
_clock = time.time          # tests may replace it


@dataclass(frozen=True)
class User:
    name: str
    role: str   # viewer | analyst | admin
    via: str = "local"


def _accounts() -> Accounts:
    return Accounts.from_plan(get_plan(), clock=_clock)


@st.cache_resource(show_spinner=False)
def _bootstrap(path: str) -> str | None:
    """Once per process and accounts file: create the first admin if there is no account at all.

    The password goes to the terminal (stderr) only, never to the page or a log; cache_resource keeps this
    to one attempt per process, and the accounts file lock to one admin across processes."""
    created = _accounts().bootstrap()
    return "created" if created else None


def sso_providers() -> list[str | None]:
    """Configured OIDC providers: [None] for a plain `[auth]`, names for `[auth.<provider>]`; [] if none."""
    try:
        if not st.secrets.load_if_toml_exists() or "auth" not in st.secrets:
            return []
        auth = st.secrets["auth"]
    except Exception:   # no or unreadable secrets: single sign-on is simply not offered
        return []
    if not isinstance(auth, Mapping):
        return []
    if "client_id" in auth or "server_metadata_url" in auth:
        return [None]
    return [k for k, v in auth.items() if isinstance(v, Mapping) and "client_id" in v]


def _audit(user: str, action: str, detail: str) -> None:
    from .context import get_store
    try:
        store = get_store()
    except StoreBusy:   # a sign-in must not fail because an import holds the store
        return
    note_sign_in_event(store, user, action, detail)


def _notice(level: str, key: str, **kwargs) -> None:
    st.session_state[_NOTICE] = (level, key, kwargs)


def _end_session(reason_key: str | None, audit_action: str | None = None) -> None:
    s = st.session_state.pop(_SESSION, None)
    if s and s.get("token"):
        _forget(s["token"])
    if s and audit_action:
        _audit(s["name"], audit_action, f"{s.get('via', 'local')} session")
    if reason_key:
        _notice("warning", reason_key)


# ── remembered sign-ins: an HttpOnly cookie set by the route in plantrack/ui/cookie_route.py ──
# (see plantrack/store/sessions.py)

def _remember_hours() -> int:
    return get_plan().app.remember_sign_in_hours if sessions.mounted else 0


def _remember(name: str) -> str | None:
    """Start a server-side session for `name` and have the browser store its signed cookie."""
    hours = _remember_hours()
    if hours <= 0:
        return None
    accounts = _accounts()
    try:
        token = accounts.start_session(name, hours)
        value = sessions.sign(accounts.session_secret(), token)
    except AccountError:
        return None
    st.session_state[_COOKIE_TICKET] = sessions.issue_ticket(value, int(hours * 3600))
    return token


def _forget(token: str) -> None:
    """End the server-side session (the cookie is then worthless) and have the browser drop the cookie."""
    try:
        _accounts().end_session(token)
    except AccountError:
        pass
    if sessions.mounted:
        st.session_state[_COOKIE_TICKET] = sessions.issue_ticket(None, 0)


def _from_cookie() -> dict | None:
    """The session a remembered sign-in cookie names (checked once per browser connection)."""
    if _remember_hours() <= 0 or st.session_state.get("_cookie_checked"):
        return None
    st.session_state["_cookie_checked"] = True
    try:
        value = st.context.cookies.get(sessions.COOKIE)
    except Exception:   # no request context (bare mode)
        return None
    if not isinstance(value, str):
        return None
    accounts = _accounts()
    try:
        token = sessions.unsign(accounts.session_secret(), value)
        acc = accounts.session_account(token) if token else None
    except AccountError:
        return None
    if acc is None:
        return None
    return {"name": acc.name, "role": acc.role, "via": "local", "seen": _clock(), "token": token}


def cookie_frame() -> None:
    """Load the cookie route with the pending ticket (an invisible same-origin frame; the route answers
    with Set-Cookie only). Kept on later runs so the frame is not torn down before it has loaded."""
    ticket = st.session_state.get(_COOKIE_TICKET)
    if ticket and sessions.mounted:
        st.iframe(f"{sessions.ROUTE}?t={ticket}", height=1)


def _sso_user() -> dict | None:
    if not sso_providers() or not getattr(st.user, "is_logged_in", False):
        return None
    email = st.user.get("email")
    role = sso_role(email, get_plan().app.sso_roles)
    if role is None:
        st.session_state["_auth_sso_no_role"] = email or "?"
        return None
    s = {"name": str(email), "role": role, "via": "sso", "seen": _clock()}
    _audit(s["name"], "login", f"signed in by single sign-on as {role}")
    return s


def current_user() -> User | None:
    """The signed-in user of this session, or None (a viewer). Expires idle sessions; re-checks accounts."""
    s = st.session_state.get(_SESSION)
    now = _clock()
    if s is not None:
        timeout = get_plan().app.session_timeout_minutes * 60
        if now - s.get("seen", 0) > timeout:
            _end_session("auth.expired", "session_expired")
            if s.get("via") == "sso":
                st.logout()   # clear the identity cookie too, else the next run signs straight back in
            return None
        if s.get("via") == "local":
            try:
                acc = _accounts().get(s["name"])
            except AccountError:
                acc = None
            if acc is None:
                _end_session("auth.removed")
                return None
            s["role"] = acc.role   # a role changed by an admin applies from the next click
        else:
            s["role"] = sso_role(s["name"], get_plan().app.sso_roles) or "viewer"
        s["seen"] = now
        return User(s["name"], s["role"], s.get("via", "local"))
    s = _from_cookie()
    if s is not None:   # a reload or a shared link in a browser that signed in before
        st.session_state[_SESSION] = s
        return User(s["name"], s["role"], "local")
    s = _sso_user()
    if s is not None:
        st.session_state[_SESSION] = s
        return User(s["name"], s["role"], "sso")
    return None


UNKNOWN_NAME = "(unknown name)"   # what the audit log says when the typed name is no account


@st.cache_resource(show_spinner=False)
def _limits(accounts_file: str, per_client: int, window_minutes: int, audit_per_minute: int) -> tuple[Window, Window]:
    """Per server process and accounts file: failed sign-ins per browser address, audit entries per minute
    caused by visitors who are not signed in."""
    return Window(per_client, window_minutes * 60), Window(audit_per_minute, 60)


def limits() -> tuple[Window, Window]:
    app = get_plan().app
    return _limits(str(accounts_path(get_plan())), app.signin_attempts_per_client, app.signin_window_minutes,
                   app.anonymous_audit_per_minute)


def client_address() -> str:
    """The browser's address as the server sees it (behind a proxy: the proxy's, unless it forwards it)."""
    try:
        ip = st.context.ip_address
    except Exception:   # no request context (bare mode)
        ip = None
    return ip if isinstance(ip, str) and ip else "unknown"


def _anonymous_audit(user: str, action: str, detail: str) -> None:
    """An audit entry caused by a visitor who is not signed in, within the per-minute budget; beyond it the
    entry is dropped (the per-address pause already bounds what one visitor can do)."""
    if limits()[1].add("anonymous"):
        _audit(user, action, detail)


def login(name: str, password: str) -> User | None:
    """Check a local sign-in; on success the session holds the user. Shows the failure in the sidebar.

    A failure records the name only when it is an account (a password typed into the name box must not
    reach the log); an address with too many failures pauses before its next try is even checked."""
    name = (name or "").strip()
    client = client_address()
    attempts = limits()[0]
    if attempts.full(client):
        _notice("error", "auth.slow_down", seconds=attempts.wait_seconds(client))
        return None
    accounts = _accounts()
    try:
        acc = accounts.authenticate(name, password or "", client=client)
    except AccountLocked as e:
        attempts.add(client)
        _anonymous_audit(name, "login_locked",
                         f"sign-in refused: account locked for {e.minutes} min for this browser address")
        _notice("error", "auth.locked", minutes=e.minutes)
        return None
    except AccountError as e:
        _notice("error", "auth.accounts_error", error=str(e))
        return None
    if acc is None:
        attempts.add(client)
        known = accounts.exists(name)
        _anonymous_audit(name if known else UNKNOWN_NAME, "login_failed",
                         "wrong password" if known else "no such account (the name typed is not recorded)")
        _notice("error", "auth.bad_credentials")
        return None
    st.session_state[_SESSION] = {"name": acc.name, "role": acc.role, "via": "local", "seen": _clock(),
                                  "token": _remember(acc.name)}
    _audit(acc.name, "login", f"signed in as {acc.role}")
    return User(acc.name, acc.role)


def logout() -> None:
    s = st.session_state.get(_SESSION)
    _end_session("auth.signed_out", "logout")
    if s and s.get("via") == "sso":
        st.logout()


def _show_notice(ctx) -> None:
    n = st.session_state.pop(_NOTICE, None)
    if n:
        level, key, kwargs = n
        getattr(st, level)(md(ctx.t(key, **kwargs)))
    email = st.session_state.pop("_auth_sso_no_role", None)
    if email:
        st.warning(md(ctx.t("auth.sso_no_role", email=email)))


def _change_password_form(ctx, user: User) -> None:
    with st.expander(ctx.t("auth.change_password")):
        with st.form("auth_change_password", clear_on_submit=True, border=False):
            old = st.text_input(ctx.t("auth.old_password"), type="password")
            new = st.text_input(ctx.t("auth.new_password"), type="password")
            again = st.text_input(ctx.t("auth.repeat_password"), type="password")
            if not st.form_submit_button(ctx.t("auth.change_password")):
                return
        if new != again:
            st.error(ctx.t("auth.passwords_differ"))
            return
        from .context import get_store
        try:
            if not change_own_password(_accounts(), get_store(), user, old, new, client=client_address()):
                st.error(ctx.t("auth.bad_credentials"))
                return
        except AccountLocked as e:
            st.error(ctx.t("auth.locked", minutes=e.minutes))
            return
        except AccountError as e:
            st.error(md(str(e)))
            return
        # every remembered sign-in of the account ended with the change; this browser stays signed in
        st.session_state[_SESSION]["token"] = _remember(user.name)
        st.success(ctx.t("auth.password_changed"))


def sidebar(ctx) -> User | None:
    """The account box in the sidebar: sign-in form or who is signed in. Returns the user (None: viewer)."""
    try:
        _bootstrap(str(accounts_path(ctx.plan)))
    except AccountError as e:
        st.sidebar.error(md(ctx.t("auth.accounts_error", error=str(e))))
    user = current_user()
    with st.sidebar:
        st.divider()
        st.caption(ctx.t("auth.section"))
        _show_notice(ctx)
        cookie_frame()
        if user is not None:
            st.markdown(ctx.t("auth.signed_in_as", name=md(user.name), role=ctx.t(f"role.{user.role}")))
            if user.via == "local":
                try:
                    acc = _accounts().get(user.name)
                except AccountError:
                    acc = None
                if acc is not None and acc.must_change_password:
                    st.warning(ctx.t("auth.must_change"))
                _change_password_form(ctx, user)
            if st.button(ctx.t("auth.logout"), key="auth_logout", icon=":material/logout:"):
                logout()
                st.rerun()
            return user
        st.caption(ctx.t("auth.anonymous"))
        with st.form("auth_login", clear_on_submit=True):
            name = st.text_input(ctx.t("auth.name"), key="auth_name", max_chars=64, autocomplete="username")
            password = st.text_input(ctx.t("auth.password"), key="auth_password", type="password",
                                     max_chars=256, autocomplete="current-password")
            submitted = st.form_submit_button(ctx.t("auth.login"), icon=":material/login:")
        if submitted:
            if login(name, password) is not None:
                st.rerun()
            _show_notice(ctx)
        for provider in sso_providers():
            label = ctx.t("auth.sso") + (f" · {provider}" if provider else "")
            if st.button(label, key=f"auth_sso_{provider or 'default'}", icon=":material/key:"):
                try:
                    st.login(provider) if provider else st.login()
                except Exception as e:   # Authlib missing, bad provider settings: say so, do not crash
                    st.error(md(ctx.t("auth.sso_unavailable", error=str(e))))
    return None


def may_view(ctx, user: User | None) -> bool:
    return user is not None or not ctx.plan.app.require_login_to_view


def require_view(ctx, user: User | None) -> None:
    """With `require_login_to_view`, stop every page for anonymous visitors (app.py calls this)."""
    if not may_view(ctx, user):
        st.info(ctx.t("auth.login_to_view"), icon=":material/lock:")
        st.stop()


def require_role(ctx, needed: str, message_key: str | None = None) -> User:
    """Stop the page unless the session has the role; pages call this, not only hide buttons.
    `message_key` says why for a page that only reads (the default message speaks of changing data)."""
    user = current_user()
    if user is None or not has_role(user.role, needed):
        st.error(ctx.t(message_key or f"auth.need_role.{needed}"), icon=":material/lock:")
        st.stop()
    return user

"""Who is using the app and what they may do. (The accounts, login form and lockout come with the
access-control issue; until then this seam gives every session the analyst role so imports work.)"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from .pages import has_role


@dataclass(frozen=True)
class User:
    name: str
    role: str   # viewer | analyst | admin


def current_user() -> User | None:
    return st.session_state.get("_user") or User("local", "analyst")


def sidebar(ctx) -> User | None:
    return current_user()


def require_role(ctx, needed: str) -> User:
    """Stop the page unless the session has the role; pages call this, not only hide buttons."""
    user = current_user()
    if user is None or not has_role(user.role, needed):
        st.error(ctx.t("upload.need_role"))
        st.stop()
    return user

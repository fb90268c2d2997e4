"""Audit lines of sign-in events (signed in, failed, signed out, locked). A sign-in must not fail because an
import holds the store: a busy store skips the line."""
from __future__ import annotations

from ..store.database import Store, StoreBusy


def note_sign_in_event(store: Store, user: str, action: str, detail: str) -> None:
    try:
        store.audit(user, action, detail)
    except StoreBusy:
        pass

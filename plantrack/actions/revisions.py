"""Rollback and restore of a revision: its values stop (or start again) counting. Nothing is deleted; each is
an event in revision_events with its audit line, written together by the store. Analysts and admins only."""
from __future__ import annotations

from ..store.database import Store
from .actor import Actor, require


def set_revision_active(store: Store, actor: Actor | None, revision: int, active: bool, reason: str = "") -> None:
    actor = require(actor, "analyst")
    store.set_revision_active(revision, active, user=actor.name, reason=reason)

"""Who writes, and the one role check every action makes before it writes.

An `Actor` is anything with a `name` and a `role` (the signed-in `plantrack.ui.auth.User` is one). The CLI acts
as `shell_user(name)`, an admin: whoever runs it can already write the store file and the accounts file, so a
role would protect nothing there; the name is what the audit log records.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..store.accounts import has_role


class Actor(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class ShellUser:
    name: str
    role: str = "admin"


def shell_user(name: str) -> ShellUser:
    return ShellUser(name)


class NotAllowed(PermissionError):
    """The actor's role is below what the action needs; nothing was written."""

    def __init__(self, needed: str):
        self.needed = needed
        super().__init__(f"this needs the role {needed} or above; nothing was changed")


def require(actor: Actor | None, needed: str) -> Actor:
    """The actor, when its role is at least `needed`; else NotAllowed (also for nobody signed in)."""
    if actor is None or not has_role(actor.role, needed):
        raise NotAllowed(needed)
    return actor

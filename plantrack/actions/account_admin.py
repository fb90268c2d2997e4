"""Changes to local accounts, each followed by its audit line with the name of who made it.

Admins change any account (the admin page, and the CLI as `shell_user`); every signed-in user may change their
own password, proving the old one. Sign-in itself (authenticate, remembered sessions) is not an account change
and stays in plantrack/ui/auth.py; its audit lines go through `sign_in_audit`.
"""
from __future__ import annotations

from ..store.accounts import Account, AccountError, Accounts
from ..store.database import Store
from .actor import Actor, require


def add_account(accounts: Accounts, store: Store, actor: Actor | None, name: str, role: str,
                password: str) -> Account:
    actor = require(actor, "admin")
    acc = accounts.add(name, role, password)
    store.audit(actor.name, "user_add", f"account {acc.name} ({acc.role})")
    return acc


def remove_account(accounts: Accounts, store: Store, actor: Actor | None, name: str) -> None:
    actor = require(actor, "admin")
    accounts.remove(name)
    store.audit(actor.name, "user_remove", f"account {name}")


def reset_password(accounts: Accounts, store: Store, actor: Actor | None, name: str, password: str,
                   detail: str = "password reset by admin") -> None:
    """An admin sets another account's password (which also unlocks it)."""
    actor = require(actor, "admin")
    if accounts.get(name) is None:
        raise AccountError(f"no account {name!r}")
    accounts.set_password(name, password)
    store.audit(actor.name, "user_passwd", f"account {name}: {detail}")


def change_own_password(accounts: Accounts, store: Store, actor: Actor | None, old: str, new: str,
                        client: str | None = None) -> bool:
    """The signed-in user's own password, after proving the old one; False when the old one is wrong.
    Raises AccountLocked after too many wrong ones (counted like failed sign-ins)."""
    actor = require(actor, "viewer")
    if accounts.authenticate(actor.name, old, client=client) is None:
        return False
    accounts.set_password(actor.name, new)
    store.audit(actor.name, "user_passwd", f"account {actor.name}: password changed by its owner")
    return True


def set_role(accounts: Accounts, store: Store, actor: Actor | None, name: str, role: str) -> None:
    actor = require(actor, "admin")
    accounts.set_role(name, role)
    store.audit(actor.name, "user_role", f"account {name}: role {role}")


def unlock(accounts: Accounts, store: Store, actor: Actor | None, name: str) -> None:
    actor = require(actor, "admin")
    accounts.unlock(name)
    store.audit(actor.name, "user_unlock", f"account {name}")

"""user add|list|remove|passwd|role|unlock — local accounts (the file named by [app] accounts_file).

Passwords are read without echo (getpass) or, for scripts, as one line from stdin (--password-stdin);
never from the command line, where they would land in the shell history and the process list.
"""
from __future__ import annotations

import getpass
import sys

from ..actions import account_admin
from ..actions.actor import ShellUser, shell_user
from ..model.plan import get_plan
from ..store.accounts import ROLES, AccountError, Accounts
from ..store.database import Store
from ._common import default_user, print_json


def register(sub) -> None:
    p = sub.add_parser("user", help="manage local accounts (viewer, analyst, admin)")
    p.add_argument("--by", default=None, help="who makes the change, for the audit log (default: login name)")
    us = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    a = us.add_parser("add", help="add an account; the password is asked for without echo")
    a.add_argument("name")
    a.add_argument("--role", choices=ROLES, default="viewer")
    a.add_argument("--password-stdin", action="store_true", help="read the password from stdin (scripts)")
    a.set_defaults(func=run_add)

    ls = us.add_parser("list", help="list accounts (never passwords)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)

    r = us.add_parser("remove", help="remove an account")
    r.add_argument("name")
    r.set_defaults(func=run_remove)

    pw = us.add_parser("passwd", help="set a new password (also unlocks the account)")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true", help="read the password from stdin (scripts)")
    pw.set_defaults(func=run_passwd)

    ro = us.add_parser("role", help="change an account's role")
    ro.add_argument("name")
    ro.add_argument("role", choices=ROLES)
    ro.set_defaults(func=run_role)

    un = us.add_parser("unlock", help="lift a lockout after failed sign-ins")
    un.add_argument("name")
    un.set_defaults(func=run_unlock)


def _accounts() -> Accounts:
    return Accounts.from_plan(get_plan())


def _by(args) -> ShellUser:
    return shell_user(default_user(args.by))


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    first = getpass.getpass("password: ")
    if getpass.getpass("repeat password: ") != first:
        raise AccountError("the two passwords differ; nothing changed")
    return first


def run_add(args) -> int:
    acc = account_admin.add_account(_accounts(), Store(), _by(args), args.name, args.role,
                                    read_password(args.password_stdin))
    print(f"added {acc.name} ({acc.role})")
    return 0


def run_list(args) -> int:
    import time
    now = time.time()
    rows = [{"name": a.name, "role": a.role, "created_at": a.created_at,
             "password_changed_at": a.password_changed_at, "locked": a.locked(now),
             "must_change_password": a.must_change_password} for a in _accounts().list()]
    if args.json:
        print_json(rows)
    elif not rows:
        print("no accounts yet (the app creates an admin on first start, or use `user add`)")
    else:
        for r in rows:
            flags = ("  [locked]" if r["locked"] else "") + \
                ("  [must change password]" if r["must_change_password"] else "")
            print(f"{r['name']:<24} {r['role']:<8} created {r['created_at']}{flags}")
    return 0


def run_remove(args) -> int:
    account_admin.remove_account(_accounts(), Store(), _by(args), args.name)
    print(f"removed {args.name}")
    return 0


def run_passwd(args) -> int:
    accounts = _accounts()
    if accounts.get(args.name) is None:
        raise AccountError(f"no account {args.name!r}")
    account_admin.reset_password(accounts, Store(), _by(args), args.name, read_password(args.password_stdin),
                                 detail="password changed")
    print(f"password changed for {args.name}")
    return 0


def run_role(args) -> int:
    account_admin.set_role(_accounts(), Store(), _by(args), args.name, args.role)
    print(f"{args.name} is now {args.role}")
    return 0


def run_unlock(args) -> int:
    account_admin.unlock(_accounts(), Store(), _by(args), args.name)
    print(f"unlocked {args.name}")
    return 0

"""rollback REV / restore REV — a revision's values stop (or start again) counting. Nothing is deleted:
each is an event in revision_events and in the audit log, and can itself be undone."""
from __future__ import annotations

from ..actions.actor import shell_user
from ..actions.revisions import set_revision_active
from ..store.database import Store
from ._common import default_user


def register(sub) -> None:
    for name, active, help_ in (("rollback", False, "roll a revision back: its values stop counting"),
                                ("restore", True, "restore a rolled-back revision")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("revision", type=int, metavar="REV")
        p.add_argument("--reason", default="", help="why (kept in the audit log)")
        p.add_argument("--user", default=None, help="who (default: $PLANTRACK_USER or the login name)")
        p.set_defaults(func=run, active=active)


def run(args) -> int:
    store = Store()
    set_revision_active(store, shell_user(default_user(args.user)), args.revision, args.active, reason=args.reason)
    h = store.history()
    row = h[h.revision == args.revision].iloc[0]
    state = "restored" if args.active else "rolled back"
    print(f"revision {args.revision} ({row.file_name or row.note}) {state}")
    return 0

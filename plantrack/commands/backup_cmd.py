"""backup OUT / restore-backup IN — a consistent copy of the store while the app runs, and putting one back
(plantrack/actions/backups.py does both, with their audit lines)."""
from __future__ import annotations

from ..actions.actor import shell_user
from ..actions.backups import backup_store, restore_backup
from ._common import USER_HELP, default_user


def register(sub) -> None:
    p = sub.add_parser("backup", help="write a consistent copy of the store (safe while the app runs)")
    p.add_argument("out", metavar="OUT")
    p.add_argument("--user", default=None, help=USER_HELP)
    p.set_defaults(func=run_backup)
    r = sub.add_parser("restore-backup", help="replace the store by a backup (works on a damaged store; the "
                                              "current file is kept, unopened)")
    r.add_argument("backup", metavar="IN")
    r.add_argument("--user", default=None, help=USER_HELP)
    r.set_defaults(func=run_restore)


def run_backup(args) -> int:
    info = backup_store(args.out, shell_user(default_user(args.user)))
    print(f"backup written to {info.path}: {info.revisions} revisions, {info.size_bytes / 1e6:.1f} MB")
    return 0


def run_restore(args) -> int:
    info, kept = restore_backup(args.backup, shell_user(default_user(args.user)))
    print(f"store restored from {info.path}: {info.revisions} revisions")
    if kept:
        print(f"the previous store is kept as {kept}")
    return 0

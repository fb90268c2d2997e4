"""history — the revisions, newest first."""
from __future__ import annotations

from ..store.database import Store
from ._common import print_json


def register(sub) -> None:
    p = sub.add_parser("history", help="list revisions, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args) -> int:
    df = Store().history()
    rows = [{"revision": int(r.revision), "file": r.file_name, "sha256": r.sha256,
             "imported_at": r.imported_at.isoformat(sep=" ", timespec="seconds"), "user": r.user_name,
             "records": int(r.record_count), "active": bool(r.active), "kind": r.kind}
            for r in df.itertuples(index=False)]
    if args.json:
        print_json(rows)
    elif not rows:
        print("no revisions yet")
    else:
        for r in rows:
            flag = "" if r["active"] else "  [rolled back]"
            print(f"{r['revision']:>5}  {r['imported_at']}  {r['user']:<12} {r['records']:>6}  {r['file']}{flag}")
    return 0

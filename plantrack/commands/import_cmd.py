"""import PATH... — parse spreadsheets and store each as a revision."""
from __future__ import annotations

import sys

from ..actions.actor import shell_user
from ..actions.file_import import import_paths
from ._common import default_user, one_line, print_json


def register(sub) -> None:
    p = sub.add_parser("import", help="import spreadsheets (xlsx, xls, ods, csv) as revisions")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--dry-run", action="store_true", help="parse and report, store nothing")
    p.add_argument("--json", action="store_true", help="print what was recognised as JSON")
    p.add_argument("--user", default=None, help="who imports (default: $PLANTRACK_USER or the login name)")
    p.add_argument("--year", type=int, default=None, help="plan year when a file names no year")
    p.add_argument("--unit", choices=["元", "万元", "亿元"], default=None,
                   help="unit of amounts the files do not state (never assumed: without it such files are refused)")
    p.set_defaults(func=run)


def run(args) -> int:
    entries, errors, stored = import_paths(args.paths, actor=shell_user(default_user(args.user)),
                                           dry_run=args.dry_run, year=args.year, unit=args.unit)
    for done in stored:
        if done.notice:
            print(f"notice: {one_line(done.notice)}", file=sys.stderr)
    if args.json:
        print_json({"files": entries})
    else:
        for e in entries:
            where = f"revision {e['revision']}" if "revision" in e else (
                f"already imported as revision {e['already_imported']}" if "already_imported" in e else "dry run")
            print(f"{one_line(e['file'])}: {len(e['records'])} values, {len(e['milestones'])} milestones, "
                  f"{len(e['skipped'])} rows skipped, {len(e['warnings'])} warnings — {where}")
            for r in e["records"]:
                if r.get("growth_source") == "derived":
                    print(f"  {r['indicator']} {r['period']}: growth {r['growth_pct']:g}% (推算 / derived from "
                          f"two levels)")
            for w in e["warnings"]:
                print(f"  warning: {one_line(w)}")
    for err in errors:
        print(f"error: {one_line(err)}", file=sys.stderr)
    return 2 if errors else 0

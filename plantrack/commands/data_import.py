"""import PATH... — parse spreadsheets and store each as a revision."""
from __future__ import annotations

import sys
from pathlib import Path

from ..ingest.model import IngestError
from ..plan import get_plan
from ..store import AlreadyImported, Store
from ._common import default_user, print_json


def register(sub) -> None:
    p = sub.add_parser("import", help="import spreadsheets (xlsx, xls, ods, csv) as revisions")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--dry-run", action="store_true", help="parse and report, store nothing")
    p.add_argument("--json", action="store_true", help="print what was recognised as JSON")
    p.add_argument("--user", default=None, help="who imports (default: $PLANTRACK_USER or the login name)")
    p.add_argument("--year", type=int, default=None, help="plan year when a file names no year")
    p.set_defaults(func=run)


def import_files(paths, *, user: str, dry_run: bool = False, year: int | None = None,
                 store: Store | None = None):
    """Parse and store each file. Returns (per-file JSON entries, error lines)."""
    # imported here so `--help` works without the readers' dependencies
    from ..ingest.files import read_regular_file
    from ..ingest.sandbox import parse_untrusted
    plan = get_plan()
    store = None if dry_run else (store or Store())
    entries, errors = [], []
    for path in paths:
        name = Path(path).name
        try:
            data = read_regular_file(path, name, plan.import_)
            parsed = parse_untrusted(plan, data, name, year_hint=year)   # in a limited worker process
        except IngestError as e:
            errors.append(str(e))
            continue
        except OSError as e:
            errors.append(f"{name}: cannot read the file: {e.strerror or e}")
            continue
        entry = parsed.as_json(plan.app.home_district)
        if store is not None:
            try:
                result = store.import_parsed(parsed, user=user, content=data)
                entry["revision"] = result.revision
            except AlreadyImported as e:
                entry["already_imported"] = e.revision
                print(f"notice: {e}", file=sys.stderr)
        entries.append(entry)
    return entries, errors


def run(args) -> int:
    entries, errors = import_files(args.paths, user=args.user or default_user(), dry_run=args.dry_run,
                                   year=args.year)
    if args.json:
        print_json({"files": entries})
    else:
        for e in entries:
            where = f"revision {e['revision']}" if "revision" in e else (
                f"already imported as revision {e['already_imported']}" if "already_imported" in e else "dry run")
            print(f"{e['file']}: {len(e['records'])} values, {len(e['milestones'])} milestones, "
                  f"{len(e['skipped'])} rows skipped, {len(e['warnings'])} warnings — {where}")
            for w in e["warnings"]:
                print(f"  warning: {w}")
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    return 2 if errors else 0

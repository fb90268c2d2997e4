"""import PATH... — parse spreadsheets and store each as a revision."""
from __future__ import annotations

import sys
from pathlib import Path

from ..ingest.records import IngestError
from ..model.plan import get_plan
from ..store.database import AlreadyImported, Store
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


def import_files(paths, *, user: str, dry_run: bool = False, year: int | None = None,
                 store: Store | None = None, unit: str | None = None):
    """Parse every file, then store each as a revision. Returns (per-file JSON entries, error lines).

    Files that disagree with each other on a figure refuse the whole import (nothing is stored), naming both."""
    # imported here so `--help` works without the readers' dependencies
    from ..ingest import check_across_files
    from ..ingest.files import read_regular_file
    from ..ingest.sandbox import parse_untrusted
    plan = get_plan()
    store = None if dry_run else (store or Store())
    parsed_files, errors = [], []
    for path in paths:
        name = Path(path).name
        try:
            data = read_regular_file(path, name, plan.import_)
            # in a limited worker process
            parsed_files.append((parse_untrusted(plan, data, name, year_hint=year, unit=unit), data))
        except IngestError as e:
            errors.append(str(e))
        except OSError as e:
            errors.append(f"{name}: cannot read the file: {e.strerror or e}")
    try:
        check_across_files([p for p, _ in parsed_files])
    except IngestError as e:
        return [], errors + [str(e)]
    entries = []
    for parsed, data in parsed_files:
        entry = parsed.as_json(plan.app.home_district)
        entry["warnings"] = entry["warnings"] + derived_growth_warnings(plan, parsed)
        if store is None:        # dry run: no store to compare with, the growth range still applies
            from ..ingest.plausibility import check_growth_range
            entry["warnings"] += check_growth_range(plan, parsed)
        else:
            entry["warnings"] += plausibility_warnings(plan, store, parsed)
            try:
                result = store.import_parsed(parsed, user=user, content=data)
                entry["revision"] = result.revision
            except AlreadyImported as e:
                entry["already_imported"] = e.revision
                print(f"notice: {one_line(e)}", file=sys.stderr)
        entries.append(entry)
    return entries, errors


def derived_growth_warnings(plan, parsed) -> list[str]:
    from ..ingest.plausibility import derived_growth_notes
    return derived_growth_notes(plan, parsed)


def plausibility_warnings(plan, store, parsed) -> list[str]:
    from ..ingest.plausibility import check_against_store
    return check_against_store(plan, store, parsed)


def run(args) -> int:
    entries, errors = import_files(args.paths, user=default_user(args.user), dry_run=args.dry_run,
                                   year=args.year, unit=args.unit)
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

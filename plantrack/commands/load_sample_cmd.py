"""load-sample — load the bundled sample data (data/sample/) into an empty store."""
from __future__ import annotations

from ..actions.actor import shell_user
from ..actions.file_import import import_paths
from ..model.plan import PROJECT_ROOT
from ..store.database import Store

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
SAMPLE_SUFFIXES = {".xlsx", ".xls", ".ods", ".csv"}


def sample_files() -> list:
    return sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix.lower() in SAMPLE_SUFFIXES and "示例数据" in p.name)


def register(sub) -> None:
    p = sub.add_parser("load-sample", help="load the bundled 示例数据 into an empty store")
    p.add_argument("--force", action="store_true", help="load even when the store already has revisions")
    p.set_defaults(func=run)


def run(args) -> int:
    store = Store()
    if len(store.history()) and not args.force:
        print("the store already has data; sample not loaded (use --force to add it)")
        return 0
    entries, errors, _ = import_paths(sample_files(), actor=shell_user("sample"), store=store)
    for e in entries:
        print(f"loaded {e['file']}: {len(e['records'])} values, {len(e['milestones'])} milestones")
    for err in errors:
        print(f"error: {err}")
    return 2 if errors else 0

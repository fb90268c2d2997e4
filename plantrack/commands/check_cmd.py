"""check — is the store sound? Copies it (with its WAL) under the store lock to a private scratch folder and
examines the copy as opening would: schema upgrade, columns compared with the schema, every block read. The
store itself is never opened or changed, so check works on a damaged store too. Lists the backups to restore
from. Exit 0 when sound, 1 when not (scripts can alert)."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from ..store.database import Store, db_path
from ..store.health import Health, examine
from ..store.owner_files import wal
from ._common import print_json


def register(sub) -> None:
    p = sub.add_parser("check", help="report the store's health (read-only) and the backups to restore from")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def backups(path: Path) -> list[Path]:
    """Store copies next to the store (data/backups/), newest first."""
    folder = path.parent / "backups"
    found = [p for p in folder.glob("*.duckdb") if p.is_file()] if folder.is_dir() else []
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def check_store(path: str | os.PathLike | None = None, timeout: float = 30.0) -> Health:
    path = db_path(path)
    scratch = Path(tempfile.mkdtemp(prefix=path.name + ".check.", dir=path.parent))   # 0700
    try:
        copy = scratch / path.name
        with Store.unopened(path, timeout).lock():
            if not path.is_file():
                return examine(path)
            shutil.copyfile(path, copy)
            if wal(path).exists():
                shutil.copyfile(wal(path), wal(copy))
        health = examine(copy, upgrade=True)
        health.path, health.size_bytes = path, path.stat().st_size
        if health.problem:
            health.problem = health.problem.replace(copy.name, path.name, 1)
        return health
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _mode(p: Path) -> str | None:
    return f"{p.stat().st_mode & 0o777:o}" if p.exists() else None


def run(args) -> int:
    path = db_path()
    health = check_store(path)
    found = backups(path)
    report = {"store": str(path), "ok": health.ok, "problem": health.problem, "size_bytes": health.size_bytes,
              "mode": _mode(path), "wal_bytes": wal(path).stat().st_size if wal(path).exists() else 0,
              "rows": health.rows, "older_schema_adds": health.upgraded,
              "backups": [{"path": str(b), "size_bytes": b.stat().st_size,
                           "modified": dt.datetime.fromtimestamp(b.stat().st_mtime).isoformat(timespec="seconds")}
                          for b in found]}
    if args.json:
        print_json(report)
        return 0 if health.ok else 1
    if health.ok:
        rows = ", ".join(f"{t} {n}" for t, n in health.rows.items())
        print(f"store {path}: sound ({health.size_bytes / 1e6:.1f} MB; {rows})")
        if health.upgraded:
            print(f"older schema: opening it adds {', '.join(health.upgraded)}")
    else:
        print(f"store {path}: DAMAGED — {health.problem}")
        print("recover with: python -m plantrack restore-backup BACKUP (the damaged file is kept, unopened)")
    print(f"backups in {path.parent / 'backups'}: " + (", ".join(b.name for b in found[:5]) if found else "none"))
    return 0 if health.ok else 1

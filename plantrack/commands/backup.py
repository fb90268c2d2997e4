"""backup OUT / restore-backup IN — a consistent copy of the store while the app runs, and putting one back.

The app and the CLI open the DuckDB file only under the store lock (see plantrack/store.py), so holding that
lock, checkpointing (folding the write-ahead log into the file) and closing leaves a file nobody writes to
until we let go: copying it then gives a consistent snapshot. Both directions verify that the copy opens and
holds the revisions before anything is replaced, and restore-backup keeps the store it replaces as a
timestamped file under data/backups/ — nothing is lost, and a wrong restore can itself be undone.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..queries import run_query
from ..store import Store
from ._common import default_user


class BackupError(ValueError):
    """A backup file that does not open as a plantrack store, or a target that cannot be written."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revisions: int
    audit_events: int
    size_bytes: int


def register(sub) -> None:
    p = sub.add_parser("backup", help="write a consistent copy of the store (safe while the app runs)")
    p.add_argument("out", metavar="OUT")
    p.add_argument("--user", default=None, help="who (default: $PLANTRACK_USER or the login name)")
    p.set_defaults(func=run_backup)
    r = sub.add_parser("restore-backup", help="replace the store by a backup (the current store is kept)")
    r.add_argument("backup", metavar="IN")
    r.add_argument("--user", default=None, help="who (default: $PLANTRACK_USER or the login name)")
    r.set_defaults(func=run_restore)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def inspect(path: str | os.PathLike) -> BackupInfo:
    """Open a store file read-only and count what it holds; BackupError when it is not a plantrack store."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    with open(path, "rb") as f:
        head = f.read(12)
    if head[8:12] != b"DUCK":   # DuckDB's file header magic
        raise BackupError(f"{path}: not a DuckDB store file (no DuckDB header); nothing was changed")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise BackupError(f"{path}: not a DuckDB store ({str(e).splitlines()[0]})") from None
    try:
        revisions = len(run_query(con, "revision_history"))
        audit = len(run_query(con, "audit_list", limit=2 ** 31 - 1))
    except duckdb.Error as e:
        raise BackupError(f"{path}: opens, but is not a plantrack store ({str(e).splitlines()[0]})") from None
    finally:
        con.close()
    return BackupInfo(path, revisions, audit, path.stat().st_size)


def _checkpoint(store: Store, deadline: float) -> tuple[int, int]:
    """Fold the WAL into the file and close it (called under the store lock). Returns the counts."""
    con = store._open_with_retry(deadline)
    try:
        con.execute("checkpoint")
        counts = len(run_query(con, "revision_history")), len(run_query(con, "audit_list", limit=2 ** 31 - 1))
    finally:
        con.close()
    if _wal(store.path).exists() and _wal(store.path).stat().st_size > 0:
        raise BackupError(f"{store.path}: the write-ahead log was not folded in by CHECKPOINT; not copying")
    return counts


def backup_store(out: str | os.PathLike, user: str, store: Store | None = None) -> BackupInfo:
    store = store or Store()
    out = Path(out)
    if out.exists() and out.is_dir():
        out = out / f"{store.path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}.duckdb"
    if out.resolve() == store.path.resolve():
        raise BackupError("the backup must not overwrite the store itself")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".partial", dir=out.parent)
    os.close(fd)
    try:
        with store.lock() as deadline:
            revisions, audit = _checkpoint(store, deadline)
            shutil.copyfile(store.path, tmp)
        info = inspect(tmp)
        if (info.revisions, info.audit_events) != (revisions, audit):
            raise BackupError(f"the copy holds {info.revisions} revisions, the store {revisions}; not kept")
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    store.audit(user, "backup", f"backup written to {out} ({revisions} revisions)")
    return BackupInfo(out, revisions, audit, out.stat().st_size)


def restore_backup(src: str | os.PathLike, user: str, store: Store | None = None) -> tuple[BackupInfo, Path | None]:
    """Replace the store by the backup `src`. Returns (what was restored, where the old store was kept)."""
    src = Path(src)
    info = inspect(src)   # refuse before touching anything
    store = store or Store()
    keep_dir = store.path.parent / "backups"
    keep_dir.mkdir(parents=True, exist_ok=True)
    kept: Path | None = None
    fd, tmp = tempfile.mkstemp(prefix=store.path.name + ".", suffix=".restoring", dir=store.path.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        if inspect(tmp).revisions != info.revisions:
            raise BackupError(f"{src}: the copy differs from the backup; the store was not replaced")
        with store.lock(write=True) as deadline:   # a new generation: the app's caches are stale
            if store.path.exists():
                _checkpoint(store, deadline)
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
                kept = keep_dir / f"{store.path.stem}-before-restore-{stamp}.duckdb"
                shutil.copy2(store.path, kept)
                wal = _wal(store.path)
                if wal.exists():   # empty after the checkpoint, but never replay it onto another database
                    os.replace(wal, kept.with_name(kept.name + ".wal"))
            os.replace(tmp, store.path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    Store(store.path, timeout=store.timeout).audit(
        user, "restore_backup",
        f"store replaced by backup {src} ({info.revisions} revisions)" + (f"; previous store kept as {kept}" if kept else ""))
    return info, kept


def run_backup(args) -> int:
    info = backup_store(args.out, user=args.user or default_user())
    print(f"backup written to {info.path}: {info.revisions} revisions, {info.size_bytes / 1e6:.1f} MB")
    return 0


def run_restore(args) -> int:
    info, kept = restore_backup(args.backup, user=args.user or default_user())
    print(f"store restored from {info.path}: {info.revisions} revisions")
    if kept:
        print(f"the previous store is kept as {kept}")
    return 0

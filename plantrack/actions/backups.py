"""Backup and restore-backup of the store, with their audit lines; admins only (the CLI's `backup` and
`restore-backup` act as the shell user).

The app and the CLI open the DuckDB file only under the store lock (see plantrack/store/database.py), so
holding that lock, checkpointing (folding the write-ahead log into the file) and closing leaves a file nobody
writes to until we let go: copying it then gives a consistent snapshot, which is then read in full
(plantrack/store/health.py) — a store with a damaged block gives no backup, not a silent bad one.

restore-backup is the way out of a damaged store, so it never opens the current store: the backup is copied
to a scratch file, checked by its columns and read in full there (an older schema is upgraded on that copy),
and only then, under the lock, the current file and its WAL are moved aside under data/backups/ unopened and
the checked copy takes their place. Nothing is lost, and a wrong restore can itself be undone.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..store.database import Store, StoreDamaged, db_path
from ..store.health import Health, NotAStore, examine, require_sound
from ..store.owner_files import restrict
from ..store.owner_files import wal as _wal
from .actor import Actor, require


class BackupError(ValueError):
    """A backup file that is not a sound plantrack store, or a target that cannot be written."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revisions: int
    audit_events: int
    size_bytes: int

    @classmethod
    def of(cls, path: Path, health: Health) -> "BackupInfo":
        return cls(path, health.revisions, health.audit_events, path.stat().st_size)


def inspect(path: str | os.PathLike) -> BackupInfo:
    """Check a store file read-only (columns, every block); BackupError when it is not a sound store."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path.name}: no such backup file")
    try:
        return BackupInfo.of(path, require_sound(path))
    except NotAStore as e:
        raise BackupError(f"{e}; nothing was changed") from None


def backup_store(out: str | os.PathLike, actor: Actor | None, store: Store | None = None) -> BackupInfo:
    user = require(actor, "admin").name
    store = store or Store()
    out = Path(out)
    if out.exists() and out.is_dir():
        out = out / f"{store.path.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}.duckdb"
    if out.resolve() == store.path.resolve():
        raise BackupError("the backup must not overwrite the store itself")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".partial", dir=out.parent)   # 0600
    os.close(fd)
    try:
        with store.lock() as deadline:
            store.checkpoint(deadline)
            if _wal(store.path).exists() and _wal(store.path).stat().st_size > 0:
                raise BackupError(f"{store.path.name}: the write-ahead log was not folded in by CHECKPOINT; "
                                  f"not copying")
            shutil.copyfile(store.path, tmp)
        health = examine(tmp)
        if not health.ok:   # the copy is the store's bytes: the store itself has the damage
            raise StoreDamaged(store.path, (health.problem or "").split(": ", 1)[-1] + "; no backup was written")
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    store.audit(user, "backup", f"backup written to {out.name} ({health.revisions} revisions)")
    return BackupInfo.of(out, health)


def restore_backup(src: str | os.PathLike, actor: Actor | None, store: Store | None = None,
                   store_path: str | os.PathLike | None = None,
                   timeout: float = 30.0) -> tuple[BackupInfo, Path | None]:
    """Replace the store (`store`, or the file at `store_path`, or the configured one) by the backup `src`.
    Returns (what was restored, where the old store was kept).

    Works whatever state the current store is in: it is moved aside without being opened."""
    user = require(actor, "admin").name
    src = Path(src)
    if not src.is_file():
        raise BackupError(f"{src.name}: no such backup file")
    target = store.path if store is not None else db_path(store_path)
    timeout = store.timeout if store is not None else timeout
    target.parent.mkdir(parents=True, exist_ok=True)
    keep_dir = target.parent / "backups"
    keep_dir.mkdir(parents=True, exist_ok=True)
    kept: Path | None = None
    scratch = Path(tempfile.mkdtemp(prefix=target.name + ".restoring.", dir=target.parent))   # 0700
    tmp = scratch / target.name
    try:
        shutil.copyfile(src, tmp)
        restrict(tmp)
        try:
            health = require_sound(tmp, upgrade=True)   # an older schema is upgraded here, on the copy
        except NotAStore as e:
            raise BackupError(f"{src.name}: {str(e).split(': ', 1)[-1]}; the store was not replaced") from None
        # the lock only (Store() would open, and need, the current file); a new generation on release
        with Store.unopened(target, timeout).lock(write=True):
            if target.exists():
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
                kept = keep_dir / f"{target.stem}-before-restore-{stamp}.duckdb"
                os.replace(target, kept)
                if _wal(target).exists():   # moved with its file: it belongs to it, never to the backup
                    os.replace(_wal(target), _wal(kept))
                restrict(kept, _wal(kept))
            os.replace(tmp, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    Store(target, timeout=timeout).audit(
        user, "restore_backup",
        f"store replaced by backup {src.name} ({health.revisions} revisions)"
        + (f"; previous store kept as {kept.name}" if kept else ""))
    return BackupInfo(src, health.revisions, health.audit_events, src.stat().st_size), kept



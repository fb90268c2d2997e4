"""The DuckDB store: revisions, observations, milestones, audit, original uploads.

DuckDB lets one process hold a database file for writing, and a second process cannot even open it
read-only meanwhile. So every access — the app's reads, the CLI's imports — opens the file briefly under an
exclusive lock (`<db>.lock`, fcntl, shared by threads and processes) and closes it again. Writers wait for
the lock (up to `timeout` s) and then fail with a clear message; nobody ever corrupts or loses data.

An import is one transaction: the revision row, its observations and milestones land together or not at all,
even if the process is killed mid-way (DuckDB's WAL replays or discards it on the next open).

The generation (the app's cache key for "what the store holds") lives in a small file next to the database,
`<db>.generation`, replaced atomically after every committed write, so the app learns it with one `stat` per
run instead of opening the database (see `Store.generation`).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ..ingest.records import ParsedFile
from ..model.periods import parse_key
from ..model.plan import PROJECT_ROOT
from .health import first_line
from .owner_files import open_private, restrict, wal
from .queries import execute, run_query

DEFAULT_DB = PROJECT_ROOT / "data" / "plantrack.duckdb"
_thread_lock = threading.RLock()
_PENDING = " pending"   # appended to the generation while a write holds the lock (a crash leaves it there)


class StoreBusy(RuntimeError):
    """Another process held the store for longer than the timeout."""


class StoreDamaged(RuntimeError):
    """The store file cannot be read (damaged or not a store). One line, with the way out; no traceback."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"the store {path.name} is damaged ({reason}); nothing was changed. Run "
                         f"`python -m plantrack check`, then `python -m plantrack restore-backup BACKUP` "
                         f"/ 数据库文件已损坏，请用备份恢复")


def _held_by_another_process(e: duckdb.Error) -> bool:
    """DuckDB's "Could not set lock on file …: Conflicting lock is held" (not "block", which damage names)."""
    text = str(e).lower()
    return "could not set lock" in text or "conflicting lock" in text


def _is_damage(e: duckdb.Error) -> bool:
    """DuckDB errors that mean the file cannot be read, as opposed to a wrong query or a busy file."""
    if isinstance(e, (duckdb.IOException, duckdb.InternalException, duckdb.FatalException,
                      duckdb.SerializationException)):
        return not _held_by_another_process(e)
    return "corrupt" in str(e).lower() or "checksum" in str(e).lower() or type(e) is duckdb.Error


class AlreadyImported(ValueError):
    """The same file content was imported before (detected by sha256)."""

    def __init__(self, file_name: str, revision: int, original_name: str):
        self.revision = revision
        super().__init__(f"{file_name}: this file was already imported as revision {revision} "
                         f"({original_name}); nothing was stored again / 该文件已导入过（修订 {revision}）")


def db_path(path: str | os.PathLike | None = None) -> Path:
    return Path(path or os.environ.get("PLANTRACK_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class ImportResult:
    revision: int
    file: str
    records: int
    milestones: int


class Store:
    def __init__(self, path: str | os.PathLike | None = None, timeout: float = 30.0):
        self._handle(path, timeout)
        # A new database file gets a new generation: a token left by a deleted store of the same name
        # must not match caches filled from it.
        with self.connect(write=not self.path.exists()) as con:
            execute(con, "schema")
        restrict(self.path)   # DuckDB created it with the process umask; a 0644 file from before is tightened

    @classmethod
    def unopened(cls, path: str | os.PathLike | None = None, timeout: float = 30.0) -> "Store":
        """A handle that does not open the database: its lock for restore-backup and check, which must work
        on a store that does not open at all."""
        store = cls.__new__(cls)
        store._handle(path, timeout)
        return store

    def _handle(self, path, timeout: float) -> None:
        self.path = db_path(path)
        self.timeout = timeout
        self.generation_path = self.path.with_name(self.path.name + ".generation")
        self._generation_seen: tuple[tuple | None, str] | None = None   # (file identity, token) of the last read
        self._session = threading.local()                        # a connection held by `session()`
        self.path.parent.mkdir(parents=True, exist_ok=True)

    # ── access ──
    @contextlib.contextmanager
    def connect(self, write: bool = False):
        """An open connection held under the store lock; closed on exit. Inside `session()` (same thread),
        the session's connection. `write=True` for anything that changes what the app shows: the
        generation is marked pending meanwhile and replaced when the lock is released."""
        held = getattr(self._session, "con", None)
        if held is not None:
            if write:
                self._write_generation(pending=True)
            yield held
            return
        with self.lock(write=write) as deadline:
            con = self._open_with_retry(deadline)
            try:
                yield con
            except duckdb.Error as e:
                if _is_damage(e):
                    raise StoreDamaged(self.path, first_line(e)) from None
                raise
            finally:
                con.close()
                restrict(wal(self.path))   # DuckDB keeps a WAL only while there are unfolded writes

    @contextlib.contextmanager
    def session(self):
        """One connection (and one hold of the lock) for several reads, e.g. everything a page run needs
        from the store; `connect()` calls inside it, on this thread, reuse it. Writers wait meanwhile."""
        if getattr(self._session, "con", None) is not None:
            yield self._session.con
            return
        with self.connect() as con:
            self._session.con = con
            try:
                yield con
            finally:
                self._session.con = None

    @contextlib.contextmanager
    def lock(self, write: bool = False, blocking: bool = True):
        """Hold the store lock without a connection (backup and restore copy files under it).

        Yields the deadline (time.monotonic) by which opening the file should give up — or, with
        `blocking=False`, None at once when another holder has it. With `write=True` the generation is
        marked pending while the lock is held and replaced by a new one when it is released (also after a
        failed write: a needless new generation only costs the app one cache miss)."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        if not _thread_lock.acquire(blocking=blocking):
            yield None
            return
        try:
            with open_private(lock_path) as lock_file:
                deadline = time.monotonic() + self.timeout
                while True:
                    try:
                        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if not blocking:
                            yield None
                            return
                        if time.monotonic() > deadline:
                            raise StoreBusy(f"the store {self.path} is busy (another import or backup is running); "
                                            f"try again in a moment / 数据库正被占用，请稍后重试") from None
                        time.sleep(0.05)
                try:
                    if write:
                        self._write_generation(pending=True)
                    yield deadline
                finally:
                    try:
                        if write:
                            self._write_generation()
                    finally:
                        fcntl.flock(lock_file, fcntl.LOCK_UN)
        finally:
            _thread_lock.release()

    # ── generation ──
    def generation(self) -> str:
        """A token that changes with every committed write (import, edit, rollback, restore); the app's cache
        key. One `stat` when nothing changed since the last call; the database is never opened for it.

        The token is replaced (write to a temporary file, then rename) after each write commits, so a token
        is never newer than the data: a reader that sees the new token reads the new data. While a write
        holds the lock the file says "<old token> pending" and readers keep the old token (its data is still
        what is committed); a pending mark left by a killed writer is cleared by the next reader that gets
        the lock, with a fresh token."""
        seen = self._generation_seen
        ident = self._generation_identity()
        if seen is not None and ident is not None and seen[0] == ident:
            return seen[1]
        token, ident = self._read_generation()
        if token is None or token.endswith(_PENDING):
            with self.lock(blocking=False) as got:
                if got is not None:          # no write in progress: a missing file or a killed writer's mark
                    token, ident = self._read_generation()
                    if token is None or token.endswith(_PENDING):
                        self._write_generation()
                        token, ident = self._read_generation()
            if token is None:                # first use while someone else holds the lock: no cache key yet
                return uuid.uuid4().hex
            token = token.removesuffix(_PENDING)
            if token == "":
                return uuid.uuid4().hex
            return token                     # not remembered: look again next time
        self._generation_seen = (ident, token)
        return token

    def _generation_identity(self) -> tuple | None:
        try:
            st = os.stat(self.generation_path)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns

    def _read_generation(self) -> tuple[str | None, tuple | None]:
        try:
            with open(self.generation_path, encoding="ascii") as f:
                st = os.fstat(f.fileno())    # the identity of exactly the content read
                return f.read().strip() or None, (st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns)
        except FileNotFoundError:
            return None, None

    def _write_generation(self, pending: bool = False) -> None:
        """Under the lock only. A new token, or the current one marked pending."""
        if pending:
            current, _ = self._read_generation()
            token = (current or "").removesuffix(_PENDING) + _PENDING
        else:
            token = f"{time.time_ns():x}-{uuid.uuid4().hex[:12]}"
        tmp = self.generation_path.with_name(f"{self.generation_path.name}.{os.getpid()}.{threading.get_ident()}")
        with open(tmp, "w", encoding="ascii") as f:
            f.write(token + "\n")
        os.replace(tmp, self.generation_path)

    def _open_with_retry(self, deadline: float) -> duckdb.DuckDBPyConnection:
        # A process that does not use our lock (an older CLI, a DuckDB shell) may still hold the file.
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.Error as e:
                if not _held_by_another_process(e):
                    raise StoreDamaged(self.path, first_line(e)) from None
                if time.monotonic() > deadline:
                    raise StoreBusy(f"cannot open the store {self.path}: {first_line(e)}") from None
                time.sleep(0.1)

    def checkpoint(self, deadline: float) -> None:
        """Fold the write-ahead log into the file and close it. Only while holding `lock()` (backup copies the
        file right after, so nobody may write in between)."""
        con = self._open_with_retry(deadline)
        try:
            con.execute("checkpoint")
        finally:
            con.close()

    def query(self, name: str, **params) -> pd.DataFrame:
        with self.connect() as con:
            return run_query(con, name, **params)

    # ── writes ──
    def import_parsed(self, parsed: ParsedFile, user: str, content: bytes | None = None,
                      allow_duplicate: bool = False) -> ImportResult:
        """Store one parsed file as a new revision, atomically; the same content twice is refused."""
        return self._write_revision(parsed, user, kind="import", content=content,
                                    refuse_duplicate=not allow_duplicate)

    def record_edit(self, parsed: ParsedFile, user: str, note: str) -> ImportResult:
        """An edit made on a page (milestone status, a corrected value): a revision of kind 'edit'."""
        return self._write_revision(parsed, user, kind="edit", note=note)

    def _write_revision(self, parsed: ParsedFile, user: str, *, kind: str, content: bytes | None = None,
                        note: str | None = None, refuse_duplicate: bool = False) -> ImportResult:
        """One revision — its row, observations, milestones, the upload's bytes and the audit line — in one
        transaction."""
        obs, ms = observations_frame(parsed), milestones_frame(parsed)
        edit = kind == "edit"
        with self.connect(write=True) as con:
            con.execute("begin transaction")
            try:
                if refuse_duplicate:
                    dup = run_query(con, "revision_by_sha256", sha256=parsed.sha256)
                    if len(dup):
                        raise AlreadyImported(parsed.file, int(dup.revision.iloc[0]), str(dup.file_name.iloc[0]))
                rev = int(execute(con, "revision_next_id")[0][0])
                execute(con, "revision_insert", revision=rev, kind=kind, file_name=parsed.file,
                        sha256=None if edit else parsed.sha256, size_bytes=None if edit else parsed.size,
                        layout="edit" if edit else parsed.layout, user_name=user, record_count=len(obs) + len(ms),
                        note=note)
                con.register("incoming_observations", obs)
                execute(con, "observations_insert", revision=rev)
                con.unregister("incoming_observations")
                con.register("incoming_milestones", ms)
                execute(con, "milestones_insert", revision=rev)
                con.unregister("incoming_milestones")
                if content is not None:
                    execute(con, "upload_insert", sha256=parsed.sha256, file_name=parsed.file, content=content)
                detail = note if edit else f"{parsed.file} ({len(obs)} values, {len(ms)} milestones)"
                execute(con, "audit_insert", user_name=user, action=kind, detail=f"revision {rev}: {detail}")
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
        return ImportResult(revision=rev, file=parsed.file, records=len(obs), milestones=len(ms))

    def set_revision_active(self, revision: int, active: bool, user: str, reason: str = "") -> None:
        """Roll a revision back (its values stop counting) or restore it. Both are audited events."""
        history = self.history()
        row = history[history.revision == revision]
        if row.empty:
            raise ValueError(f"no revision {revision}")
        if bool(row.active.iloc[0]) == active:
            raise ValueError(f"revision {revision} is already {'active' if active else 'rolled back'}")
        action = "restore" if active else "rollback"
        with self.connect(write=True) as con:
            con.execute("begin transaction")
            try:
                execute(con, "revision_event_insert", revision=revision, action=action, user_name=user,
                        reason=reason)
                execute(con, "audit_insert", user_name=user, action=action,
                        detail=f"revision {revision}" + (f": {reason}" if reason else ""))
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise

    def audit(self, user: str, action: str, detail: str) -> None:
        with self.connect() as con:
            execute(con, "audit_insert", user_name=user, action=action, detail=detail)

    # ── reads ──
    def history(self) -> pd.DataFrame:
        return self.query("revision_history")

    def current_values(self, year: int, region: str) -> pd.DataFrame:
        return self.query("current_values_by_period", year=year, region=region)

    def periods_with_data(self, year: int, region: str) -> list[str]:
        return list(self.query("periods_with_data", year=year, region=region).period)

    def years_with_data(self) -> list[int]:
        return [int(y) for y in self.query("years_with_data").year]

    def milestones(self, year: int, end_month: int = 12) -> pd.DataFrame:
        return self.query("milestones_current", year=year, end_month=end_month)

    def value_history(self, indicator: str, period: str, region: str) -> pd.DataFrame:
        return self.query("value_history", indicator=indicator, period=period, region=region)

    def audit_log(self, limit: int = 500) -> pd.DataFrame:
        return self.query("audit_list", limit=limit)

    def upload_content(self, sha256: str) -> tuple[str, bytes] | None:
        df = self.query("upload_content", sha256=sha256)
        return None if df.empty else (str(df.file_name.iloc[0]), bytes(df.content.iloc[0]))


_OBS_COLUMNS = ["indicator", "period", "year", "end_month", "region", "value", "unit", "growth_pct", "prev_value",
                "rank", "source_sheet", "source_row", "source_column", "growth_source", "unit_source",
                "period_source", "measure_source"]


def observations_frame(parsed: ParsedFile) -> pd.DataFrame:
    rows = []
    for r in parsed.records:
        p = parse_key(r.period)
        loc = r.location
        rows.append((r.indicator, r.period, p.year, p.end_month, r.region, r.value, r.unit, r.growth_pct,
                     r.prev_value, r.rank, loc.sheet if loc else None, loc.row if loc else None,
                     loc.column if loc else None, r.growth_source if r.growth_pct is not None else None,
                     r.source_of("unit") or None, r.source_of("period") or None, r.source_of("measure") or None))
    df = pd.DataFrame(rows, columns=_OBS_COLUMNS)
    return df.astype({"value": "float64", "growth_pct": "float64", "prev_value": "float64", "year": "int32",
                      "end_month": "int32", "rank": "Int32", "source_row": "Int32",
                      "indicator": "object", "period": "object", "region": "object", "unit": "object",
                      "source_sheet": "object", "source_column": "object", "growth_source": "object",
                      "unit_source": "object", "period_source": "object", "measure_source": "object"})


def milestones_frame(parsed: ParsedFile) -> pd.DataFrame:
    rows = []
    for m in parsed.milestones:
        p = parse_key(m.period) if m.period else None
        year = p.year if p else (m.year or (int(m.date[:4]) if m.date else dt.date.today().year))
        rows.append((m.milestone, year, m.period, p.end_month if p else None, m.status, m.date, m.note))
    df = pd.DataFrame(rows, columns=["milestone", "year", "period", "end_month", "status", "status_date", "note"])
    return df.astype({"year": "int32", "end_month": "Int32", "milestone": "object", "period": "object",
                      "status": "object", "status_date": "object", "note": "object"})

"""Is a store file sound? For `check`, `backup` (verify the copy) and `restore-backup` (validate the backup).

A file is a plantrack store when its tables have our columns (names and types, read from DuckDB's catalog and
compared with what queries/schema.sql creates) — table names alone prove nothing. It is sound when every block
in use can be read: the integrity query reads every column of every row, and DuckDB checks each block's
checksum as it reads it. An older store (tables or columns a later version added) is upgraded by running the
schema on it, as opening does — here only ever on a scratch copy, never on a file someone may need untouched.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb

from .queries import execute, run_query

_MAGIC = b"DUCK"   # DuckDB's file header magic, at bytes 8..12


class NotAStore(ValueError):
    """The file is not a (sound) plantrack store; the message says why, in one line."""


@dataclass
class Health:
    path: Path
    size_bytes: int
    rows: dict[str, int] = field(default_factory=dict)       # table -> rows (after a full read)
    upgraded: list[str] = field(default_factory=list)        # tables/columns an older schema gained
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def revisions(self) -> int:
        return self.rows.get("revisions", 0)

    @property
    def audit_events(self) -> int:
        return self.rows.get("audit_log", 0)


def first_line(e: BaseException) -> str:
    """An exception as one short line (DuckDB messages run over several lines and quote file paths)."""
    text = " ".join(str(e).split())
    return text[:200]


@lru_cache(maxsize=1)
def expected_columns() -> dict[str, tuple[tuple[str, str], ...]]:
    """table -> ((column, type), …) as queries/schema.sql creates them."""
    con = duckdb.connect(":memory:")
    try:
        execute(con, "schema")
        return _columns(con)
    finally:
        con.close()


def _columns(con) -> dict[str, tuple[tuple[str, str], ...]]:
    df = run_query(con, "store_columns")
    out: dict[str, list[tuple[str, str]]] = {}
    for t, c, ty in df.itertuples(index=False):
        out.setdefault(t, []).append((c, ty))
    return {t: tuple(cols) for t, cols in out.items()}


def schema_problems(have: dict[str, tuple[tuple[str, str], ...]]) -> list[str]:
    """What differs from our schema in the tables we use: a missing table or column, a column of another
    type, a column we do not know. Other tables are ignored."""
    problems = []
    for table, cols in expected_columns().items():
        if table not in have:
            problems.append(f"no table {table}")
            continue
        got, want = dict(have[table]), dict(cols)
        lacking = [f"{c} {ty}" for c, ty in cols if got.get(c) != ty]
        unknown = [c for c in got if c not in want]
        if lacking or unknown:
            problems.append(f"table {table} has other columns (expected {', '.join(lacking) or '—'}"
                            + (f"; unknown {', '.join(unknown)}" if unknown else "") + ")")
    return problems


def _added(before: dict, after: dict) -> list[str]:
    out = []
    for table, cols in after.items():
        if table not in before:
            out.append(table)
        else:
            out += [f"{table}.{c}" for c, _ in cols if c not in dict(before[table])]
    return out


def check_header(path: Path) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError as e:
        raise NotAStore(f"{path.name}: cannot be read ({e.strerror})") from None
    if head[8:12] != _MAGIC:
        raise NotAStore(f"{path.name}: not a DuckDB store file (no DuckDB header)")


def examine(path: str | os.PathLike, upgrade: bool = False) -> Health:
    """Open the file, check its columns and read all of it. Never raises for a damaged or foreign file:
    `Health.problem` says what is wrong.

    Read-only by default. With `upgrade` (scratch copies only) the schema is run first, as opening a store
    does, so an older store gains what was added since (`Health.upgraded`), and the file is checkpointed:
    it can then replace a store as it is."""
    path = Path(path)
    health = Health(path, path.stat().st_size if path.is_file() else 0)
    if not path.is_file():
        health.problem = f"{path.name}: no such file"
        return health
    try:
        check_header(path)
        con = duckdb.connect(str(path), read_only=not upgrade)
    except NotAStore as e:
        health.problem = str(e)
        return health
    except duckdb.Error as e:
        health.problem = f"{path.name}: does not open ({first_line(e)})"
        return health
    try:
        before = _columns(con)
        if upgrade:
            try:
                execute(con, "schema")
            except duckdb.Error as e:   # e.g. an index or view on a column the file does not have
                problems = schema_problems(before) or [first_line(e)]
                health.problem = f"{path.name}: not a plantrack store: {'; '.join(problems)}"
                return health
        after = _columns(con)
        health.upgraded = _added(before, after)
        problems = schema_problems(after)
        if problems:
            health.problem = f"{path.name}: not a plantrack store: {'; '.join(problems)}"
            return health
        # run_query, not execute: execute() treats an error while fetching as "no rows"
        read = run_query(con, "store_integrity")
        health.rows = {t: int(n) for t, n in zip(read.table_name, read.n_rows)}
        if read.empty:
            raise duckdb.Error("the integrity read returned nothing")
        if upgrade:
            con.execute("checkpoint")
    except duckdb.Error as e:
        health.problem = f"{path.name}: damaged ({first_line(e)})"
    finally:
        con.close()
    return health


def require_sound(path: str | os.PathLike, upgrade: bool = False) -> Health:
    """examine(), raising NotAStore when the file is not a sound store."""
    health = examine(path, upgrade=upgrade)
    if not health.ok:
        raise NotAStore(health.problem)
    return health

"""Run the SQL in queries/*.sql by name, with DuckDB named parameters only.

`run_query(con, "current_values_by_period", year=2023, region="岳阳楼区")` loads the file, finds its
`$names` (after stripping comments and string literals, as datasette's utils.named_parameters does) and
refuses a call whose keyword arguments do not match them exactly — so a typo can never silently bind NULL,
and no SQL is ever assembled from strings.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRIP = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"", re.S)


class QueryError(ValueError):
    pass


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    if not _NAME.match(name):
        raise QueryError(f"bad query name {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise QueryError(f"no query file queries/{name}.sql")
    return path.read_text(encoding="utf-8")


def named_parameters(sql: str) -> set[str]:
    """The $names a statement uses, ignoring any inside comments or string literals."""
    return set(_PARAM.findall(_STRIP.sub(" ", sql)))


def _bind(name: str, params: dict) -> tuple[str, dict]:
    sql = load_sql(name)
    wanted = named_parameters(sql)
    given = set(params)
    if wanted != given:
        missing, extra = sorted(wanted - given), sorted(given - wanted)
        raise QueryError(f"queries/{name}.sql: parameters do not match (missing {missing}, unexpected {extra})")
    return sql, params


def run_query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a query file and return its rows as a DataFrame."""
    sql, p = _bind(name, params)
    return con.execute(sql, p).df() if p else con.execute(sql).df()


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[tuple]:
    """Run a statement file (insert, ddl) and return any rows as tuples."""
    sql, p = _bind(name, params)
    cur = con.execute(sql, p) if p else con.execute(sql)
    try:
        return cur.fetchall()
    except duckdb.Error:
        return []

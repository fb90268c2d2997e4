"""SQL only with bound parameters: no SQL is ever built from strings.

Every `.execute(...)` / `.sql(...)` / `.query(...)` on a connection in plantrack/ takes a literal constant
string (a fixed statement like "begin transaction"); everything else goes through plantrack.store.queries
(run_query / execute by file name), whose own con.execute(sql, params) is the one allowed dynamic call.
queries/*.sql hold one statement each with $named parameters and no templating.
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plantrack.store.queries import QUERIES_DIR, named_parameters

PACKAGE = REPO / "plantrack"
ALLOWED_DYNAMIC = {"plantrack/store/queries.py"}
SQL_METHODS = {"execute", "executemany", "sql", "query", "from_query"}
SQL_WORDS = re.compile(r"\b(select|insert|update|delete|create|drop|alter|attach|copy|pragma|export)\b", re.I)


def _is_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _violations(path: Path) -> list[str]:
    rel = path.relative_to(REPO).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        # plantrack.store.queries.execute(con, "name", ...) / run_query(con, "name", ...): the name is a literal, or a
        # variable passed through (Store.query) — load_sql accepts only ^[a-z][a-z0-9_]*$, never SQL text
        if isinstance(f, ast.Name) and f.id in ("execute", "run_query"):
            if len(node.args) < 2 or not isinstance(node.args[1], (ast.Constant, ast.Name)):
                out.append(f"{rel}:{node.lineno}: {f.id}() with a query name that is not a literal")
            continue
        if isinstance(f, ast.Attribute) and f.attr in SQL_METHODS:
            if f.attr == "query" and isinstance(f.value, (ast.Name, ast.Attribute)) and \
                    getattr(f.value, "id", getattr(f.value, "attr", "")) in ("store", "self", "_store") and \
                    node.args and _is_literal(node.args[0]) and re.fullmatch(r"[a-z][a-z0-9_]*", node.args[0].value):
                continue    # Store.query("query_file_name", **params)
            if not node.args:
                continue
            first = node.args[0]
            if _is_literal(first):
                continue
            if rel in ALLOWED_DYNAMIC:
                continue
            if f.attr == "query" and not isinstance(first, (ast.JoinedStr, ast.BinOp)) and not (
                    isinstance(first, ast.Call) and getattr(first.func, "attr", "") == "format"):
                # x.query(name) on something else (e.g. a DataFrame filter) — only string-built SQL is flagged
                continue
            out.append(f"{rel}:{node.lineno}: .{f.attr}() with a non-literal statement ({ast.unparse(first)[:60]})")
    # SQL-looking f-strings, %-formatting and .format() anywhere in the package
    for node in ast.walk(tree):
        text = None
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)) and _is_literal(node.left):
            text = node.left.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                and _is_literal(node.func.value):
            text = node.func.value.value
        if text and re.search(r"\b(select\s.+\sfrom|insert\s+into|delete\s+from|update\s+\w+\s+set|"
                              r"create\s+table|drop\s+table|attach\s+'|copy\s+\w+\s+(to|from)\s+')", text, re.I | re.S):
            out.append(f"{rel}:{node.lineno}: SQL built from a string: {text[:60]!r}")
    return out


def test_no_string_built_sql_in_package():
    files = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
    assert len(files) > 10
    problems = [v for p in files for v in _violations(p)]
    assert not problems, "\n".join(problems)


def test_checker_catches_string_built_sql(tmp_path):
    bad = tmp_path / "plantrack" / "bad.py"
    bad.parent.mkdir()
    bad.write_text(
        "def f(con, name, year):\n"
        "    con.execute(f\"select * from observations where indicator = '{name}'\")\n"
        "    con.execute(\"select * from t where y = \" + str(year))\n"
        "    con.execute(\"select * from t where y = {}\".format(year))\n"
        "    sql = 'delete from t where x = %s' % name\n"
        "    con.execute(sql)\n"
        "    execute(con, 'x' + name)\n", encoding="utf-8")
    global REPO
    saved, REPO = REPO, tmp_path
    try:
        problems = _violations(bad)
    finally:
        REPO = saved
    assert len(problems) >= 6, problems


def test_query_files_are_parametrised_statements():
    files = sorted(QUERIES_DIR.glob("*.sql"))
    assert len(files) > 10
    strip = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.S)
    for path in files:
        sql = path.read_text(encoding="utf-8")
        code = strip.sub(" ", sql)
        assert path.stem == path.stem.lower() and re.fullmatch(r"[a-z][a-z0-9_]*", path.stem), path.name
        assert sql.lstrip().startswith("--"), f"{path.name}: starts with a -- header saying what it does"
        assert not re.search(r"\{[^}]*\}|%s|%\(|\?", code), f"{path.name}: templating or positional placeholders"
        assert SQL_WORDS.search(code), path.name
        if path.stem != "schema":
            assert code.count(";") <= 1, f"{path.name}: one statement per file"
        for p in named_parameters(sql):
            assert re.fullmatch(r"[a-z][a-z0-9_]*", p), f"{path.name}: ${p}"

"""docs/ARCHITECTURE.md stays in step with the code (datasette's tests/test_docs.py, for modules).

- every module file under plantrack/ is named in the doc as its path (`plantrack/ingest/bureau.py`);
- every path `plantrack/….py` the doc names exists;
- every dotted name `plantrack.x.y` the doc names (a module, or a function, class or method in one, as the data
  path cites them) exists — read with ast, nothing imported.
"""
from __future__ import annotations

import ast
import re

import pytest
from _modules import REPO, module_files, tree

DOC = REPO / "docs" / "ARCHITECTURE.md"
MODULES = module_files()
_PATH = re.compile(r"plantrack(?:/[A-Za-z_][A-Za-z0-9_]*)*\.py")
_DOTTED = re.compile(r"\bplantrack(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _relpath(module: str) -> str:
    return MODULES[module].relative_to(REPO).as_posix()


def test_every_module_is_in_the_doc(doc):
    named = set(_PATH.findall(doc))
    missing = sorted(_relpath(m) for m in MODULES if _relpath(m) not in named)
    assert len(MODULES) > 50   # a broken walk must not pass by finding nothing
    assert missing == [], f"add these modules to docs/ARCHITECTURE.md (one line: what it owns): {missing}"


def test_every_path_in_the_doc_exists(doc):
    gone = sorted(p for p in set(_PATH.findall(doc)) if not (REPO / p).is_file())
    assert gone == [], f"docs/ARCHITECTURE.md names files that do not exist: {gone}"


def _defined(body: list[ast.stmt], name: str) -> ast.AST | None:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return node
        if isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name) == name for a in node.names):
            return node       # re-exported, as a package's __init__ does
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return node
    return None


def resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for n in range(len(parts), 0, -1):
        module = ".".join(parts[:n])
        if module in MODULES:
            body, rest = tree(MODULES[module]).body, parts[n:]
            break
    else:
        return False
    for name in rest:
        node = _defined(body, name)
        if node is None:
            return False
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return True   # the thing itself lives elsewhere; that module's own entry is checked
        body = getattr(node, "body", [])
    return True


def test_every_dotted_name_in_the_doc_exists(doc):
    names = set(_DOTTED.findall(doc))
    assert "plantrack.ingest.sandbox.parse_untrusted" in names   # the data path is written with dotted names
    gone = sorted(n for n in names if not resolves(n))
    assert gone == [], f"docs/ARCHITECTURE.md names modules or functions that do not exist: {gone}"


def test_resolver_can_fail():
    assert resolves("plantrack.store.database.Store.import_parsed")
    assert not resolves("plantrack.store.database.Store.no_such_method")
    assert not resolves("plantrack.no_such_module")



# A file in the repo must not point a reader at a place outside it (a design file on someone's machine).
_OUTSIDE = re.compile(r"(?:^|[^A-Za-z0-9_./~-])/(?:work|home|Users|root)/[A-Za-z]")
_TEXT = ("*.py", "*.md", "*.sql", "*.toml", "*.txt", "*.ini", "Makefile")


def _repo_text_files():
    skip = {".venv", ".git", "data", "__pycache__", "node_modules"}
    for pattern in _TEXT:
        for path in REPO.rglob(pattern):
            if not skip & set(path.relative_to(REPO).parts):
                yield path


def test_no_reference_to_a_path_outside_the_repo():
    found = sorted(f"{p.relative_to(REPO)}:{n}" for p in set(_repo_text_files())
                   for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
                   if _OUTSIDE.search(line))
    assert found == [], f"cite files in the repo (docs/ARCHITECTURE.md, bench/…), not absolute paths: {found}"


def test_outside_path_pattern_can_fail():
    assert _OUTSIDE.search("(see " + "/work" + "/shared/DESIGN.md)")
    assert not _OUTSIDE.search("PLANTRACK_DB=/tmp/x/store.duckdb and ../shared/plan/")

"""Every plantrack module has a declared floor, and no module imports one on a higher floor (read with ast).

The floors are those of docs/ARCHITECTURE.md, bottom up. A new module must be given a floor here (and a line
in the doc) or `test_every_module_has_a_floor` fails. Same-floor imports are allowed; the two front ends
(ui/ and the CLI) do not import each other. Streamlit may be imported only in plantrack/ui/, pages/ and the
entry points app.py and serve.py: this is the static twin of tests/test_import_hygiene.py, which imports each
module in a fresh interpreter and also catches an indirect import.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from _modules import REPO, imported_names, module_files, tree

CORE, INGEST, STORE, ANALYSIS, PRESENT, EXPORT, FRONT = range(7)
ACTIONS = EXPORT   # beside export: both sit on present and below, and only the front ends use them
FLOOR_NAMES = ["model core", "ingest", "store", "analysis", "present", "export / actions", "front ends"]

# One table: a package entry ("plantrack.ingest.*") covers every module below it; a module entry wins.
# Each layer is one package, so a module's floor is its package's (docs/ARCHITECTURE.md, "Floors").
FLOORS = {
    "plantrack": CORE,                 # the empty package marker
    "plantrack.model.*": CORE,
    "plantrack.ingest.*": INGEST,
    "plantrack.store.*": STORE,
    "plantrack.analysis.*": ANALYSIS,
    "plantrack.present.*": PRESENT,
    "plantrack.export.*": EXPORT,
    "plantrack.actions.*": ACTIONS,
    "plantrack.ui.*": FRONT,           # Streamlit glue and the cookie route serve.py mounts
    "plantrack.commands.*": FRONT,
    "plantrack.cli": FRONT,
    "plantrack.__main__": FRONT,
}

# Imports that break the floors today, each with why it is tolerated. Empty: keep it that way.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {}

STREAMLIT_ALLOWED = ("plantrack.ui",)   # pages/*.py, app.py and serve.py may too (they are outside plantrack/)

MODULES = module_files()


def floor_of(module: str) -> int | None:
    if module in FLOORS:
        return FLOORS[module]
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n]) + ".*"
        if key in FLOORS:
            return FLOORS[key]
    return None


def _plantrack_module(name: str) -> str | None:
    """The plantrack module an imported name refers to (longest known prefix), or None for third party."""
    parts = name.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ".".join(parts[:n])
        if candidate in MODULES:
            return candidate
    return None


def test_modules_found():
    # a broken walk must not pass by finding nothing
    assert {"plantrack.model.plan", "plantrack.ingest.bureau", "plantrack.ui.overview_page",
            "plantrack.export.report"} <= set(MODULES)


def test_every_module_has_a_floor():
    missing = sorted(m for m in MODULES if floor_of(m) is None)
    assert missing == [], f"give these modules a floor in FLOORS (and a line in docs/ARCHITECTURE.md): {missing}"


def test_floor_table_names_only_existing_modules():
    stale = [k for k in FLOORS if not (k[:-2] in MODULES if k.endswith(".*") else k in MODULES)]
    assert stale == [], f"FLOORS names modules that no longer exist: {stale}"


def _upward_imports() -> list[tuple[str, str, str]]:
    found = []
    for module, path in MODULES.items():
        own = floor_of(module)
        if own is None:
            continue
        for name in imported_names(module, path):
            target = _plantrack_module(name)
            if target is None or target == module:
                continue
            theirs = floor_of(target)
            if theirs is not None and theirs > own and (module, target) not in ALLOWED_UPWARD:
                found.append((module, target, f"{FLOOR_NAMES[own]} imports {FLOOR_NAMES[theirs]}"))
    return sorted(found)


def test_no_module_imports_a_higher_floor():
    assert _upward_imports() == []


def test_allow_list_is_current():
    # an entry whose import is gone must be removed, so the list only ever shrinks
    stale = [pair for pair in ALLOWED_UPWARD
             if pair[0] not in MODULES or not any(_plantrack_module(n) == pair[1]
                                                  for n in imported_names(pair[0], MODULES[pair[0]]))]
    assert stale == []


@pytest.mark.parametrize("a, b", [("plantrack.ui", "plantrack.commands"), ("plantrack.commands", "plantrack.ui"),
                                  ("plantrack.ui", "plantrack.cli")])
def test_front_ends_do_not_import_each_other(a, b):
    crossing = sorted((m, n) for m, p in MODULES.items() if m == a or m.startswith(a + ".")
                      for n in imported_names(m, p) if n == b or n.startswith(b + "."))
    assert crossing == []


def test_streamlit_only_in_ui_pages_and_app():
    offenders = sorted(m for m, p in MODULES.items()
                       if not any(m == ok or m.startswith(ok + ".") for ok in STREAMLIT_ALLOWED)
                       and any(n == "streamlit" or n.startswith("streamlit.") for n in imported_names(m, p)))
    assert offenders == [], f"only plantrack/ui/, pages/, app.py and serve.py may import streamlit: {offenders}"


def test_the_walk_sees_a_streamlit_import(tmp_path):
    # the check above must be able to fail: a lazy import inside a function counts too
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    import streamlit.components.v1 as c\n    return c\n", encoding="utf-8")
    assert "streamlit.components.v1" in imported_names("plantrack.probe", probe)


def test_pages_import_only_the_ui():
    # pages/ are thin: they call plantrack.ui, never the layers below it
    wrong = []
    for path in sorted((REPO / "pages").glob("*.py")):
        for name in imported_names(f"pages.{path.stem}", path):
            if name.startswith("plantrack") and not name.startswith("plantrack.ui"):
                wrong.append((path.name, name))
    assert wrong == []


# ── every write goes through plantrack/actions/ (role check + audit line in one place) ──

FRONT_ENDS = ("plantrack.ui", "plantrack.commands", "plantrack.cli")
# The write methods of the store (plantrack/store/database.py) and of the accounts file (store/accounts.py).
STORE_WRITES = {"import_parsed", "record_edit", "set_revision_active", "audit", "checkpoint", "_open_with_retry"}
ACCOUNT_WRITES = {"add", "remove", "set_password", "set_role", "unlock"}


def _receiver_names(node: ast.expr) -> str:
    """The names a call's receiver is built from (`_accounts().add` → "_accounts"), lower case."""
    return " ".join(n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node)
                    if isinstance(n, (ast.Name, ast.Attribute))).lower()


def direct_writes(module: str, path: Path) -> list[tuple[str, int, str]]:
    """Calls in `path` that write the store or the accounts file themselves instead of through an action."""
    actions = {a.asname or a.name for node in ast.walk(tree(path)) if isinstance(node, ast.ImportFrom)
               and (node.module or "").split(".")[-1:] == ["actions"] for a in node.names}   # `account_admin.unlock`
    found = []
    for node in ast.walk(tree(path)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if isinstance(node.func.value, ast.Name) and node.func.value.id in actions:
            continue
        name, receiver = node.func.attr, _receiver_names(node.func.value)
        if name in STORE_WRITES or (name in ACCOUNT_WRITES and "account" in receiver) or (
                name == "lock" and any(k.arg == "write" for k in node.keywords)):
            found.append((module, node.lineno, f"{receiver}.{name}"))
    return found


def test_front_ends_write_only_through_actions():
    found = [w for m, p in MODULES.items() if any(m == f or m.startswith(f + ".") for f in FRONT_ENDS)
             for w in direct_writes(m, p)]
    assert found == [], f"front ends must call plantrack/actions/ for these writes: {found}"


def test_a_direct_write_is_found(tmp_path):
    # the check must be able to fail: each kind of write, through any receiver
    probe = tmp_path / "probe.py"
    probe.write_text("from ..actions import account_admin\ndef f(ctx, store):\n    ctx.store.import_parsed(p, user='u')\n    store.audit('u', 'a', 'd')\n"
                     "    _accounts().set_role('a', 'admin')\n    accounts.remove('a')\n"
                     "    Store.unopened(p).lock(write=True)\n    seen.add(1)\n    account_admin.unlock(a, s, u, 'n')\n",
                     encoding="utf-8")
    assert [(line, call.rpartition(".")[2]) for _, line, call in direct_writes("plantrack.ui.probe", probe)] == [
        (3, "import_parsed"), (4, "audit"), (5, "set_role"), (6, "remove"), (7, "lock")]

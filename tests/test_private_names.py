"""A module's private names (`_name`) stay in it: no plantrack module imports another's private name
(`from .bureau import _same_dimension`) or reaches for one through the module (`periods._num(...)`,
`store._open_with_retry(...)` on a module-level name). What two modules share is public and named so. Read
with ast, nothing imported.
"""
from __future__ import annotations

import ast
from pathlib import Path

from _modules import import_base, module_files, tree

MODULES = module_files()


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_reaches(module: str, path: Path) -> list[tuple[str, int, str]]:
    """(module, line, what) for each private name of another plantrack module this file uses."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    bound: set[str] = set()   # local names that are plantrack modules (`from .. import narrative`)
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.ImportFrom):
            base = import_base(node, package)
            if not (base == "plantrack" or base.startswith("plantrack.")) or base == module:
                continue
            for alias in node.names:
                if _is_private(alias.name) and f"{base}.{alias.name}" not in MODULES:
                    found.append((module, node.lineno, f"{base}.{alias.name}"))
                if f"{base}.{alias.name}" in MODULES:
                    bound.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("plantrack.") and alias.asname:
                    bound.add(alias.asname)
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound \
                and _is_private(node.attr):
            found.append((module, node.lineno, f"{node.value.id}.{node.attr}"))
    return sorted(found)


def test_no_module_uses_another_modules_private_names():
    found = [hit for m, p in MODULES.items() for hit in private_reaches(m, p)]
    assert found == [], f"make these public (and name them for what they are) or keep them in their module: {found}"


def test_a_private_reach_is_found(tmp_path):
    # the check must be able to fail: an imported private name, and one reached through an imported module
    probe = tmp_path / "probe.py"
    probe.write_text("from .bureau import _same_dimension, parse_bureau\nfrom ..model import periods\n"
                     "from . import _private_module_is_fine\n"
                     "def f(s):\n    return periods._num(s), periods.parse_key(s), s.__class__, _same_dimension\n",
                     encoding="utf-8")
    assert [(line, what) for _, line, what in private_reaches("plantrack.ingest.probe", probe)] == [
        (1, "plantrack.ingest.bureau._same_dimension"), (3, "plantrack.ingest._private_module_is_fine"),
        (5, "periods._num")]


"""The modules of the plantrack package as files, and what each imports, read with ast (nothing is imported).

Shared by tests/test_layering.py and tests/test_architecture_doc.py.
"""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "plantrack"


def module_files() -> dict[str, Path]:
    """Dotted module name → file, for every .py under plantrack/ (a package is its __init__.py)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(REPO)
        if "__pycache__" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_names(module: str, path: Path) -> set[str]:
    """Every module name `module` imports, absolute, anywhere in the file (also inside functions).

    `from .x import y` counts as importing `pkg.x.y` when that is a module, else `pkg.x`: importing a name
    from a package imports the package.
    """
    known = module_files()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = import_base(node, package)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return found


def import_base(node: ast.ImportFrom, package: str) -> str:
    """The absolute module a `from … import` names, relative levels resolved against `package`."""
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    base = ".".join(parts[:len(parts) - (node.level - 1)])
    return f"{base}.{node.module}" if node.module else base

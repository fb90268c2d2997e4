"""No two modules share a name: a module's stem says what it is, wherever it is read or imported.

Counted together: every module under plantrack/ and the pages in pages/ (the user's URLs: they keep their
names, so the plantrack side carries a suffix — ui/overview_page.py, commands/export_cmd.py). The packages'
names count against the modules too (`model` the package and a `model.py` elsewhere would collide in every
reader's head), though not against a page: pages/export.py is the 导出 page's URL, plantrack/export/ the layer
that writes the files, and neither is ever imported as the other. `__init__` and `__main__` are Python's own.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from _modules import PACKAGE, REPO

PYTHONS_OWN = {"__init__", "__main__"}


def names(paths: list[Path], packages: list[Path]) -> dict[str, list[str]]:
    """Stem → the files (and package folders) that carry it."""
    seen: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        if path.stem not in PYTHONS_OWN:
            seen[path.stem].append(str(path.relative_to(REPO)))
    for folder in packages:
        seen[folder.name].append(str(folder.relative_to(REPO)) + "/")
    return seen


def repeated(paths: list[Path], packages: list[Path]) -> dict[str, list[str]]:
    return {stem: where for stem, where in sorted(names(paths, packages).items()) if len(where) > 1}


def project_files() -> tuple[list[Path], list[Path], list[Path]]:
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts]
    pages = sorted((REPO / "pages").glob("*.py"))
    packages = sorted({p.parent for p in modules if p.name == "__init__.py" and p.parent != PACKAGE})
    return modules, pages, packages


def test_the_walk_finds_the_modules_and_pages():
    modules, pages, packages = project_files()
    stems = {p.stem for p in modules + pages}
    assert {"scorecard", "overview_page", "overview", "export_cmd"} <= stems   # plantrack/, ui/, pages/, CLI
    assert {"model", "store", "export", "ui"} <= {p.name for p in packages}


def test_no_two_modules_share_a_name():
    modules, pages, packages = project_files()
    assert repeated(modules + pages, []) == {}
    assert repeated(modules, packages) == {}


def test_a_repeated_name_is_found():
    # the check must be able to fail: a page, a ui module, a module in a subpackage and a package of one name
    files = [REPO / rel for rel in ("pages/export.py", "plantrack/ui/export.py", "plantrack/present/series.py",
                                    "plantrack/model/series.py", "plantrack/model/__init__.py",
                                    "plantrack/ui/model.py", "plantrack/__main__.py")]
    assert repeated(files, [REPO / "plantrack" / "model"]) == {
        "export": ["pages/export.py", "plantrack/ui/export.py"],
        "model": ["plantrack/ui/model.py", "plantrack/model/"],
        "series": ["plantrack/present/series.py", "plantrack/model/series.py"]}

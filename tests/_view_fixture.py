"""AppTest helpers for the view tests (shared links, meeting mode, multi-year): a temporary store filled with
the bundled sample data (示例数据) through the real importer, and a run of app.py with query parameters.
The import runs once per test run (tests/_run_cache.py); each caller gets its own copy of that store.

PLANTRACK_DB and PLANTRACK_ACCOUNTS point into pytest's tmp directory, never at data/."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent


def import_sample(db: Path) -> None:
    """The bundled sample data into the store at `db`, through the real importer (as `load-sample` does)."""
    from plantrack.actions.actor import shell_user
    from plantrack.actions.file_import import import_paths
    from plantrack.commands.load_sample_cmd import sample_files
    from plantrack.store.database import Store
    _, errors, _ = import_paths(sample_files(), actor=shell_user("sample"), store=Store(db))
    assert errors == []


def load_sample(db: Path) -> None:
    """A private copy, at `db`, of a store holding the sample data (imported once per test run)."""
    try:
        from tests._run_cache import cached_dir, copy_store
    except ImportError:                     # imported as a top-level module (tests/ on sys.path)
        from _run_cache import cached_dir, copy_store
    template = cached_dir("sample_store", lambda d: import_sample(d / "store.duckdb"))
    copy_store(template / "store.duckdb", Path(db))


def use_store(monkeypatch, tmp_path: Path, db: Path) -> None:
    monkeypatch.setenv("PLANTRACK_DB", str(db))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))


def run_app(timeout: float = 90, **params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=timeout)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def texts(at: AppTest) -> str:
    """Every text the run produced, for `in` checks."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "metric", "button", "toast"):
        for el in at.get(kind):
            for attr in ("value", "label", "body"):
                v = getattr(el, attr, None)
                if isinstance(v, str):
                    parts.append(v)
    return "\n".join(parts)

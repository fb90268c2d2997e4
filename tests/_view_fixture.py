"""AppTest helpers for the view tests (shared links, meeting mode, multi-year): a temporary store filled with
the bundled sample data (示例数据) through the real importer, and a run of app.py with query parameters.

PLANTRACK_DB and PLANTRACK_ACCOUNTS point into pytest's tmp directory, never at data/."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parent.parent


def load_sample(db: Path) -> None:
    from plantrack.commands.import_cmd import import_files
    from plantrack.commands.load_sample_cmd import sample_files
    from plantrack.store.database import Store
    _, errors = import_files(sample_files(), user="sample", store=Store(db))
    assert errors == []


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

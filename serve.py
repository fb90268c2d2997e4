"""How to serve plantrack: `streamlit run serve.py` (see the Makefile's `run`).

The dashboard itself is app.py; this adds the one HTTP route that sets the HttpOnly sign-in cookie, so a
sign-in survives a reload and a shared link (plantrack/ui/cookie_route.py, plantrack/store/sessions.py).
`streamlit run app.py` still works, with sign-ins that last as long as the browser tab's connection.

While the first browser loads Streamlit's page, a thread imports what the first script run needs beyond
Streamlit (the modules app.py and the default page import: pandas, pyarrow, DuckDB, plotly, plantrack's own)
and reads the plan, so the first viewer does not wait for them (bench/bench_start.py measures both ways)."""
import ast
import contextlib
import importlib
import threading
from pathlib import Path

import streamlit as st

from plantrack.ui.cookie_route import routes

HERE = Path(__file__).resolve().parent
FIRST_RUN_SCRIPTS = [HERE / "app.py", HERE / "pages" / "overview.py"]


def _imported_modules(script: Path) -> list[str]:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return names


def _warm_up() -> None:
    for script in FIRST_RUN_SCRIPTS:
        for name in _imported_modules(script):
            with contextlib.suppress(ImportError):   # `from m import function` names no module
                importlib.import_module(name)
    with contextlib.suppress(Exception):             # a broken config is reported by the first run itself
        from plantrack.model.plan import get_plan
        get_plan()


@contextlib.asynccontextmanager
async def _lifespan(app):
    threading.Thread(target=_warm_up, name="plantrack-warm-up", daemon=True).start()
    yield


app = st.App("app.py", routes=routes(), lifespan=_lifespan)

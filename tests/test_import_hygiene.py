"""Only plantrack/ui/ may import streamlit (tconbeer/harlequin tests/unit_tests/test_import_hygiene.py).

The domain (plan, ingest, store, metrics, charts, export, CLI) must run in the CLI, in tests and in a batch
export without Streamlit; `import streamlit` also switches Plotly's default template, which spoils server-side
PNGs. Each module is imported in a fresh interpreter, so one module importing streamlit cannot hide another.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "plantrack"


def _modules() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(REPO).with_suffix("")
        parts = rel.parts
        if parts[:2] == ("plantrack", "ui") or "__pycache__" in parts:
            continue
        if parts[-1] == "__main__":  # importing it runs the CLI; it only imports plantrack.cli, checked itself
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out.append(".".join(parts))
    return out


MODULES = _modules()

_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit."))))
"""


def test_modules_found():
    # a broken walk must not pass by finding nothing
    assert "plantrack" in MODULES and "plantrack.model.plan" in MODULES and "plantrack.model.periods" in MODULES
    assert not any(m.startswith("plantrack.ui") for m in MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_streamlit(module):
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run([sys.executable, "-c", _PROBE, module], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, f"import {module} failed:\n{proc.stderr[-3000:]}"
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert loaded == [], f"{module} imports streamlit ({loaded[:3]}…); only plantrack/ui/ may"

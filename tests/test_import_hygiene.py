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

# One interpreter per module, without paying the big libraries' import each time: a probe process imports the
# third-party libraries plantrack builds on (never streamlit, never a plantrack module; it checks both), then
# forks a fresh child per module — the child starts from that state and imports the module on its own, so
# what it loads is exactly what importing that module in a fresh interpreter would add.
_PRELOAD = ["numpy", "pandas", "duckdb", "plotly.graph_objects", "plotly.io", "openpyxl", "docx", "pptx", "PIL.Image"]
_PROBE_SERVER = """
import importlib, json, os, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except ImportError:
        pass
preloaded = sorted(m for m in sys.modules if m.split(".")[0] in ("streamlit", "plantrack"))
print(json.dumps(preloaded), flush=True)
for line in sys.stdin:
    module = line.strip()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            importlib.import_module(module)
            out = {"ok": True, "loaded": sorted(m for m in sys.modules if m == "streamlit" or m.startswith("streamlit."))}
        except BaseException as e:
            import traceback
            out = {"ok": False, "error": traceback.format_exc()[-3000:]}
        os.write(w, json.dumps(out).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    print(data.decode() or json.dumps({"ok": False, "error": "the probe child died"}), flush=True)
"""


@pytest.fixture(scope="module")
def probe():
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.Popen([sys.executable, "-c", _PROBE_SERVER, *_PRELOAD], cwd=REPO, env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    preloaded = json.loads(proc.stdout.readline())
    assert preloaded == [], f"the probe itself loaded {preloaded[:3]}: the check would be blind"

    def ask(module: str) -> dict:
        proc.stdin.write(module + "\n")
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())
    try:
        yield ask
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_modules_found():
    # a broken walk must not pass by finding nothing
    assert "plantrack" in MODULES and "plantrack.model.plan" in MODULES and "plantrack.model.periods" in MODULES
    assert not any(m.startswith("plantrack.ui") for m in MODULES)


def test_probe_sees_a_module_that_imports_streamlit(probe):
    assert probe("plantrack.ui.widgets")["loaded"], "a module importing streamlit must be caught"
    assert probe("plantrack.model.periods") == {"ok": True, "loaded": []}, "each module starts from a clean child"


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_streamlit(probe, module):
    result = probe(module)
    assert result["ok"], f"import {module} failed:\n{result.get('error')}"
    loaded = result["loaded"]
    assert loaded == [], f"{module} imports streamlit ({loaded[:3]}…); only plantrack/ui/ may"

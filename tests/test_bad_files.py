"""The hostile-input corpus (tests/data/bad/): every file is refused with one line naming what is wrong, and a
CLI import of it (each file in the limited worker) refuses each within the limits and leaves the store as it was."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

BAD = REPO / "tests" / "data" / "bad"
EXPECTED = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))
PLAN = load_plan(REPO / "plan_config.toml")
FILES = sorted(p.name for p in BAD.iterdir() if p.is_file() and p.name not in ("expected.toml", "make_bad_files.py"))


def plan_for(name: str):
    spec = EXPECTED[name]
    if "max_cells" in spec:
        return dataclasses.replace(PLAN, import_=dataclasses.replace(PLAN.import_, max_cells=spec["max_cells"]))
    return PLAN


def test_corpus_is_complete():
    assert len(FILES) >= 30
    assert sorted(EXPECTED) == FILES, "every file needs its expected words, every entry its file"
    for name, spec in EXPECTED.items():
        assert spec["words"], name


_CHILD = """
import dataclasses, json, sys, time
sys.path.insert(0, sys.argv[1])
from plantrack.ingest import parse_file
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan
plan = load_plan(sys.argv[1] + "/plan_config.toml")
t = time.monotonic()
try:
    parse_file(plan=plan, data=open(sys.argv[2], "rb").read(), name=sys.argv[3])
    out = {"refused": False}
except IngestError as e:
    out = {"refused": True, "message": str(e)}
out["seconds"] = time.monotonic() - t
print(json.dumps(out))
"""


def refuse(name: str) -> tuple[str, float]:
    data = (BAD / name).read_bytes()
    if EXPECTED[name].get("subprocess"):
        # A reader that builds the grid before checking its size aborts the interpreter (Rust OOM):
        # run it in a child, under a memory cap, so that shows as a failure rather than a dead pytest.
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(REPO), str(BAD / name), name],
                              capture_output=True, text=True, timeout=60,
                              preexec_fn=lambda: __import__("resource").setrlimit(
                                  __import__("resource").RLIMIT_AS, (4 << 30, 4 << 30)))
        assert proc.returncode == 0, f"{name}: the importer crashed (exit {proc.returncode}): {proc.stderr[-400:]}"
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        assert out["refused"], f"{name} was accepted"
        return out["message"], out["seconds"]
    t = time.monotonic()
    with pytest.raises(IngestError) as exc:
        parse_file(plan=plan_for(name), data=data, name=name)
    return str(exc.value), time.monotonic() - t


@pytest.mark.parametrize("name", FILES)
def test_refused_with_message(name):
    message, seconds = refuse(name)
    low = message.lower()
    missing = [w for w in EXPECTED[name]["words"] if w.lower() not in low]
    assert not missing, f"{name}: refusal lacks {missing}: {message}"
    assert message.startswith(name), f"the message names the file first: {message}"
    assert "\n" not in message, "one line"


def test_cli_import_refuses_all_and_stores_nothing(tmp_path):
    """One CLI run over the whole corpus: exit 2, one error line per file, and no revision in the store."""
    config = tmp_path / "plan_config.toml"
    text = (REPO / "plan_config.toml").read_text(encoding="utf-8")
    config.write_text(text.replace("max_cells = 2_000_000", "max_cells = 10_000"), encoding="utf-8")
    assert "max_cells = 10_000\n" in config.read_text(encoding="utf-8")
    env = dict(os.environ, PLANTRACK_DB=str(tmp_path / "store.duckdb"), PLANTRACK_CONFIG=str(config),
               PLANTRACK_ACCOUNTS=str(tmp_path / "accounts.json"))
    proc = subprocess.run([sys.executable, "-m", "plantrack", "import", "--user", "tester",
                           *[str(BAD / n) for n in FILES]], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr[-2000:]
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == len(FILES), proc.stderr[-2000:]
    for name in FILES:
        assert any(ln.startswith(f"error: {name}") for ln in errors), name
    # each is refused for its own reason, within the worker's time and memory limits
    assert not [ln for ln in errors if "文件解析超出资源限制" in ln], proc.stderr[-2000:]
    hist = subprocess.run([sys.executable, "-m", "plantrack", "history", "--json"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert hist.returncode == 0 and json.loads(hist.stdout) == []

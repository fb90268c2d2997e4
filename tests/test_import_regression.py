"""Every committed table (data/sample, tests/data) still imports to the values it did before the importer's
evidence rules (issue 10) — the snapshot in tests/data/ingest/regression_snapshot.json was taken first.

Where the snapshot had to change, the old value was provably wrong; each such entry is listed in
CORRECTED below with the reason.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

SNAPSHOT = ROOT / "tests" / "data" / "ingest" / "regression_snapshot.json"
DIRS = [ROOT / "data" / "sample", ROOT / "tests" / "data" / "ingest", ROOT / "tests" / "data" / "bad"]
SUFFIXES = {".xlsx", ".xls", ".ods", ".csv", ".xlsm", ""}
# Files whose stored result changed on purpose: file name → why the old result was wrong.
CORRECTED: dict[str, str] = {}


def table_files() -> list[Path]:
    return sorted(p for d in DIRS for p in d.iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))


def snapshot_of(path: Path, plan) -> dict:
    """What one file imports to: its records (every stored figure) or the refusal's code."""
    try:
        parsed = parse_file(path, plan=plan, year_hint=2023)
    except IngestError as e:
        return {"refused": e.code}
    recs = sorted((r.indicator, r.period, r.region, r.value, r.unit, r.growth_pct, r.prev_value, r.rank)
                  for r in parsed.records)
    return {"records": [list(r) for r in recs],
            "milestones": sorted([m.milestone, m.status, m.period, m.date] for m in parsed.milestones)}


def key(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", table_files(), ids=key)
def test_table_imports_as_before(path, expected):
    if path.name in CORRECTED:
        pytest.skip(CORRECTED[path.name])
    if key(path) not in expected:
        pytest.skip("a table added after the snapshot; add it with `python tests/test_import_regression.py`")
    got, want = snapshot_of(path, load_plan()), expected[key(path)]
    if "refused" in want:      # still refused (the reason's code may be refined, e.g. by the sandbox)
        assert "refused" in got, got
    else:
        assert got == want


if __name__ == "__main__":   # (re)write the snapshot; only for new files — changed values need a reason above
    plan = load_plan()
    old = json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}
    for p in table_files():
        if key(p) not in old:
            old[key(p)] = snapshot_of(p, plan)
    SNAPSHOT.write_text(json.dumps(old, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")

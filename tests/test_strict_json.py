"""Every --json output is strict JSON: a store holding a non-finite figure (written before imports refused
them, or by any other path) gives null, never the bare NaN / Infinity that JSON readers reject."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plantrack.commands._common import finite  # noqa: E402
from plantrack.ingest.records import Location, ParsedFile, Record
from plantrack.model.plan import load_plan


def strict_loads(text: str):
    def refuse(constant):
        raise AssertionError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def store_with_infinities(tmp_path_factory):
    from plantrack.store.database import Store
    db = tmp_path_factory.mktemp("inf") / "store.duckdb"
    store = Store(db)
    home = load_plan(REPO / "plan_config.toml").app.home_district
    loc = Location("inf.xlsx", "表1", 4)
    parsed = ParsedFile(file="inf.xlsx", sha256="0" * 64, size=1, layout="bureau", records=[
        Record("gdp", "2023Q2", float("inf"), "亿元", float("-inf"), region=home, location=loc),
        Record("retail", "2023Q2", float("nan"), "亿元", float("nan"), region=home, location=loc),
        Record("gdp", "2022Q2", 300.0, "亿元", 4.0, region=home, location=loc),
    ])
    store.import_parsed(parsed, user="tester")
    return db


@pytest.mark.parametrize("args", [("status", "--period", "2023Q2", "--json"), ("history", "--json"),
                                  ("ranking", "--period", "2023Q2", "--indicator", "gdp", "--json")])
def test_cli_json_is_strict(store_with_infinities, args):
    env = {**os.environ, "PLANTRACK_DB": str(store_with_infinities), "PLANTRACK_USER": "tester"}
    r = subprocess.run([sys.executable, "-m", "plantrack", *args], cwd=REPO, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-800:]
    strict_loads(r.stdout)


def test_finite_replaces_nested_non_finite_floats():
    obj = {"a": float("inf"), "b": [1.5, float("nan"), {"c": (float("-inf"), 2)}], "d": "Infinity"}
    assert finite(obj) == {"a": None, "b": [1.5, None, {"c": [None, 2]}], "d": "Infinity"}
    json.dumps(finite(obj), allow_nan=False)

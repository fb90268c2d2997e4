"""The CLI as analysts script it: import --json, --dry-run, refusals with exit 2, history, status."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def cli(*args, db, stdin=None):
    env = {**os.environ, "PLANTRACK_DB": str(db), "PLANTRACK_USER": "tester"}
    return subprocess.run([sys.executable, "-m", "plantrack", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, input=stdin, timeout=120)


def sample(pattern):
    return next(SAMPLE.glob(pattern))


def test_history_of_a_new_store_is_an_empty_json_array(tmp_path):
    r = cli("history", "--json", db=tmp_path / "s.duckdb")
    assert r.returncode == 0
    assert json.loads(r.stdout) == []


def test_import_json_then_history(tmp_path):
    db = tmp_path / "s.duckdb"
    q2 = sample("*1-6月主要经济指标_示例数据.xlsx")
    r = cli("import", q2, "--json", db=db)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    [f] = out["files"]
    assert f["file"] == q2.name
    by_id = {rec["indicator"]: rec for rec in f["records"]}
    assert set(by_id) == {"gdp", "fai", "retail", "revenue", "income"}
    for rec in f["records"]:
        assert rec["period"] == "2023Q2"
        assert set(rec) >= {"indicator", "period", "value", "unit", "growth_pct"}
    assert by_id["revenue"]["unit"] == "亿元"          # the sample gives revenue in 万元: stored in 亿元
    assert isinstance(f["skipped"], list) and isinstance(f["warnings"], list)
    h = json.loads(cli("history", "--json", db=db).stdout)
    assert [(x["revision"], x["file"], x["user"], x["records"], x["active"]) for x in h] == \
        [(1, q2.name, "tester", 5, True)]
    assert len(h[0]["sha256"]) == 64


def test_dry_run_stores_nothing(tmp_path):
    db = tmp_path / "s.duckdb"
    r = cli("import", sample("*1-3月*"), "--dry-run", "--json", db=db)
    assert r.returncode == 0
    assert json.loads(r.stdout)["files"][0]["records"]
    assert json.loads(cli("history", "--json", db=db).stdout) == []


def test_same_file_twice_is_reported_not_duplicated(tmp_path):
    db = tmp_path / "s.duckdb"
    f = sample("*1-3月*")
    assert cli("import", f, db=db).returncode == 0
    r = cli("import", f, "--json", db=db)
    assert r.returncode == 0
    assert json.loads(r.stdout)["files"][0]["already_imported"] == 1
    assert "already imported" in r.stderr
    assert len(json.loads(cli("history", "--json", db=db).stdout)) == 1


def test_refused_file_exit_2_one_line_and_nothing_stored(tmp_path):
    db = tmp_path / "s.duckdb"
    bad = tmp_path / "不是表格.xlsx"
    bad.write_bytes(b"%PDF-1.4 definitely not a spreadsheet")
    good = sample("*1-3月*")
    r = cli("import", bad, good, db=db)
    assert r.returncode == 2
    lines = [line for line in r.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "不是表格.xlsx" in lines[0]
    # the good file still imported; nothing from the bad one
    assert [x["file"] for x in json.loads(cli("history", "--json", db=db).stdout)] == [good.name]


def test_status_json_matches_the_rules(tmp_path):
    db = tmp_path / "s.duckdb"
    assert cli("load-sample", db=db).returncode == 0
    r = cli("status", "--period", "2023Q2", "--json", db=db)
    assert r.returncode == 0, r.stderr
    rows = {x["id"]: x for x in json.loads(r.stdout)}
    from plantrack.model.plan import load_plan
    year = load_plan().year(2023)
    assert set(rows) == {t.id for t in year.targets}
    for x in rows.values():
        assert x["status"] in ("green", "yellow", "red", "no_data")
        assert x["time_progress_pct"] == 50.0
        if x["actual"] is None:
            assert x["status"] == "no_data" and x["gap"] is None
            continue
        if x["kind"] == "growth":
            assert x["gap"] == pytest.approx(x["actual"] - x["target"])
        elif x["kind"] == "cumulative":
            assert x["completion_pct"] == pytest.approx(x["actual"] / x["target"] * 100, abs=1e-3)
            assert x["gap"] == pytest.approx(x["completion_pct"] - 50.0, abs=1e-3)
        elif x["kind"] == "ceiling":
            assert x["gap"] == pytest.approx(x["target"] - x["actual"])
        else:
            assert x["gap"] == pytest.approx(x["actual"] - x["target"])


def test_bad_period_is_a_clear_error(tmp_path):
    r = cli("status", "--period", "2023H1", db=tmp_path / "s.duckdb")
    assert r.returncode == 2
    assert "2023H1" in r.stderr and "2023Q2" in r.stderr


def test_template_is_written(tmp_path):
    out = tmp_path / "模板.xlsx"
    r = cli("template", out, "--period", "2023Q2", db=tmp_path / "s.duckdb")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:2] == b"PK"

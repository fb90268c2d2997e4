"""A 2024 plan needs no code: a config with an extra [plans.2024] (a copy of 2023 with other targets) drives
the status CLI and the pages for 2024; the review page compares 2024 上半年 with 2023 上半年."""
import json
import os
import re
import subprocess
import sys

import pytest

from plantrack.analysis.year_review import same_period_across_years, year_end_review
from plantrack.ingest.records import Location, ParsedFile, Record
from plantrack.model.plan import load_plan
from plantrack.store.database import Store
from tests._view_fixture import REPO, run_app, texts, use_store

HOME = "岳阳楼区"
GDP_2024_TARGET = 6.5


def plan_2024_text() -> str:
    text = (REPO / "plan_config.toml").read_text(encoding="utf-8")
    start = text.index("[plans.2023]")
    block = text[start:].replace("plans.2023", "plans.2024")
    block = block.replace('published = 2023-09-26', 'published = 2024-03-01')
    # the GDP headline target changes; everything else is carried over
    block, n = re.subn(r'(indicator = "gdp"\ntarget = )10\.0', rf"\g<1>{GDP_2024_TARGET}", block, count=1)
    assert n == 1
    return text + "\n\n" + block


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "plan_config.toml"
    path.write_text(plan_2024_text(), encoding="utf-8")
    monkeypatch.setenv("PLANTRACK_CONFIG", str(path))
    return path


def rec(ind, period, value, growth, prev=None, unit="亿元"):
    return Record(ind, period, value, unit, growth, prev, HOME, None, Location("t.xlsx", "S", 2, "C"))


@pytest.fixture
def db(tmp_path, monkeypatch, config):
    path = tmp_path / "multi.duckdb"
    s = Store(path)
    s.import_parsed(ParsedFile("2023h1.xlsx", "a", 1, "bureau", [rec("gdp", "2023Q2", 385.36, 5.3, 372.6),
                                                                  rec("gdp", "2023Q4", 804.28, 6.1, 777.54)]),
                    user="t")
    s.import_parsed(ParsedFile("2024h1.xlsx", "b", 1, "bureau", [rec("gdp", "2024Q2", 405.0, 5.8, 385.36),
                                                                  rec("retail", "2024Q2", 215.0, 5.7, 203.45)]),
                    user="t")
    use_store(monkeypatch, tmp_path, path)
    return path


def test_config_with_2024_loads(config):
    plan = load_plan(config)
    assert sorted(plan.years) == [2023, 2024] and plan.latest_year == 2024
    assert plan.year(2024).target("gdp").target == GDP_2024_TARGET
    assert plan.year(2023).target("gdp").target == 10.0
    assert [t.id for t in plan.year(2024).subtargets] == [t.id for t in plan.year(2023).subtargets]


def test_status_cli_uses_the_2024_targets(db):
    out = subprocess.run([sys.executable, "-m", "plantrack", "status", "--period", "2024Q2", "--json"], cwd=REPO,
                         env=dict(os.environ), capture_output=True, text=True, check=True)
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    assert rows["gdp"]["target"] == GDP_2024_TARGET and rows["gdp"]["actual"] == 5.8
    assert rows["gdp"]["gap"] == pytest.approx(-0.7) and rows["gdp"]["status"] == "yellow"
    assert rows["fai"]["status"] == "no_data"


def test_same_period_across_years(db, config):
    plan = load_plan(config)
    comps = {c.indicator: c for c in same_period_across_years(plan, Store(db), "2024Q2")}
    gdp = comps["gdp"]
    assert [(f.year, f.value, f.growth_pct, f.from_prev_column) for f in gdp.figures] == [
        (2024, 405.0, 5.8, False), (2023, 385.36, 5.3, False), (2022, 372.6, None, True)]
    assert gdp.growth_change_pp == pytest.approx(0.5)
    assert [(f.year, f.value, f.from_prev_column) for f in comps["retail"].figures] == [
        (2024, 215.0, False), (2023, 203.45, True)]
    assert comps["income"].figures == ()


def test_year_end_review(db, config):
    plan = load_plan(config)
    final = {a.id: a for a in year_end_review(plan, Store(db), 2023).all}
    assert (final["gdp"].actual, final["gdp"].target.target, final["gdp"].status) == (6.1, 10.0, "red")
    assert final["gdp"].label_key == "label.year_end.red"       # 未完成, not 滞后
    assert year_end_review(plan, Store(db), 2024) is None


@pytest.mark.parametrize("page", ["review", "meeting", "ranking"])
def test_pages_work_for_2024(db, page):
    at = run_app(year="2024", period="2024Q2", page=page)
    assert not at.exception, at.exception
    assert at.session_state["year"] == 2024 and at.session_state["period"] == "2024Q2"
    assert not at.info or all("无效" not in i.value for i in at.info)
    if page == "review":
        text = texts(at)
        assert "2024年上半年与往年同期对比" in text or "上半年与往年同期对比" in text
        assert "2024年全年数据尚未导入" in text


def test_2024_is_the_default_year_and_2023_still_opens(db):
    at = run_app(page="review")
    assert at.session_state["year"] == 2024
    at = run_app(year="2023", page="review")
    assert at.session_state["year"] == 2023 and at.session_state["period"] == "2023Q4"
    text = texts(at)
    assert "2023年年终回顾" in text
    # the year-end review: 完成的 / 未完成的, the missed targets as 未完成 with their shortfall
    assert "完成的（" in text and "未完成的（" in text
    tables = [el.value for el in at.dataframe]
    missed = next(t for t in tables if "全年实绩" in t.columns and "地区生产总值" in set(t.iloc[:, 0]))
    row = missed.set_index(missed.columns[0]).loc["地区生产总值"]
    assert list(row) == ["6.1%", "≥10%", "-3.9个百分点", "■ 未完成"]

"""Work ledgers (sub-target completion, milestone status) and multi-district city tables."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _sheets import xlsx  # noqa: E402

from plantrack.ingest import parse_file
from plantrack.ingest.ledger import status_of
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

PLAN = load_plan()
DATA = Path(__file__).resolve().parent / "data" / "ingest"


# ─────────────────────────── ledgers ───────────────────────────

@pytest.mark.parametrize("name", ["ledger_2023_h1.xlsx", "ledger_2023_h1_gnumeric.xls"])
def test_ledger_values_milestones_and_target_warning(name):
    r = parse_file(DATA / name, plan=PLAN)
    assert r.layout == "ledger"
    assert [(x.indicator, x.period, x.value, x.unit, x.growth_pct, x.region) for x in r.records] == [
        ("old_compounds", "2023Q2", 120.0, "个", None, "岳阳楼区"),     # unit in the task name
        ("elevators", "2023Q2", 95.0, "台", None, "岳阳楼区"),
        ("urban_renewal_investment", "2023Q2", 6.5, "亿元", None, "岳阳楼区"),   # 65,000 万元 → 6.5 亿元
        ("funds_secured", "2023Q2", 8.6, "亿元", None, "岳阳楼区"),
    ]
    assert [(m.milestone, m.status, m.period, m.note) for m in r.milestones] == [
        ("project_dongting_south_road_2", "in_progress", "2023Q2", "主体完工"),
        ("sealing_park_planning", "done", "2023Q2", ""),
        ("xujiaqiao_logistics_park", "delayed", "2023Q2", "征拆未完成"),
        ("project_tianlun_centre", "in_progress", "2023Q2", ""),
        ("luowang_health_centre", "in_progress", "2023Q2", ""),
        ("spatial_master_plan", "done", "2023Q2", ""),
        ("nanhu_finance_centre", "not_started", "2023Q2", ""),
    ]
    assert [(s.text, s.location.row) for s in r.skipped] == [("召开调度会", 15)]
    # 126,000 万元 = the plan's 12.6 亿元: no warning; 180 台 ≠ 188 台: one
    assert r.warnings == [f"{name}, sheet '台账', row 5, column E: '既有住宅加装电梯' 年度目标与方案不一致 / "
                          "annual target 180 台 differs from the plan's 188 台 (既有住宅加装电梯)"]


@pytest.mark.parametrize("raw, code", [
    ("未启动", "not_started"), ("推进中", "in_progress"), ("正在推进", "in_progress"), ("已开工", "in_progress"),
    ("已完成", "done"), ("完成", "done"), ("滞后", "delayed"), ("未完成", "in_progress"), ("done", "done"),
    ("已完成主体,正在推进装修", "in_progress"), ("好", None), ("", None),
])
def test_status_words(raw, code):
    assert status_of(raw) == code


def test_ledger_completion_as_prose_and_period_in_header():
    data = xlsx([["序号", "指标", "牵头单位", "年度目标", "截至9月底完成情况"],
                 [1, "植树造林", "区水利局", "1200亩", "已完成植树造林980亩"],
                 [2, "培育专精特新企业", "区科技工信局", 10, "新增7家"]], title="2023")
    r = parse_file(plan=PLAN, data=data, name="台账.xlsx")
    assert [(x.indicator, x.period, x.value) for x in r.records] == [("afforestation_mu", "2023Q3", 980.0),
                                                                     ("srdi_firms", "2023Q3", 7.0)]
    assert r.warnings == []


def test_ledger_text_in_completion_column_is_an_error():
    data = xlsx([["2023年1-6月工作台账"], ["序号", "工作任务", "牵头单位", "年度目标", "1-6月完成"],
                 [1, "老旧小区改造", "区住建局", 228, "一百二十"]])
    with pytest.raises(IngestError) as e:
        parse_file(plan=PLAN, data=data, name="台账.xlsx")
    assert e.value.code == "not_a_number"
    assert "台账.xlsx, sheet '表1', row 3, column E" in str(e.value) and "'一百二十'" in str(e.value)


def test_ledger_without_period_refused_when_it_has_figures():
    data = xlsx([["序号", "工作任务", "牵头单位", "年度目标", "累计完成"], [1, "老旧小区改造", "区住建局", 228, 120]],
                title="Sheet1")
    with pytest.raises(IngestError) as e:
        parse_file(plan=PLAN, data=data, name="台账.xlsx")
    assert e.value.code == "no_period" and "台账.xlsx, sheet 'Sheet1'" in str(e.value)


# ─────────────────────────── city tables ───────────────────────────

def test_city_tables_by_title_and_by_column_groups():
    r = parse_file(DATA / "city_2023_h1.xlsx", plan=PLAN)
    assert r.layout == "city_ranking"
    got = [(x.indicator, x.region, x.period, x.value, x.growth_pct, x.rank) for x in r.records]
    assert got == [
        ("gdp", "全市", "2023Q2", 2305.6, 4.9, None),
        ("gdp", "岳阳楼区", "2023Q2", 350.12, 4.5, 3),
        ("gdp", "云溪区", "2023Q2", 120.3, 5.8, 1),
        ("gdp", "君山区", "2023Q2", 88.1, 5.1, 2),
        ("gdp", "岳阳县", "2023Q2", 170.0, -0.8, 13),
        ("retail", "全市", "2023Q2", 780.0, 6.5, None),
        ("fai", "全市", "2023Q2", None, 5.1, None),
        ("retail", "岳阳楼区", "2023Q2", 3.1206, 7.2, 2),
        ("fai", "岳阳楼区", "2023Q2", None, -3.5, 8),
        ("retail", "云溪区", "2023Q2", 1.9, 6.9, 4),
        ("fai", "云溪区", "2023Q2", None, 7.0, 2),
        ("retail", "华容县", "2023Q2", 2.2, 6.0, 7),
        ("fai", "华容县", "2023Q2", None, 4.2, 5),
    ]
    assert {x.unit for x in r.records} == {"亿元"}


def test_city_table_in_wan_yuan_with_unmatched_row():
    data = xlsx([["2023年1-9月各县市区社会消费品零售总额"], [None, None, "单位:万元"],
                 ["地区", "1-9月", "增长(%)"], ["岳阳楼区", "55,000", 8.1], ["云溪区", 21000, 7.0],
                 ["君山区", 18000, 6.2], ["某开发区", 100, 1.0], ["合计", 900000, 6.0]])
    r = parse_file(plan=PLAN, data=data, name="县市区.xlsx")
    assert [(x.region, x.period, x.value, x.growth_pct) for x in r.records] == [
        ("岳阳楼区", "2023Q3", 5.5, 8.1), ("云溪区", "2023Q3", 2.1, 7.0), ("君山区", "2023Q3", 1.8, 6.2),
        ("全市", "2023Q3", 90.0, 6.0)]
    assert [s.text for s in r.skipped] == ["某开发区"]

"""Statistics-bureau tables: exact values from the committed fixtures, and each refusal's message."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _sheets import xlsx  # noqa: E402

from plantrack.ingest import parse_file
from plantrack.ingest.bureau import classify
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

PLAN = load_plan()
DATA = Path(__file__).resolve().parent / "data" / "ingest"
HOME = "岳阳楼区"


def parse(name: str, **kw):
    return parse_file(DATA / name, plan=PLAN, **kw)


def table(result) -> dict:
    """indicator → (period, value, growth, prev, rank) of a parsed file."""
    return {r.indicator: (r.period, r.value, r.growth_pct, r.prev_value, r.rank) for r in result.records}


H1_EXPECTED = {
    # GDP growth is real (可比价): taken as reported, never recomputed from nominal levels (350.12/330 = 6.1%)
    "gdp": ("2023Q2", 350.12, 4.5, 330.0, 3),
    # 31,206 万元 → 3.1206 亿元; "7.2%" as text → 7.2; the 6月 (single month) columns ignored
    "retail": ("2023Q2", 3.1206, 7.2, 2.911, 2),
    # growth only, full-width minus
    "fai": ("2023Q2", None, -3.5, None, 8),
    # from "其中:地方收入", not the total 一般公共预算收入 (52,000 万元)
    "revenue": ("2023Q2", 2.05, 12.0, 1.8, 5),
    # growth missing → filled from the levels: 25680 / 24000 − 1 = 7.0 %
    "income": ("2023Q2", 25680.0, 7.0, 24000.0, 4),
    # a rate: the value column is the value; its change in points is not a growth rate
    "urban_unemployment_pct": ("2023Q2", 4.8, None, None, None),
}


@pytest.mark.parametrize("name", ["bureau_2023_h1.xlsx", "bureau_2023_h1.ods"])
def test_bureau_table_at_c4_with_two_row_merged_header(name):
    r = parse(name)
    assert r.layout == "bureau"
    assert table(r) == H1_EXPECTED
    assert {x.region for x in r.records} == {HOME}
    assert {x.unit for x in r.records if x.indicator != "income"} <= {"亿元", "%"}
    assert [(s.text, s.location.row) for s in r.skipped] == [
        ("其中:限额以上单位消费品零售额", 10), ("一般公共预算收入", 12), ("税收收入", 14), ("规模以上工业增加值", 17)]
    assert r.warnings == [
        f"{name}, sheet '主要指标', row 13, column G: 一般公共预算地方收入 (revenue) 增速不一致 / growth mismatch: "
        "reported 12% but 13.89% from the levels 2.05 / 1.8 亿元 (more than 0.1 points apart); the reported rate is "
        "kept (可比口径不同属正常 / comparable-basis differences are normal)"]
    gdp = next(x for x in r.records if x.indicator == "gdp")
    assert (gdp.location.sheet, gdp.location.row, gdp.location.column) == ("主要指标", 8, "G")


def test_monthly_table_takes_cumulative_column_and_title_month():
    r = parse("bureau_2023_03.xlsx")
    assert table(r) == {"retail": ("2023Q1", 1.55, 6.3, 1.458, None),
                        "revenue": ("2023Q1", 0.71, 1.4, 0.7, None),
                        "new_urban_jobs": ("2023Q1", 2130.0, None, None, None)}
    assert r.warnings == []   # 1.55 / 1.458 − 1 = 6.31 %: within 0.1 points of the reported 6.3


def test_gbk_csv_with_title_period_and_wan_yuan():
    r = parse("bureau_q3_gbk.csv")
    assert table(r) == {"retail": ("2023Q3", 5.5, 8.1, None, None), "revenue": ("2023Q3", 3.0, 9.2, None, None)}


def test_bom_csv_year_from_file_name_span_from_header():
    r = parse("主要指标_2023.csv")
    assert table(r) == {"retail": ("2023Q1", 1.55, 6.3, None, None), "fai": ("2023Q1", None, -12.4, None, None)}


def test_year_hint_supplies_a_missing_year():
    data = xlsx([["指标", "1-9月", "增长%"], ["社会消费品零售总额(亿元)", 5.5, 8.1]])
    r = parse_file(plan=PLAN, data=data, name="表.xlsx", year_hint=2023)
    assert table(r) == {"retail": ("2023Q3", 5.5, 8.1, None, None)}


def test_xls_annual_bulletin_is_full_year():
    r = parse("bureau_2023_annual.xls")
    assert table(r) == {"gdp": ("2023Q4", 721.5, 6.1, None, None), "retail": ("2023Q4", 6.8, 8.4, None, None),
                        "income": ("2023Q4", 51234.0, 6.9, None, None)}


def test_unit_from_label_header_and_note():
    data = xlsx([["岳阳楼区2023年上半年主要指标"], [None, None, "单位:万元"],
                 ["指标", "绝对值", "增速(%)"],
                 ["社会消费品零售总额(亿元)", 3.1, 7.0],       # label says 亿元: wins over the note
                 ["地方收入", 20500, 12.0],                     # the note's 万元
                 ["城镇居民人均可支配收入", 25680, 6.5]])       # per-capita: always 元, never the note's 万元
    r = parse_file(plan=PLAN, data=data, name="单位.xlsx")
    assert table(r) == {"retail": ("2023Q2", 3.1, 7.0, None, None), "revenue": ("2023Q2", 2.05, 12.0, None, None),
                        "income": ("2023Q2", 25680.0, 6.5, None, None)}
    data = xlsx([["2023年1-6月", None], ["指标", "绝对值(万元)", "增长(%)"], ["社零总额", "31,206", 7.2]])
    assert table(parse_file(plan=PLAN, data=data, name="h.xlsx"))["retail"] == ("2023Q2", 3.1206, 7.2, None, None)


def test_prev_year_columns_by_year_and_two_periods_side_by_side():
    data = xlsx([["指标", "2023年1-6月", "2022年1-6月", "增长(%)"], ["社会消费品零售总额(亿元)", 3.3, 3.0, 10.0]])
    assert table(parse_file(plan=PLAN, data=data, name="y.xlsx")) == {
        "retail": ("2023Q2", 3.3, 10.0, 3.0, None)}
    data = xlsx([["2023年主要指标"], ["指标", "1-5月", None, "1-6月", None], [None, "绝对值", "增长", "绝对值", "增长"],
                 ["社会消费品零售总额(亿元)", 2.5, 6.0, 3.1, 7.0]])
    r = parse_file(plan=PLAN, data=data, name="p.xlsx")
    assert sorted((x.period, x.value, x.growth_pct) for x in r.records) == [("2023M05", 2.5, 6.0),
                                                                             ("2023Q2", 3.1, 7.0)]


def test_same_indicator_twice_with_same_figures_is_fine():
    data = xlsx([["2023年1-6月"], ["指标", "绝对值(亿元)", "增长%"], ["社零总额", 3.1, 7.0],
                 ["社会消费品零售总额", 3.1, 7.0]])
    assert len(parse_file(plan=PLAN, data=data, name="d.xlsx").records) == 1


@pytest.mark.parametrize("label, kind", [
    ("1-6月|绝对值", "value"), ("1-6月|同比增长(%)", "growth"), ("上年同期", "prev"), ("去年同期|绝对值", "prev"),
    ("上年同期|增长(%)", None), ("全市排位", "rank"), ("位次", "rank"), ("单位", "unit"), ("序号", None),
    ("增速比全市高(百分点)", None), ("比上年同期增长(%)", "growth"), ("本月", "value"), ("绝对值(万元)", "value"),
])
def test_column_roles(label, kind):
    assert classify(label).kind == kind


def test_monthly_and_cumulative_flags():
    assert classify("本月").monthly and not classify("1-本月").monthly and classify("1-本月").cumulative
    assert classify("6月|绝对值").monthly and classify("1-6月|绝对值").end_month == 6


# ─────────────────────────── refusals ───────────────────────────

def test_text_in_a_value_cell_names_sheet_row_column_and_text():
    data = xlsx([["岳阳楼区2023年1-6月主要经济指标"], ["指标", "单位", "绝对值", "同比增长(%)"],
                 ["地区生产总值", "亿元", 350.1, 4.5], ["社会消费品零售总额", "亿元", 3.1, "abc"]], title="指标表")
    with pytest.raises(IngestError) as e:
        parse_file(plan=PLAN, data=data, name="坏值.xlsx")
    msg = str(e.value)
    assert e.value.code == "not_a_number"
    assert msg.startswith("坏值.xlsx, sheet '指标表', row 4, column D:")
    assert "'abc'" in msg and "同比增长(%)" in msg and "a growth rate in %" in msg


def test_no_recognisable_indicator():
    data = xlsx([["2023年1-6月"], ["项目", "数值"], ["规模以上工业增加值", 6.1], ["进出口总额", 2.0]])
    with pytest.raises(IngestError) as e:
        parse_file(plan=PLAN, data=data, name="无指标.xlsx")
    assert e.value.code == "no_indicator"
    assert "无指标.xlsx" in str(e.value) and "规模以上工业增加值" in str(e.value)


def test_no_period_anywhere():
    data = xlsx([["主要经济指标"], ["指标", "绝对值", "增长%"], ["地区生产总值", 350.1, 4.5]], title="Sheet1")
    with pytest.raises(IngestError) as e:
        parse_file(plan=PLAN, data=data, name="无期间.xlsx")
    assert e.value.code == "no_period"
    assert "无期间.xlsx, sheet 'Sheet1'" in str(e.value) and "no period found" in str(e.value)


def test_conflicting_figures_for_the_same_period():
    data = xlsx([["2023年1-6月"], ["指标", "绝对值(亿元)", "增长%"], ["社零总额", 3.1, 7.0],
                 ["社会消费品零售总额", 3.3, 7.0]])
    with pytest.raises(IngestError) as e:
        parse_file(plan=PLAN, data=data, name="冲突.xlsx")
    assert e.value.code == "conflict"
    assert "冲突.xlsx" in str(e.value) and "retail 2023Q2" in str(e.value)
    assert "row 3" in str(e.value) and "row 4" in str(e.value)


def test_unit_that_cannot_be_converted():
    data = xlsx([["2023年1-6月"], ["指标", "单位", "绝对值"], ["老旧小区改造", "亿元", 12]])
    with pytest.raises(IngestError) as e:
        parse_file(plan=PLAN, data=data, name="单位错.xlsx")
    assert e.value.code == "unit" and "亿元" in str(e.value) and "row 3" in str(e.value)


def test_growth_rows_join_the_level_row():
    data = xlsx([["2023年1-6月"], ["指标", "1-6月"], ["地区生产总值(亿元)", 350.0], ["地区生产总值增速(%)", 4.5],
                 ["固定资产投资增速", 10.2]])
    assert table(parse_file(plan=PLAN, data=data, name="g.xlsx")) == {
        "gdp": ("2023Q2", 350.0, 4.5, None, None), "fai": ("2023Q2", None, 10.2, None, None)}


def test_sheet_without_figures_needs_no_period_and_hidden_sheets_are_ignored():
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["2023年1-6月"], ["指标", "绝对值(亿元)", "增长%"], ["社会消费品零售总额", 3.1, 7.0]]:
        ws.append(r)
    notes = wb.create_sheet("指标解释")
    for r in [["指标", "解释"], ["地区生产总值", "按可比价计算"]]:
        notes.append(r)
    hidden = wb.create_sheet("旧数据")
    for r in [["2022年1-6月"], ["指标", "绝对值(亿元)", "增长%"], ["社会消费品零售总额", 9.9, 1.0]]:
        hidden.append(r)
    hidden.sheet_state = "hidden"
    bio = io.BytesIO()
    wb.save(bio)
    r = parse_file(plan=PLAN, data=bio.getvalue(), name="多表.xlsx")
    assert table(r) == {"retail": ("2023Q2", 3.1, 7.0, None, None)}


def test_title_beside_unit_note_and_prev_group_over_two_columns():
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["岳阳楼区2023年1-6月主要经济指标", None, None, None, None, "单位:亿元"],
              ["指标名称", "1-6月", None, "上年同期", None, "排名"],
              [None, "绝对值", "增速", "绝对值", "增速", None],
              ["社会消费品零售总额", 3.3, 10.0, 3.0, 5.0, 2]]:
        ws.append(r)
    for m in ("A1:E1", "A2:A3", "B2:C2", "D2:E2", "F2:F3"):
        ws.merge_cells(m)
    bio = io.BytesIO()
    wb.save(bio)
    r = parse_file(plan=PLAN, data=bio.getvalue(), name="t.xlsx")
    # last year's growth (5.0) is not ours; last year's level is prev
    assert table(r) == {"retail": ("2023Q2", 3.3, 10.0, 3.0, 2)} and r.warnings == []

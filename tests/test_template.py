"""The analysts' template: written from the plan, filled by openpyxl, read back through calamine."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from plantrack.ingest.records import IngestError, Sheet
from plantrack.ingest.template import (
    HEADLINE_COLUMNS,
    MILESTONE_COLUMNS,
    SUBTARGET_COLUMNS,
    is_template,
    parse_template,
    write_template,
)
from plantrack.model.plan import load_plan

PLAN = load_plan()
YP = PLAN.year(2023)
FILE = "填报.xlsx"


def read_sheets(data: bytes) -> list[Sheet]:
    """calamine → Sheets, rows from A1 so row numbers match Excel; "" → None as the importer sees it."""
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [Sheet(name, [[None if c == "" else c for c in row]
                         for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)])
            for name in wb.sheet_names]


def template_bytes(period: str | None = "2023年1-6月") -> bytes:
    buf = io.BytesIO()
    write_template(PLAN, 2023, buf, period=period)
    return buf.getvalue()


def header_row(ws, first: str) -> int:
    return next(r for r in range(1, 40) if ws.cell(r, 1).value == first)


def row_of(ws, code: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == code)


def save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def parse(data: bytes):
    return parse_template(read_sheets(data), PLAN, FILE, 2023)


# ───────────────────────────── the written template ─────────────────────────────

def test_template_sheets_headers_and_every_plan_id():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    assert wb.sheetnames == ["主要指标", "子目标", "里程碑"]
    expected = {"主要指标": (HEADLINE_COLUMNS, [t.id for t in YP.headline]),
                "子目标": (SUBTARGET_COLUMNS, [t.id for t in YP.subtargets + YP.tracked]),
                "里程碑": (MILESTONE_COLUMNS, [m.id for m in YP.milestones])}
    for name, (columns, ids) in expected.items():
        ws = wb[name]
        hdr = header_row(ws, columns[0])
        assert hdr > 3, "instruction rows come first: the table is not at A1"
        assert "示例" not in ws["A1"].value and "2023" in ws["A1"].value
        assert tuple(c.value for c in ws[hdr]) == columns
        assert ws[hdr][0].font.b and ws[hdr][0].font.name == "宋体"
        assert ws.freeze_panes.endswith(str(hdr + 1))
        assert [ws.cell(r, 1).value for r in range(hdr + 1, ws.max_row + 1)] == ids
        period_col = columns.index("期间") + 1
        assert {ws.cell(r, period_col).value for r in range(hdr + 1, ws.max_row + 1)} == {"2023年1-6月"}
    assert len(expected["主要指标"][1]) == 5 and "urban_unemployment_pct" in expected["子目标"][1]
    sub = wb["子目标"]
    r = row_of(sub, "old_compounds")
    assert [c.value for c in sub[r]][:5] == ["old_compounds", "2.2 完善基础设施", "老旧小区改造", "个", 228]
    assert sub.cell(row_of(sub, "listed_firms"), 5).value is None  # tracked: no target
    ms = wb["里程碑"]
    (dv,) = ms.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == '"未启动,推进中,已完成,滞后"'
    assert str(dv.sqref).startswith(f"F{header_row(ms, '里程碑代码') + 1}:F")


def test_period_key_is_written_as_label_and_blank_without_period():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes("2023Q3")))
    ws = wb["主要指标"]
    assert ws.cell(row_of(ws, "gdp"), 3).value == "2023年1-9月"
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(None)))
    ws = wb["主要指标"]
    assert ws.cell(row_of(ws, "gdp"), 3).value is None
    with pytest.raises(ValueError, match="not in 2023"):
        write_template(PLAN, 2023, io.BytesIO(), period="2022Q2")


def test_empty_template_is_recognised_and_yields_nothing():
    sheets = read_sheets(template_bytes())
    assert is_template(sheets)
    assert parse_template(sheets, PLAN, FILE, 2023) == ([], [], [], [])


def test_bureau_table_is_not_a_template():
    bureau = Sheet("Sheet1", [["岳阳楼区2023年1-3月主要经济指标"], ["指标名称", "单位", "1-3月", None, None],
                              [None, None, "绝对值", "同比增长(%)", "上年同期"], ["地区生产总值", "亿元", 190.2, 4.1, 180]])
    assert not is_template([bureau])
    with pytest.raises(IngestError) as e:
        parse_template([bureau], PLAN, "x.xlsx", 2023)
    assert e.value.code == "not_template"


# ───────────────────────────── round trip ─────────────────────────────

def filled() -> openpyxl.Workbook:
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb["主要指标"]                       # D 累计值, E 单位, F 同比增长, G 上年同期累计值
    r = row_of(ws, "gdp")
    ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"] = 390.12, 5.8, 360.0    # real growth: kept as reported
    r = row_of(ws, "fai")
    ws[f"D{r}"], ws[f"F{r}"] = "—", 4.5                            # growth only
    r = row_of(ws, "retail")
    ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"] = 205.3, "8.1%", 190.0   # levels give 8.05: within 0.1
    r = row_of(ws, "revenue")
    ws[f"D{r}"], ws[f"E{r}"], ws[f"F{r}"] = "31,206", "万元", "7.2%"
    r = row_of(ws, "income")
    ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"] = 26500, 9.9, 25100      # levels give 5.58: a warning
    ws.append(["gdp", "地区生产总值", "2023Q1", 190.5, "亿元", 4.9, None, "一季度"])
    ws.append(["gdp", "地区生产总值", "2023年一季度", 190.5, "亿元", 4.9, None, "重复行,数值相同"])

    ws = wb["子目标"]                          # G 累计完成, D 单位
    ws[f"G{row_of(ws, 'old_compounds')}"] = 120
    ws[f"G{row_of(ws, 'school_investment')}"] = "5,200"
    ws[f"G{row_of(ws, 'urban_unemployment_pct')}"] = "4.6%"
    r = row_of(ws, "back_streets_investment")
    ws[f"D{r}"], ws[f"G{r}"] = "万元", 8000
    ws[f"G{row_of(ws, 'elevators')}"] = "—"
    ws.append(["zjtx", "1.1 进一步提升创新能力", "专精特新企业", "家", 10, "2023年1-6月", 4, "代码写错,按名称识别"])
    ws.append(["no_such", None, "不存在的指标", "个", None, "2023年1-6月", 3, None])

    ws = wb["里程碑"]                          # F 状态, G 日期, H 备注
    r = row_of(ws, "sealing_park_approval")
    ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"] = "已完成", dt.datetime(2023, 5, 18), "省科工委已批复"
    r = row_of(ws, "xujiaqiao_logistics_park")
    ws[f"F{r}"], ws[f"G{r}"] = "推进中", "2023年6月30日"
    r = row_of(ws, "spatial_master_plan")
    ws[f"F{r}"], ws[f"G{r}"] = "delayed", "2023-06-30"
    return wb


def test_round_trip_records_exact():
    records, milestones, skipped, warnings = parse(save(filled()))
    got = [(r.indicator, r.period, r.value, r.unit, r.growth_pct, r.prev_value, r.region) for r in records]
    assert got == [
        ("gdp", "2023Q2", 390.12, "亿元", 5.8, 360.0, "岳阳楼区"),
        ("fai", "2023Q2", None, "亿元", 4.5, None, "岳阳楼区"),
        ("retail", "2023Q2", 205.3, "亿元", 8.1, 190.0, "岳阳楼区"),
        ("revenue", "2023Q2", 3.1206, "亿元", 7.2, None, "岳阳楼区"),
        ("income", "2023Q2", 26500.0, "元", 9.9, 25100.0, "岳阳楼区"),  # kept, with a warning
        ("gdp", "2023Q1", 190.5, "亿元", 4.9, None, "岳阳楼区"),
        ("old_compounds", "2023Q2", 120.0, "个", None, None, "岳阳楼区"),
        ("back_streets_investment", "2023Q2", 0.8, "亿元", None, None, "岳阳楼区"),
        ("urban_unemployment_pct", "2023Q2", 4.6, "%", None, None, "岳阳楼区"),
        ("school_investment", "2023Q2", 5200.0, "万元", None, None, "岳阳楼区"),
        ("srdi_firms", "2023Q2", 4.0, "家", None, None, "岳阳楼区"),  # the appended row, matched by name
    ]
    loc = records[3].location
    assert (loc.file, loc.sheet, loc.row, loc.column) == (FILE, "主要指标", 12, "D")
    assert [(s.location.sheet, s.text, s.reason) for s in skipped] == [
        ("子目标", "no_such", "unknown indicator code or name")]
    assert len(warnings) == 1
    assert "income 2023Q2 增速不一致 / growth mismatch: reported 9.9% but 5.58%" in warnings[0]
    assert "row 13" in warnings[0] and "column F" in warnings[0]
    assert [(m.milestone, m.status, m.period, m.date, m.note) for m in milestones] == [
        ("sealing_park_approval", "done", "2023Q2", "2023-05-18", "省科工委已批复"),
        ("xujiaqiao_logistics_park", "in_progress", "2023Q2", "2023-06-30", ""),
        ("spatial_master_plan", "delayed", "2023Q2", "2023-06-30", ""),
    ]
    assert milestones[0].location.column == "F"


def test_english_headers_and_reordered_columns():
    sheet = Sheet("data", [
        ["exported by a script"], [],
        ["note", "value", "period", "indicator_id", "unit", "growth_pct", "prev_value", "extra"],
        [None, 100.0, "2023Q4", "retail", None, None, 95.0, "x"],
        [None, "1.5", "2023M05", "listed_firms", "家", None, None, None],
    ])
    assert is_template([sheet])
    records, _, _, warnings = parse_template([sheet], PLAN, "x.csv", None)
    assert [(r.indicator, r.period, r.value, r.growth_pct, r.location.row, r.location.column) for r in records] == [
        ("retail", "2023Q4", 100.0, 5.26, 4, "B"), ("listed_firms", "2023M05", 1.5, None, 5, "B")]
    assert warnings == []


def test_gdp_growth_never_derived_from_levels():
    sheet = Sheet("s", [["指标代码", "期间", "累计值", "同比增长(%)", "上年同期累计值"],
                        ["gdp", "2023年1-12月", 804.28, None, 777.54]])
    (rec,), *_ = parse_template([sheet], PLAN, "x.xlsx", None)
    assert (rec.period, rec.value, rec.growth_pct, rec.prev_value) == ("2023Q4", 804.28, None, 777.54)


def test_year_comes_from_the_title_when_period_has_none():
    sheet = Sheet("s", [["2023年子目标"], ["指标代码", "期间", "累计完成"], ["elevators", "1-9月", 150]])
    (rec,), *_ = parse_template([sheet], PLAN, "x.xlsx", None)
    assert rec.period == "2023Q3"


# ───────────────────────────── errors ─────────────────────────────

def error_of(wb) -> IngestError:
    with pytest.raises(IngestError) as e:
        parse(save(wb))
    return e.value


def test_text_in_a_number_cell_names_the_cell():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb["主要指标"]
    r = row_of(ws, "retail")
    ws[f"D{r}"] = "增长较快"
    e = error_of(wb)
    assert e.code == "not_a_number"
    assert str(e) == f"{FILE}, sheet '主要指标', row {r}, column D: “增长较快” in 累计值: expected a number"


def test_unknown_status_lists_allowed_values():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb["里程碑"]
    r = row_of(ws, "tourism_routes")
    ws[f"F{r}"] = "差不多了"
    e = error_of(wb)
    assert e.code == "bad_status"
    assert (e.location.sheet, e.location.row, e.location.column) == ("里程碑", r, "F")
    assert "差不多了" in str(e) and "未启动、推进中、已完成、滞后" in str(e)


def test_same_indicator_and_period_twice_is_a_conflict():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb["主要指标"]
    ws[f"D{row_of(ws, 'retail')}"] = 205.3
    ws.append(["retail", "社会消费品零售总额", "2023Q2", 206.1, "亿元", None, None, None])
    e = error_of(wb)
    assert e.code == "conflict"
    assert "retail 2023Q2" in str(e) and f"row {ws.max_row}" in str(e)


def test_unparseable_period():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb["子目标"]
    r = row_of(ws, "elevators")
    ws[f"F{r}"], ws[f"G{r}"] = "上个月", 90
    e = error_of(wb)
    assert e.code == "no_period" and e.location.row == r and e.location.column == "F"


def test_value_without_period():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(None)))
    ws = wb["子目标"]
    ws[f"G{row_of(ws, 'elevators')}"] = 90
    assert error_of(wb).code == "no_period"


def test_unit_of_another_dimension():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb["主要指标"]
    r = row_of(ws, "retail")
    ws[f"D{r}"], ws[f"E{r}"] = 12, "公里"
    e = error_of(wb)
    assert e.code == "bad_unit" and e.location.column == "E" and "亿元" in str(e)


def test_bad_date():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    ws = wb["里程碑"]
    r = row_of(ws, "tourism_routes")
    ws[f"F{r}"], ws[f"G{r}"] = "已完成", "六月底"
    e = error_of(wb)
    assert e.code == "bad_date" and e.location.column == "G"


# ───────────────────────────── scale ─────────────────────────────

def test_hundred_thousand_rows_all_parse():
    # Correctness at scale only; speed is measured in bench/bench_import.py, never asserted here.
    ids = list(PLAN.indicators)  # one row per indicator per period, as a long history would be
    periods = [f"{y}年1-{m}月" for y in range(1900, 2100) for m in range(1, 13)]
    unique = len(ids) * len(periods)  # 98,400; the last rows repeat the first ones exactly
    rows = [["指标代码", "期间", "累计值", "单位", "同比增长(%)", "上年同期累计值", "备注"]]
    for i in range(100_000):
        j = i % unique
        rows.append([ids[j % len(ids)], periods[j // len(ids)], float(j), None, "3.5%", None, None])
    records, *_ = parse_template([Sheet("big", rows)], PLAN, "big.xlsx", None)
    assert len(records) == unique
    assert records[-1].growth_pct == 3.5


# ───────────────────────────── the bundled sample data ─────────────────────────────

def _make_sample():
    import importlib.util
    path = Path(__file__).resolve().parents[1] / "data" / "sample" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("make_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_files_import_with_the_declared_figures():
    from plantrack.ingest import parse_file
    ms = _make_sample()
    folder = ms.HERE
    quarter = {"q1": 3, "q2": 6, "q3": 9, "q4": 12}
    for key, m in quarter.items():
        parsed = parse_file(folder / ms.FILES[key], plan=PLAN)
        assert parsed.layout == "bureau" and parsed.warnings == []
        got = {r.indicator: (r.value, r.growth_pct, r.prev_value) for r in parsed.records}
        p = f"2023Q{m // 3}"
        assert {r.period for r in parsed.records} == {p}
        assert got["gdp"] == (ms.GDP[m][0], ms.GDP_REAL_GROWTH[m], ms.GDP[m][1])
        assert got["fai"] == (None, ms.FAI_GROWTH[m], None)
        for iid, series in (("retail", ms.RETAIL), ("revenue", ms.REVENUE_LOCAL), ("income", ms.INCOME)):
            assert got[iid] == pytest.approx((series[m][0], ms.growth(series[m]), series[m][1]), rel=1e-12)
        assert sorted(s.text for s in parsed.skipped) == ["一般公共预算收入", "规模以上工业增加值"]

    parsed = parse_file(folder / ms.FILES["template"], plan=PLAN)
    assert parsed.layout == "template" and parsed.skipped == [] and parsed.warnings == []
    got = {(r.indicator, r.period): r.value for r in parsed.records}
    want = {(iid, f"2023Q{q + 1}"): v for iid, vals in ms.SUB.items() for q, v in enumerate(vals[:3]) if v is not None}
    assert got == pytest.approx(want, rel=1e-12)
    assert len(parsed.milestones) == len(ms.MS_Q3) + len(ms.MS_Q2) + len(ms.MS_Q1)
    by_key = {(m.milestone, m.period): m for m in parsed.milestones}
    assert (by_key["sealing_park_land", "2023Q2"].status, by_key["sealing_park_land", "2023Q3"].status) == (
        "in_progress", "delayed")
    assert by_key["xujiaqiao_logistics_park", "2023Q3"].date == "2023-09-15"

    parsed = parse_file(folder / ms.FILES["ledger"], plan=PLAN)
    assert parsed.layout == "ledger"
    assert {r.indicator: r.value for r in parsed.records} == {iid: vals[3] for iid, vals in ms.SUB.items()}
    assert {r.period for r in parsed.records} == {"2023Q4"}


def test_sample_files_are_labelled_and_match_the_generator(tmp_path):
    ms = _make_sample()
    ms.main(tmp_path)
    for name in ms.FILES.values():
        assert "示例数据" in name
        committed = (ms.HERE / name).read_bytes()
        assert committed == (tmp_path / name).read_bytes(), f"{name}: run data/sample/make_sample.py"
        for sheet in read_sheets(committed):
            assert "示例数据" in sheet.name and "示例数据" in sheet.rows[0][0]

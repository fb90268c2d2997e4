"""Issue 10: every stored figure's unit, period and measure come from evidence in the file, recorded with it.

Each rule with its exact layout; the layout-variant generator (test_layout_variants.py) covers the family.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _sheets import xlsx  # noqa: E402

from plantrack.ingest import check_across_files, parse_file  # noqa: E402
from plantrack.ingest.plausibility import check_against_store, derived_growth_notes  # noqa: E402
from plantrack.ingest.records import IngestError, UnitNeeded
from plantrack.model import i18n
from plantrack.model.plan import load_plan
from plantrack.store.database import Store

PLAN = load_plan()


def parse(rows, name="t.xlsx", sheet="表1", **kw):
    return parse_file(plan=PLAN, data=xlsx(rows, sheet), name=name, **kw)


def figures(parsed) -> dict:
    return {(r.indicator, r.period): (r.value, r.growth_pct) for r in parsed.records}


# ── unit ──

@pytest.mark.parametrize("note", ["单位：万元", "单位:万元", "计量单位：万元", "金额单位：万元", "（单位：万元）",
                                  "(单位:万元)", "单位： 万元"])
def test_unit_note_any_colon_or_bracket_is_read_and_recorded(note):
    r = parse([["岳阳楼区2023年1-6月主要经济指标"], [None, None, note], ["指标", "绝对值", "增长(%)"],
               ["社会消费品零售总额", 31206, 7.2]])
    rec = r.records[0]
    assert (rec.value, rec.growth_pct) == (3.1206, 7.2)   # 万元 → 亿元, not 10,000× too large
    assert rec.source_of("unit") == "第2行注释" and rec.source_of("period") == "标题"
    assert r.warnings == []


def test_amount_without_a_unit_is_never_assumed_the_analyst_chooses():
    rows = [["岳阳楼区2023年1-6月主要经济指标"], ["指标", "绝对值", "增长(%)"], ["社会消费品零售总额", 31206, 7.2]]
    with pytest.raises(UnitNeeded) as e:
        parse(rows)
    assert "row 3, column B" in str(e.value) and "--unit 万元" in str(e.value) and e.value.code == "unit_needed"
    rec = parse(rows, unit="万元").records[0]
    assert rec.value == 3.1206 and rec.source_of("unit") == "分析员选择（万元）"


def test_unit_from_column_header_wins_over_title_note_and_file_name():
    r = parse([["2023年1-6月主要指标（亿元）"], [None, "单位：亿元"], ["指标", "绝对值(万元)", "增长(%)"],
               ["社会消费品零售总额", 31206, 7.2]], name="万元表.xlsx")
    assert r.records[0].value == 3.1206 and r.records[0].source_of("unit") == "B列表头"


def test_unit_from_sheet_name_and_file_name_as_last_resort():
    rows = [["2023年1-6月主要指标"], ["指标", "绝对值", "增长(%)"], ["社会消费品零售总额", 31206, 7.2]]
    assert parse(rows, sheet="主要指标(万元)").records[0].source_of("unit") == "工作表名"
    r = parse(rows, name="主要指标（万元）.xlsx")
    assert r.records[0].value == 3.1206 and r.records[0].source_of("unit") == "文件名"


# ── period ──

def test_year_alone_is_never_the_full_year():
    with pytest.raises(IngestError) as e:
        parse([["岳阳楼区2023年主要经济指标"], ["指标", "累计(亿元)", "增长(%)"], ["社会消费品零售总额", 3.1, 7.2]])
    assert e.value.code == "no_period" and "a year alone is not a period" in str(e.value)


@pytest.mark.parametrize("title", ["岳阳楼区2023年全年主要经济指标", "岳阳楼区2023年1-12月主要经济指标",
                                   "岳阳楼区2023年1—12月主要经济指标", "岳阳楼区2023年统计公报主要指标",
                                   "岳阳楼区2023年年报"])
def test_full_year_only_when_the_file_says_so(title):
    r = parse([[title], ["指标", "绝对值(亿元)", "增长(%)"], ["社会消费品零售总额", 13.1, 7.2]])
    assert figures(r) == {("retail", "2023Q4"): (13.1, 7.2)}


@pytest.mark.parametrize("sheet, column, key", [("6月", "本月止累计", "2023Q2"), ("2023年9月", "1-本月", "2023Q3"),
                                                ("5月", "累计", "2023M05"), ("12月", "本月止累计", "2023Q4")])
def test_monthly_report_sheet_with_cumulative_column_is_1_to_n(sheet, column, key):
    r = parse([["岳阳楼区2023年主要经济指标月报"], ["指标", "本月(亿元)", f"{column}(亿元)", "比去年同期增长(%)"],
               ["社会消费品零售总额", 0.6, 3.1, 7.2]], sheet=sheet)
    assert figures(r) == {("retail", key): (3.1, 7.2)}
    assert r.records[0].source_of("period") == "工作表名"


def test_two_monthly_sheets_give_two_periods_not_two_full_years():
    import io

    import openpyxl
    wb = openpyxl.Workbook()
    for k, (month, v) in enumerate([(6, 3.1), (9, 4.8)]):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = f"{month}月"
        for row in [["岳阳楼区2023年主要经济指标"], ["指标", "本月止累计(亿元)", "比去年同期增长(%)"],
                    ["社会消费品零售总额", v, 7.0 + k]]:
            ws.append(row)
    bio = io.BytesIO()
    wb.save(bio)
    r = parse_file(plan=PLAN, data=bio.getvalue(), name="月报.xlsx")
    assert figures(r) == {("retail", "2023Q2"): (3.1, 7.0), ("retail", "2023Q3"): (4.8, 8.0)}


def test_header_period_contradicting_the_title_is_refused():
    with pytest.raises(IngestError) as e:
        parse([["岳阳楼区2023年1-9月主要经济指标"], ["指标", "1-6月绝对值(亿元)", "增长(%)"],
               ["社会消费品零售总额", 3.1, 7.2]])
    assert e.value.code == "period_conflict" and "column B" in str(e.value)


def test_title_with_two_spans_reads_both_from_the_columns_or_is_refused():
    r = parse([["岳阳楼区2023年1-6月及1-9月主要经济指标(亿元)"], ["指标", "1-6月", None, "1-9月", None],
               [None, "绝对值", "增长(%)", "绝对值", "增长(%)"], ["社会消费品零售总额", 3.1, 7.0, 4.8, 7.5]])
    assert figures(r) == {("retail", "2023Q2"): (3.1, 7.0), ("retail", "2023Q3"): (4.8, 7.5)}
    with pytest.raises(IngestError) as e:
        parse([["岳阳楼区2023年1-6月及1-9月主要经济指标(亿元)"], ["指标", "绝对值", "增长(%)"],
               ["社会消费品零售总额", 3.1, 7.0]])
    assert e.value.code == "period_ambiguous"


# ── measure ──

@pytest.mark.parametrize("title", ["岳阳楼区2023年主要指标增速(%)", "岳阳楼区2023年主要指标增长(%)",
                                   "岳阳楼区2023年主要指标（%）"])
def test_rate_title_makes_every_figure_a_growth_rate_one_record_per_period(title):
    r = parse([[title], ["指标", "一季度", "上半年", "前三季度", "全年"], ["地区生产总值", 5.8, 6.3, 6.0, 5.9]])
    assert figures(r) == {("gdp", "2023Q1"): (None, 5.8), ("gdp", "2023Q2"): (None, 6.3),
                          ("gdp", "2023Q3"): (None, 6.0), ("gdp", "2023Q4"): (None, 5.9)}
    assert all(x.source_of("measure") == "标题（增速表）" for x in r.records)
    assert all(x.source_of("period").endswith("列表头") for x in r.records)


def test_unit_note_percent_makes_a_rate_table():
    r = parse([["岳阳楼区2023年1-6月主要指标"], [None, "单位：%"], ["指标", "1-6月"], ["地区生产总值", 6.3]])
    assert figures(r) == {("gdp", "2023Q2"): (None, 6.3)}


def test_growth_column_pairs_with_its_own_value_column():
    r = parse([["岳阳楼区2023年6月主要经济指标(亿元)"],
               ["指标", "本月", "比去年同月增长(%)", "1-本月", "比去年同期增长(%)"],
               ["社会消费品零售总额", 0.6, 12.5, 3.1, 7.2]])
    assert figures(r) == {("retail", "2023Q2"): (3.1, 7.2)}
    # growth without 同月/同期 follows the value column it sits after
    r = parse([["岳阳楼区2023年6月主要经济指标(亿元)"], ["指标", "本月", "增长(%)", "累计", "增长(%)"],
               ["社会消费品零售总额", 0.6, 12.5, 3.1, 7.2]])
    assert figures(r) == {("retail", "2023Q2"): (3.1, 7.2)}


def test_derived_growth_is_flagged_stored_and_warned(tmp_path):
    r = parse([["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "本期", "上年同期"],
               ["社会消费品零售总额", 3.3, 3.0]])
    rec = r.records[0]
    assert (rec.growth_pct, rec.growth_source) == (10.0, "derived")
    assert len(derived_growth_notes(PLAN, r)) == 1 and "（推算）" in derived_growth_notes(PLAN, r)[0]
    reported = parse([["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "本期", "增长(%)", "上年同期"],
                      ["社会消费品零售总额", 3.3, 9.0, 3.0]])
    assert reported.records[0].growth_source == "reported" and "可比口径" in reported.warnings[0]
    from plantrack.ui.upload_page import records_table
    ctx = SimpleNamespace(plan=PLAN, lang="zh", t=lambda k, **kw: i18n.t(k, "zh", **kw))
    shown = records_table(ctx, r)
    assert shown[i18n.t("col.growth", "zh")].tolist() == ["10（推算）"] or \
        shown[i18n.t("col.growth", "zh")].tolist()[0].endswith("（推算）")
    assert shown[i18n.t("upload.col_unit_from", "zh")].tolist() == ["标题"]


# ── plausibility against the store ──

def test_plausibility_warnings_against_what_is_stored(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    first = parse([["岳阳楼区2023年1-3月主要经济指标(亿元)"], ["指标", "绝对值", "增长(%)"],
                   ["社会消费品零售总额", 1.5, 7.0]])
    store.import_parsed(first, user="t")
    slip = parse([["岳阳楼区2023年1-6月主要经济指标"], [None, "单位：元"], ["指标", "绝对值", "增长(%)"],
                  ["社会消费品零售总额", 310_000_000, 7.2]])  # 3.1 亿元: fine
    assert check_against_store(PLAN, store, slip) == []
    slip = parse([["岳阳楼区2023年1-6月主要经济指标(万元)"], ["指标", "绝对值", "增长(%)"],
                  ["社会消费品零售总额", 0.031, 7.2]])      # 1/484 of Q1: a 万元/亿元 slip
    assert any("倍" in w for w in check_against_store(PLAN, store, slip))
    lower = parse([["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "绝对值", "增长(%)"],
                   ["社会消费品零售总额", 1.2, 150.0]])
    warnings = check_against_store(PLAN, store, lower)
    assert any("累计数" in w for w in warnings) and any("超出" in w for w in warnings)


# ── across files (issue 15, item 9) ──

def test_two_files_that_disagree_are_refused_naming_both(tmp_path):
    a = parse([["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "绝对值", "增长(%)"], ["社会消费品零售总额", 3.1, 7.2]],
              name="甲.xlsx")
    b = parse([["岳阳楼区2023年上半年主要经济指标(亿元)"], ["指标", "绝对值", "增长(%)"], ["社会消费品零售总额", 3.2, 7.2]],
              name="乙.xlsx")
    with pytest.raises(IngestError) as e:
        check_across_files([a, b])
    assert "甲.xlsx" in str(e.value) and "乙.xlsx" in str(e.value)
    check_across_files([a, a])        # the same figures twice are fine


def test_cli_unit_option_and_cross_file_refusal(tmp_path):
    rows = [["岳阳楼区2023年1-6月主要经济指标"], ["指标", "绝对值", "上年同期"], ["社会消费品零售总额", 33000, 30000]]
    (tmp_path / "a.xlsx").write_bytes(xlsx(rows))
    env = {"PLANTRACK_DB": str(tmp_path / "s.duckdb"), "PATH": "/usr/bin:/bin"}
    cli = [sys.executable, "-m", "plantrack", "import"]
    refused = subprocess.run(cli + [str(tmp_path / "a.xlsx")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and "--unit 万元" in refused.stderr
    ok = subprocess.run(cli + ["--unit", "万元", str(tmp_path / "a.xlsx")], cwd=ROOT, env=env, capture_output=True,
                        text=True)
    assert ok.returncode == 0, ok.stderr
    assert "growth 10% (推算" in ok.stdout
    (tmp_path / "b.xlsx").write_bytes(xlsx([["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "绝对值"],
                                            ["社会消费品零售总额", 3.5]]))
    (tmp_path / "c.xlsx").write_bytes(xlsx([["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "绝对值"],
                                            ["社会消费品零售总额", 3.6]]))
    both = subprocess.run(cli + ["--json", str(tmp_path / "b.xlsx"), str(tmp_path / "c.xlsx")], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert both.returncode == 2 and "b.xlsx" in both.stderr and "c.xlsx" in both.stderr
    assert json.loads(both.stdout) == {"files": []}


def test_status_cli_marks_derived_growth(tmp_path):
    rows = [["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "绝对值", "上年同期"], ["社会消费品零售总额", 3.3, 3.0]]
    (tmp_path / "a.xlsx").write_bytes(xlsx(rows))
    env = {"PLANTRACK_DB": str(tmp_path / "s.duckdb"), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "plantrack"]
    assert subprocess.run(run + ["import", str(tmp_path / "a.xlsx")], cwd=ROOT, env=env).returncode == 0
    text = subprocess.run(run + ["status", "--period", "2023Q2"], cwd=ROOT, env=env, capture_output=True,
                          text=True).stdout
    assert any("retail" in line and "（推算）" in line for line in text.splitlines())
    rows = json.loads(subprocess.run(run + ["status", "--period", "2023Q2", "--json"], cwd=ROOT, env=env,
                                     capture_output=True, text=True).stdout)
    assert any(r.get("growth_source") == "derived" for r in rows)


def test_indicators_across_the_columns_read_and_located_in_the_original_cells():
    rows = [["岳阳楼区2023年主要经济指标(亿元)"], ["期间", "社会消费品零售总额", "一般公共预算地方收入"],
            ["1-3月", 1.52, 0.61], ["1-6月", 3.12, 2.05], ["注：地方收入为其中数。"]]
    r = parse(rows)
    assert figures(r) == {("retail", "2023Q1"): (1.52, None), ("retail", "2023Q2"): (3.12, None),
                          ("revenue", "2023Q1"): (0.61, None), ("revenue", "2023Q2"): (2.05, None)}
    h1 = next(x for x in r.records if (x.indicator, x.period) == ("revenue", "2023Q2"))
    assert (h1.location.row, h1.location.column) == (4, "C")
    assert h1.source_of("period") == "第4行表头"
    rows[3][2] = "二点零五"
    with pytest.raises(IngestError) as e:
        parse(rows)
    assert e.value.code == "not_a_number" and (e.value.location.row, e.value.location.column) == (4, "C")


def test_the_worker_process_keeps_evidence_growth_source_and_the_unit_question():
    """The app and the CLI parse in a limited worker (ingest/sandbox.py): what it returns is what parse_file
    returns, and a missing unit is still a question (UnitNeeded), answered by `unit`."""
    from plantrack.ingest.sandbox import parse_untrusted
    data = xlsx([["岳阳楼区2023年1-6月主要经济指标"], ["指标", "绝对值", "上年同期"], ["社会消费品零售总额", 33000, 30000]])
    with pytest.raises(UnitNeeded):
        parse_untrusted(PLAN, data, "w.xlsx")
    rec = parse_untrusted(PLAN, data, "w.xlsx", unit="万元").records[0]
    assert (rec.value, rec.growth_pct, rec.growth_source) == (3.3, 10.0, "derived")
    assert dict(rec.evidence) == {"unit": "分析员选择（万元）", "period": "标题", "measure": "B列表头"}


def test_template_records_say_where_their_facts_come_from():
    import io

    import openpyxl

    from plantrack.ingest.template import write_template
    buf = io.BytesIO()
    write_template(PLAN, 2023, buf, period="2023Q2")
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    ws = wb.worksheets[0]
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row and "累计值" in row)
    cols = {v: j + 1 for j, v in enumerate(next(ws.iter_rows(min_row=header, max_row=header, values_only=True)))}
    r = next(i for i in range(header + 1, ws.max_row + 1) if ws.cell(i, cols["指标代码"]).value == "retail")
    ws.cell(r, cols["累计值"], 3.3)
    ws.cell(r, cols["上年同期累计值"], 3.0)
    out = io.BytesIO()
    wb.save(out)
    rec = next(x for x in parse_file(plan=PLAN, data=out.getvalue(), name="模板.xlsx").records if x.indicator == "retail")
    assert rec.growth_source == "derived" and rec.source_of("period").endswith("列期间")
    assert rec.source_of("unit").endswith("列单位")


def test_a_month_in_the_title_is_a_cumulative_span_only_when_the_columns_say_so():
    rows = [["岳阳楼区2023年6月主要经济指标(亿元)"], ["指标", "绝对值", "增长(%)"], ["社会消费品零售总额", 0.6, 7.2]]
    with pytest.raises(IngestError) as e:
        parse(rows)                    # June alone, or January to June? The file does not say.
    assert e.value.code == "no_period"
    rows[1] = ["指标", "1-本月", "增长(%)"]
    assert figures(parse(rows)) == {("retail", "2023Q2"): (0.6, 7.2)}


def test_rate_words_in_the_title_do_not_turn_named_levels_into_rates():
    r = parse([["岳阳楼区2023年1-6月主要经济指标及增速"], ["指标", "绝对值(亿元)"], ["社会消费品零售总额", 3.1]])
    assert figures(r) == {("retail", "2023Q2"): (3.1, None)}


def test_a_count_without_a_unit_says_so_in_its_evidence():
    r = parse([["岳阳楼区2023年1-6月主要经济指标"], ["指标", "累计"], ["新增市场主体", 3520]])
    rec = r.records[0]
    assert rec.value == 3520 and rec.source_of("unit") == f"未注明，按计划单位（{PLAN.indicators[rec.indicator].unit}）"


def test_dry_run_still_warns_of_implausible_growth(tmp_path):
    (tmp_path / "g.xlsx").write_bytes(xlsx([["岳阳楼区2023年1-6月主要经济指标(亿元)"], ["指标", "绝对值", "增长(%)"],
                                            ["社会消费品零售总额", 3.1, 172.0]]))
    r = subprocess.run([sys.executable, "-m", "plantrack", "import", "--dry-run", str(tmp_path / "g.xlsx")], cwd=ROOT,
                       env={"PLANTRACK_DB": str(tmp_path / "s.duckdb"), "PATH": "/usr/bin:/bin"},
                       capture_output=True, text=True)
    assert r.returncode == 0 and "172%" in r.stdout and "超出" in r.stdout


def test_city_table_records_where_the_period_was_read():
    r = parse([["各县市区主要指标"], ["县市区", "地区生产总值增速(%)"], ["岳阳楼区", 5.3], ["云溪区", 6.1], ["君山区", 4.8]],
              name="2023年1-6月各县市区.xlsx")
    assert {x.period for x in r.records} == {"2023Q2"}
    assert {x.source_of("period") for x in r.records} == {"文件名"}

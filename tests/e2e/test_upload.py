"""An analyst imports a statistics-bureau table and a work ledger in the browser; the pages follow.

The files are written here with openpyxl (not taken from data/sample), so they are new content: a revised
2023年1-6月 bureau table with changed figures and a 1-6月 work ledger. This module runs its own app and store
(`fresh_app_server`), so the read-only scenarios keep seeing the sample figures.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

BUREAU_NAME = "岳阳楼区2023年1-6月主要经济指标(修订).xlsx"
LEDGER_NAME = "岳阳楼区打好经济增长主动仗工作台账2023年1-6月.xlsx"

# Revised H1 figures (the sample has GDP 385.36 / +5.3 %, retail 203.45 / +7.4 %, local revenue +8.8 %).
GDP_H1, GDP_GROWTH = 391.2, 5.9
RETAIL_H1, RETAIL_PREV, RETAIL_GROWTH = 204.93, 189.4, 8.2
REVENUE_WAN, REVENUE_PREV_WAN, REVENUE_GROWTH = 110556, 99600, 11.0
# Ledger 1-6月 for the 内需挖掘 area (the sample template has 96 old compounds and 45 elevators at H1).
LEDGER = [("老旧小区改造（个）", "区住建局", 228, 132), ("既有住宅加装电梯（台）", "区住建局", 188, 101),
          ("海绵城市建设项目（个）", "区住建局", 14, 8)]


def write_bureau(path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "主要经济指标"
    ws.append(["岳阳楼区2023年1-6月主要经济指标(修订)"])
    ws.merge_cells("A1:F1")
    ws.append(["单位：亿元、万元、元、%"])
    ws.append(["指标名称", "单位", "1-6月", None, "上年同期", "全市排位"])
    ws.append([None, None, "绝对值", "同比增长（%）", None, None])
    ws.merge_cells("C3:D3")
    ws.append(["地区生产总值", "亿元", GDP_H1, GDP_GROWTH, 372.6, 3])
    ws.append(["固定资产投资", "亿元", "—", 4.8, "—", 9])
    ws.append(["社会消费品零售总额", "亿元", RETAIL_H1, RETAIL_GROWTH, RETAIL_PREV, 2])
    ws.append(["一般公共预算收入", "万元", 193000, 8.2, 178300, 5])
    ws.append(["  其中：地方收入", "万元", REVENUE_WAN, REVENUE_GROWTH, REVENUE_PREV_WAN, 4])
    ws.append(["城镇居民人均可支配收入", "元", 27072, 6.5, 25420, 3])
    ws.append(["注：地区生产总值增速按可比价计算"])
    wb.save(path)


def write_ledger(path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "工作台账"
    ws.append(["岳阳楼区打好经济增长主动仗工作台账（2023年1-6月）"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "工作任务", "牵头单位", "年度目标", "1-6月完成", "完成率", "备注"])
    ws.append(["二、强化内需挖掘,提振发展动能"])
    for i, (task, unit, target, done) in enumerate(LEDGER, start=1):
        ws.append([i, task, unit, target, done, round(done / target, 4), ""])
    wb.save(path)


def write_bad(path):
    path.write_text("这不是电子表格,只是一段文字。\nnot,a,spreadsheet\n", encoding="utf-8")


def history(server) -> list[dict]:
    res = server.cli("history", "--json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture
def rw(rw_ui):
    return rw_ui


def upload_files(app, paths) -> None:
    app.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(p) for p in paths])
    app.wait_idle(settle_ms=800)


def test_refused_file_shows_its_message_and_changes_nothing(rw, tmp_path):
    before = history(rw.server)
    bad = tmp_path / "坏文件.xlsx"
    write_bad(bad)
    rw.goto("")
    rw.login("analyst")
    rw.open_page("upload")
    upload_files(rw, [bad])
    rw.assert_no_exception("upload of a bad file")
    page = rw.page
    alert = page.locator('[data-testid="stAlertContentError"], [data-testid="stAlert"]').filter(has_text="坏文件.xlsx")
    if not alert.count():
        alert = page.locator('[data-testid="stAlert"]')
    text = rw.main_text()
    assert "坏文件.xlsx" in text
    assert re.search(r"不是电子表格|not a spreadsheet", text), text[:1500]
    # no way to commit it
    expect(page.get_by_role("button", name=re.compile(r"导入\d+个文件"))).to_have_count(0)
    rw.screenshot("upload_refused")
    assert len(history(rw.server)) == len(before)


def test_upload_bureau_table_and_ledger_then_pages_follow(rw, tmp_path):
    bureau, ledger = tmp_path / BUREAU_NAME, tmp_path / LEDGER_NAME
    write_bureau(bureau)
    write_ledger(ledger)
    before = history(rw.server)

    rw.goto("")
    rw.login("analyst")
    rw.open_page("upload")
    upload_files(rw, [bureau, ledger])
    rw.assert_no_exception("upload preview")
    page = rw.page
    text = rw.main_text()
    # the preview: both files, what was recognised, nothing stored yet
    assert BUREAU_NAME in text and LEDGER_NAME in text
    assert re.search(r"识别\D{0,6}5\D", text) or "5" in text
    grid_text = rw.grid_text()
    for expected in ("地区生产总值", "391.2", "社会消费品零售总额", "204.93", "11.06", "老旧小区改造", "132"):
        assert expected in grid_text, f"preview does not show {expected!r}:\n{grid_text[:3000]}"
    assert len(history(rw.server)) == len(before), "something was stored before confirming"
    rw.screenshot("upload_preview")

    page.get_by_role("button", name=re.compile(r"导入\d+个文件")).click()
    rw.wait_idle(settle_ms=1000)
    rw.assert_no_exception("after commit")
    after = history(rw.server)
    assert len(after) == len(before) + 2
    assert {after[0]["file"], after[1]["file"]} == {BUREAU_NAME, LEDGER_NAME}
    assert all(h["user"] == "e2e_analyst" for h in after[:2])
    done = rw.main_text()
    assert done.count("修订") >= 2 or "已导入" in done, done[:1500]
    rw.screenshot("upload_done")

    # the overview for 2023 H1 now shows the revised figures (a shared link: new session, viewer)
    rw.goto("overview", period="2023Q2")
    rw.assert_no_exception("overview after import")
    text = rw.main_text()
    assert re.search(r"5\.9\s*%", text), "revised GDP growth 5.9% not on the overview"
    assert re.search(r"[-−]4\.1\s*(个)?百分点", text), "revised GDP gap -4.1百分点 not on the overview"
    assert re.search(r"391\.2\s*亿元", text), "revised GDP level 391.2亿元 not on the overview"
    assert re.search(r"8\.2\s*%", text) and re.search(r"11(\.0)?\s*%", text)
    assert not re.search(r"385\.36", text), "the old H1 GDP level is still shown"

    # and the 内需挖掘 area page shows the ledger's completions
    rw.goto("area_demand", period="2023Q2")
    rw.assert_no_exception("area_demand after import")
    text = rw.main_text() + "\n" + rw.grid_text()
    assert "老旧小区改造" in text
    assert re.search(r"(?<![\d.])132(?![\d])", text), "132 old compounds (ledger H1) not on the area page"
    assert re.search(r"(?<![\d.])101(?![\d])", text), "101 elevators (ledger H1) not on the area page"
    assert re.search(r"57\.9\s*%", text), "completion 132/228 = 57.9% not shown"
    rw.screenshot("area_demand_after_import")


def test_amounts_without_a_unit_ask_the_analyst_and_show_the_evidence(rw, tmp_path):
    """Issue 10: no unit is assumed for 元 amounts; the preview asks, nothing is stored until answered, and the
    preview then says where each fact came from."""
    from openpyxl import Workbook
    path = tmp_path / "岳阳楼区2023年1-9月社零（无单位）.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "社零"
    for row in [["岳阳楼区2023年1-9月主要经济指标"], ["指标", "绝对值", "上年同期"],
                ["社会消费品零售总额", 3102600, 2870000]]:
        ws.append(row)
    wb.save(path)
    before = history(rw.server)
    rw.goto("")
    rw.login("analyst")
    rw.open_page("upload")
    upload_files(rw, [path])
    rw.assert_no_exception("upload without a unit")
    page = rw.page
    assert "--unit" in rw.main_text() or "未注明单位" in rw.main_text()
    expect(page.get_by_role("button", name=re.compile(r"导入\d+个文件"))).to_have_count(0)
    rw.screenshot("upload_unit_question")
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(has_text="金额单位").click()
    page.get_by_role("option", name="万元").click()
    rw.wait_idle(settle_ms=800)
    rw.assert_no_exception("after choosing the unit")
    grid = rw.grid_text()
    for expected in ("310.26", "分析员选择（万元）", "标题", "（推算）"):
        assert expected in grid, f"preview does not show {expected!r}:\n{grid[:3000]}"
    assert len(history(rw.server)) == len(before), "stored before confirming"
    rw.screenshot("upload_unit_chosen_evidence")
    page.get_by_role("button", name=re.compile(r"导入\d+个文件")).click()
    rw.wait_idle(settle_ms=1000)
    assert len(history(rw.server)) == len(before) + 1

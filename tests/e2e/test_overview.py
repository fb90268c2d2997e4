"""The overview on a first visit with the sample data: what a leader sees before touching anything."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# The sample's full-year figures (data/sample/README.md): growth %, target %, gap in 百分点.
# Cards use the indicators' short names from plan_config.
HEADLINE_Q4 = {"地区生产总值": ("6.1", "-3.9"), "固定资产投资": ("6.8", "-3.2"), "社零总额": ("7.4", "-2.6"),
               "地方收入": ("9.4", "-0.6"), "城镇居民收入": ("5.5", "-3.0")}


def test_overview_first_visit_shows_headline_cards_with_units(ui):
    ui.goto("")                                   # the bare address: what a leader's bookmark opens
    page = ui.page
    ui.assert_no_exception("overview (first visit)")
    # the sample banner, so nobody mistakes the figures for official ones
    expect(page.get_by_text("示例数据", exact=False).first).to_be_visible()
    expect(page.get_by_text("当前显示的是示例数据")).to_be_visible()
    # the default view is the latest period with data: the full year
    assert "2023年全年" in ui.heading()
    text = ui.main_text()
    for name, (growth, gap) in HEADLINE_Q4.items():
        assert name in text, f"headline card {name} missing"
        assert re.search(re.escape(growth) + r"\s*%", text), f"{name}: growth {growth}% not shown"
        # a gap in points, with its sign and unit (a minus may be typeset as − U+2212)
        gap_re = re.escape(gap).replace(r"\-", "[-−]") + r"\s*(个)?百分点"
        assert re.search(gap_re, text), f"{name}: gap {gap} 百分点 not shown"
    # levels carry their unit; targets are shown
    assert re.search(r"804\.28\s*亿元", text), "GDP level 804.28亿元 not shown"
    assert re.search(r"421\.36\s*亿元", text), "retail level 421.36亿元 not shown"
    assert re.search(r"20\.46\s*亿元", text) and re.search(r"52,180\s*元", text)
    assert re.search(r"(目标|≥)\s*10(\.0)?\s*%", text), "target 10% not shown"
    # the change against the previous quarter, in words
    assert "较前三季度提高0.3个百分点" in text
    assert re.search(r"8\.5\s*%", text), "income target 8.5% not shown"
    # real vs nominal basis, and status as text (not only colour)
    assert "可比价" in text
    # at year end every target is met or not: all five headline targets were missed, so five 未完成
    # (the trajectory charts' legends still name each earlier quarter's in-year status)
    assert text.count("未完成") >= 5, "no status text on the cards"
    # the growth charts are drawn by plotly in the browser
    charts = page.locator(".js-plotly-plot")
    expect(charts.first).to_be_visible(timeout=30_000)
    assert charts.count() >= 1
    ui.screenshot("overview")


def test_overview_in_english_at_a_shared_period(ui):
    ui.goto("overview", lang="en", year="2023", period="2023Q2")
    ui.assert_no_exception("overview en 2023Q2")
    text = ui.main_text()
    assert "Sample data" in text
    assert "H1 2023" in ui.heading()
    assert "period=2023Q2" in ui.page.url and "lang=en" in ui.page.url
    # 2023 H1: GDP +5.3 % (real), 4.7 points below the 10 % target; revenue +8.8 %
    assert re.search(r"5\.3\s*%", text) and re.search(r"[-−]4\.7\s*(pp|points?|percentage points)", text), text[:2000]
    assert re.search(r"8\.8\s*%", text)
    assert re.search(r"38,536 m yuan", text), "GDP level for H1 not shown with its unit"
    # the required pace for the rest of the year, on the comparable base (issue 11): 14.3 %, not the 16.1 %
    # a ratio of nominal levels gives
    assert re.search(r"H2 needs 14\.3\s*%", text), "required pace (H2 needs 14.3%) not shown"
    ui.screenshot("overview_en")

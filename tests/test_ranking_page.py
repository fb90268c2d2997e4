"""The ranking page opens at the latest period with a city table and says so; a viewer is never told to upload."""
from __future__ import annotations

from test_pages import run, texts
from test_ranking import HOME, Q1, load, rec


def test_ranking_page_opens_at_the_latest_city_period(dashboard_store):
    load(dashboard_store, "city_q1.xlsx", [rec(r, g, "2023Q1") for r, g in Q1 if r != HOME])
    at = run("pages/ranking.py", "zh", period="2023Q2")
    assert not at.exception, at.exception
    body = texts(at)
    assert "全市各县市区数据最新为2023年一季度" in body and "所选期间2023年上半年暂无全市数据" in body
    assert "数据上传" not in body
    assert at.get("plotly_chart"), "the Q1 ranking is drawn"


def test_ranking_page_without_city_data_tells_a_viewer_nothing_to_do(dashboard_store):
    at = run("pages/ranking.py", "en", period="2023Q2")
    assert not at.exception, at.exception
    body = texts(at)
    assert "No city-wide district table for H1 2023 yet." in body
    assert "Upload" not in body

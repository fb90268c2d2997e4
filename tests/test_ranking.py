"""City ranking: exact ranks, ties, the city total kept apart, rank change, 位次 disagreement, CLI JSON."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from plantrack.analysis.city_ranking import (
    build_ranking,
    competition_ranks,
    headline_rankings,
    rank_frame,
    ranking_sentence,
    resolve_indicator,
)
from plantrack.ingest.records import Location, ParsedFile, Record
from plantrack.model.periods import parse_key
from plantrack.model.plan import get_plan
from plantrack.store.database import Store

REPO = Path(__file__).resolve().parent.parent
HOME = "岳阳楼区"


def rec(region, growth, period="2023Q2", ind="gdp", rank=None, value=None):
    return Record(ind, period, value, "亿元", growth, None, region, rank, Location("city.xlsx", "S", 3, "C"))


def load(store, name, records):
    store.import_parsed(ParsedFile(file=name, sha256=name, size=1, layout="city_ranking", records=records),
                        user="test")


# Q1: 岳阳楼区 4th; Q2: 岳阳楼区 3rd (up 1), 华容县 and 湘阴县 tie for 4th, so 平江县 is 6th.
Q1 = [("全市", 4.5), ("云溪区", 6.0), ("君山区", 5.5), ("岳阳县", 5.0), (HOME, 4.6), ("华容县", 4.2),
      ("湘阴县", 3.9), ("平江县", 3.0)]
Q2 = [("全市", 5.0), ("云溪区", 7.1), ("君山区", 6.4), (HOME, 5.3), ("华容县", 5.2), ("湘阴县", 5.20),
      ("平江县", 4.9), ("岳阳县", 4.0)]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "rank.duckdb")
    load(s, "q1.xlsx", [rec(r, g, "2023Q1") for r, g in Q1])
    load(s, "q2.xlsx", [rec(r, g, "2023Q2") for r, g in Q2])
    return s


@pytest.fixture
def plan():
    return get_plan()


def test_competition_ranks_share_ties_and_skip():
    assert competition_ranks([7.1, 6.4, 5.2, 5.2, 4.9]) == [1, 2, 3, 3, 5]
    assert competition_ranks([5.3, 5.30, 5.299999999]) == [1, 1, 1]
    assert competition_ranks([]) == []


def test_districts_ranked_highest_first_city_total_apart(store, plan):
    r = build_ranking(plan, store, "gdp", "2023Q2")
    assert [(x.region, x.growth_pct, x.rank) for x in r.rows] == [
        ("云溪区", 7.1, 1), ("君山区", 6.4, 2), (HOME, 5.3, 3), ("华容县", 5.2, 4), ("湘阴县", 5.2, 4),
        ("平江县", 4.9, 6), ("岳阳县", 4.0, 7)]
    assert r.city.region == "全市" and r.city.growth_pct == 5.0 and r.city.rank is None
    assert "全市" not in [x.region for x in r.rows]
    assert r.home_rank == 3 and r.n_ranked == 7


def test_rank_change_against_previous_quarter(store, plan):
    r = build_ranking(plan, store, "gdp", "2023Q2")
    assert (r.previous_period.key, r.previous_home_rank, r.change) == ("2023Q1", 4, 1)
    assert ranking_sentence(r, plan, "zh") == "地区生产总值增速居全市第3位，较一季度提升1位"
    assert ranking_sentence(r, plan, "en") == "Gross regional product growth ranks 3rd in the city, up 1 place(s) on Q1"
    q1 = build_ranking(plan, store, "gdp", "2023Q1")
    assert (q1.home_rank, q1.previous_period, q1.change) == (4, None, None)
    assert ranking_sentence(q1, plan, "zh") == "地区生产总值增速居全市第4位"


def test_fall_and_tie_sentences(tmp_path, plan):
    s = Store(tmp_path / "fall.duckdb")
    load(s, "a", [rec(HOME, 6.0, "2023Q1"), rec("云溪区", 5.0, "2023Q1"), rec("君山区", 4.0, "2023Q1")])
    load(s, "b", [rec(HOME, 5.0, "2023Q2"), rec("云溪区", 7.0, "2023Q2"), rec("君山区", 5.0, "2023Q2")])
    r = build_ranking(plan, s, "gdp", "2023Q2")
    assert (r.home_rank, r.previous_home_rank, r.change) == (2, 1, -1)
    assert ranking_sentence(r, plan, "zh") == "地区生产总值增速并列全市第2位，较一季度下降1位"


def test_reported_rank_disagreement_is_a_warning(tmp_path, plan):
    s = Store(tmp_path / "warn.duckdb")
    load(s, "c", [rec(HOME, 5.3, rank=3), rec("云溪区", 7.1, rank=1), rec("君山区", 6.4, rank=3),
                  rec("全市", 5.0, rank=None)])
    r = build_ranking(plan, s, "gdp", "2023Q2")
    # the printed 全市位次 is the rank shown and cited; the computed one only checks it
    assert [(x.region, x.rank, x.reported_rank, x.computed_rank) for x in r.rows] == [
        ("云溪区", 1, 1, 1), ("君山区", 3, 3, 2), (HOME, 3, 3, 3)]
    assert r.home_rank == 3
    assert r.warnings == ("君山区 gdp 2023Q2：表中全市位次为第3位，按增速计算为第2位（以表中位次为准，请核对）",)


def test_printed_rank_wins_for_the_home_district(tmp_path, plan):
    s = Store(tmp_path / "printed.duckdb")
    load(s, "p", [rec(HOME, 5.3, rank=2), rec("云溪区", 7.1, rank=1), rec("君山区", 6.4, rank=3)])
    r = build_ranking(plan, s, "gdp", "2023Q2")
    assert (r.home_rank, r.home_row.computed_rank) == (2, 3)
    assert ranking_sentence(r, plan, "zh") == "地区生产总值增速居全市第2位"
    assert len(r.warnings) == 2


def test_home_rank_from_own_table_when_no_other_district(tmp_path, plan):
    s = Store(tmp_path / "own.duckdb")
    load(s, "own", [rec(HOME, 5.3, rank=4)])
    load(s, "own-q1", [rec(HOME, 4.6, "2023Q1")])     # no 全市排位 printed: no rank at all
    r = build_ranking(plan, s, "gdp", "2023Q2")
    assert r.home_rank == 4 and r.warnings == ()
    assert r.as_json() == [{"region": HOME, "growth_pct": 5.3, "rank": 4}]   # never "1st of 1"
    assert ranking_sentence(r, plan, "zh") == "地区生产总值增速居全市第4位"
    q1 = build_ranking(plan, s, "gdp", "2023Q1")
    assert (q1.home_rank, q1.as_json(), [x.region for x in q1.rows]) == (None, [], [HOME])
    assert ranking_sentence(q1, plan, "zh") == ""


def test_no_data_and_unknown_region(plan):
    empty = rank_frame(pd.DataFrame(columns=["region", "growth_pct", "value", "reported_rank"]), plan, "gdp",
                       parse_key("2023Q2"))
    assert (empty.rows, empty.city, empty.home_rank, empty.has_data) == ((), None, None, False)
    df = pd.DataFrame({"region": ["某新区", HOME, "云溪区"], "growth_pct": [1.0, 2.0, None],
                       "value": [None] * 3, "reported_rank": [None] * 3})
    r = rank_frame(df, plan, "gdp", parse_key("2023Q2"))
    assert [(x.region, x.rank) for x in r.rows] == [(HOME, 1), ("某新区", 2), ("云溪区", None)]
    assert any("某新区" in w for w in r.warnings)


def test_headline_rankings_in_plan_order(store, plan):
    rs = headline_rankings(plan, store, "2023Q2")
    assert [r.indicator for r in rs] == ["gdp", "fai", "retail", "revenue", "income"]
    assert [r.home_rank for r in rs] == [3, None, None, None, None]


def test_resolve_indicator(plan):
    assert resolve_indicator(plan, "gdp") == "gdp"
    assert resolve_indicator(plan, "地区生产总值") == "gdp"
    with pytest.raises(KeyError):
        resolve_indicator(plan, "nothing")


def test_cli_json(store, tmp_path):
    env = {**os.environ, "PLANTRACK_DB": str(store.path)}
    out = subprocess.run([sys.executable, "-m", "plantrack", "ranking", "--period", "2023Q2", "--indicator", "gdp",
                          "--json"], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [
        {"region": "云溪区", "growth_pct": 7.1, "rank": 1}, {"region": "君山区", "growth_pct": 6.4, "rank": 2},
        {"region": HOME, "growth_pct": 5.3, "rank": 3}, {"region": "华容县", "growth_pct": 5.2, "rank": 4},
        {"region": "湘阴县", "growth_pct": 5.2, "rank": 4}, {"region": "平江县", "growth_pct": 4.9, "rank": 6},
        {"region": "岳阳县", "growth_pct": 4.0, "rank": 7}]
    text = subprocess.run([sys.executable, "-m", "plantrack", "ranking", "--period", "2023Q2", "--indicator",
                           "地区生产总值"], cwd=REPO, env=env, capture_output=True, text=True, check=True).stdout
    assert "地区生产总值增速居全市第3位，较一季度提升1位" in text and "city total, not ranked" in text


def test_cli_warning_on_stderr(tmp_path):
    s = Store(tmp_path / "w.duckdb")
    load(s, "c", [rec(HOME, 5.3, rank=2), rec("云溪区", 7.1, rank=1), rec("君山区", 6.4, rank=3)])
    env = {**os.environ, "PLANTRACK_DB": str(s.path)}
    out = subprocess.run([sys.executable, "-m", "plantrack", "ranking", "--period", "2023Q2", "--indicator", "gdp",
                          "--json"], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert [d["rank"] for d in json.loads(out.stdout)] == [1, 2, 3]
    assert out.stderr.count("warning:") == 2


SAMPLE = REPO / "data" / "sample"


@pytest.mark.parametrize("span,key", [("1-3月", "2023Q1"), ("1-6月", "2023Q2")])
def test_sample_city_table_agrees_with_the_district_sample(plan, tmp_path, span, key):
    from plantrack.ingest import parse_file
    city = parse_file(SAMPLE / f"2023年{span}各县市区主要指标_示例数据.xlsx", plan=plan)
    own = parse_file(SAMPLE / f"{HOME}2023年{span}主要经济指标_示例数据.xlsx", plan=plan)
    assert city.layout == "city_ranking" and city.warnings == []
    regions = {r.region for r in city.records}
    assert regions == {*plan.app.city_regions, "全市"}
    mine = {r.indicator: (r.value, r.growth_pct, r.rank) for r in city.records if r.region == HOME}
    assert mine == {r.indicator: (r.value, r.growth_pct, r.rank) for r in own.records if r.period == key}
    s = Store(tmp_path / "sample.duckdb")
    s.import_parsed(city, user="t")
    s.import_parsed(own, user="t")
    for ind, (_, _, printed) in mine.items():
        r = build_ranking(plan, s, ind, key)
        assert (r.home_rank, r.warnings, r.n_ranked) == (printed, (), 13)


def test_ranking_chart_trace_data(store, plan):
    from plantrack.present.charts import ranking_chart
    fig = ranking_chart(build_ranking(plan, store, "gdp", "2023Q2"), plan, "zh", "数据来源:测试")
    bar = fig.data[0]
    assert list(bar.y) == ["云溪区  (1)", "君山区  (2)", "▶ 岳阳楼区  (3)", "华容县  (4)", "湘阴县  (4)", "平江县  (6)",
                           "岳阳县  (7)"]
    assert list(bar.x) == [7.1, 6.4, 5.3, 5.2, 5.2, 4.9, 4.0]
    assert list(bar.marker.pattern.shape) == ["", "", "/", "", "", "", ""]
    assert [s.x0 for s in fig.layout.shapes] == [5.0]                      # the city total line
    assert fig.layout.title.text == "2023年上半年各县市区地区生产总值增速"
    assert fig.layout.font.family.startswith('"Noto Sans CJK SC"')
    assert any(a.text == "数据来源:测试" for a in fig.layout.annotations)


def test_ranking_sentences_reach_the_briefing(tmp_path, monkeypatch):
    """The generated briefing carries the district's rank when city tables were imported."""
    from plantrack.analysis.city_ranking import briefing_sentences
    from plantrack.analysis.scorecard import build_scorecard
    from plantrack.model.plan import load_plan
    from plantrack.present.narrative import build_briefing
    from plantrack.store.database import Store
    from tests._view_fixture import load_sample

    monkeypatch.setenv("PLANTRACK_DB", str(tmp_path / "r.duckdb"))
    load_sample(tmp_path / "r.duckdb")
    store = Store()
    plan = load_plan()
    sentences = briefing_sentences(plan, store, "2023Q2")
    assert sentences and all(s.startswith(plan.indicator(i).name_zh) for s, i in
                             zip(sentences, [r.indicator for r in headline_rankings(plan, store, "2023Q2")
                                             if r.home_rank]))
    briefing = build_briefing(build_scorecard(plan, store, "2023Q2"), "zh", ranking=sentences)
    section = next(s for s in briefing.sections if s.key == "ranking")
    assert sentences[0].rstrip("。") in section.paragraphs[0]
    assert "全市第" in section.paragraphs[0]


def test_ranking_opens_at_the_latest_period_with_a_city_table(tmp_path):
    from plantrack.analysis.city_ranking import city_periods, ranking_period
    s = Store(tmp_path / "r.duckdb")
    load(s, "own_q2.xlsx", [rec(HOME, 5.3, "2023Q2"), rec(HOME, 5.8, "2023Q3")])   # the district's own table
    assert city_periods(s, 2023, HOME) == []
    assert ranking_period([], "2023Q2") is None
    load(s, "city_q1.xlsx", [rec(r, g, "2023Q1") for r, g in Q1])
    assert city_periods(s, 2023, HOME) == ["2023Q1"]
    assert ranking_period(["2023Q1"], "2023Q2") == "2023Q1"   # the sidebar's Q2 has no city table
    load(s, "city_q2.xlsx", [rec(r, g, "2023Q2") for r, g in Q2])
    assert city_periods(s, 2023, HOME) == ["2023Q1", "2023Q2"]
    assert ranking_period(["2023Q1", "2023Q2"], "2023Q3") == "2023Q2"
    assert ranking_period(["2023Q1", "2023Q2"], "2023Q1") == "2023Q1"
    assert ranking_period(["2023Q2"], "2023Q1") == "2023Q2", "nothing at or before: the latest there is"
    assert city_periods(s, 2024, HOME) == []

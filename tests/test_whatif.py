"""情景测算: projection arithmetic on the comparable base, the scenario's text form (links, CLI), and the bases
read from a store."""
import random

import pytest

from plantrack.ingest.records import ParsedFile, Record
from plantrack.model.periods import Period, parse_key
from plantrack.model.plan import StatusThresholds, get_plan
from plantrack.present.whatif import (
    Base,
    ScenarioError,
    check_scenario,
    comparable_bases,
    format_scenario,
    parse_item,
    parse_scenario,
    project,
    project_all,
    remaining_spans,
    required_pace,
    round_half_up,
    span_label,
    status_of,
)
from plantrack.store.database import Store

PLAN = get_plan()
GDP = PLAN.indicator("gdp")
TH = StatusThresholds(growth_yellow_below_pp=2.0, count_yellow_behind_pp=10.0)


def base(period="2023Q2", target=10.0, growth=5.3, **cum):
    """cum: m3=…, m6=…, m9=…, m12=… last year's cumulative levels."""
    return Base(indicator=GDP, target=target, period=parse_key(period), growth=growth,
                last_year_cum={int(k[1:]): v for k, v in cum.items()})


# ── arithmetic ──

def test_required_pace_is_the_comparable_base_formula():
    b = base(m6=372.60, m9=569.30, m12=777.54)
    expected = ((1.1 * 777.54 - 372.60 * 1.053) / (777.54 - 372.60) - 1) * 100
    assert required_pace(b) == pytest.approx(expected, abs=1e-9)      # the status rules' own pace
    assert round_half_up(required_pace(b), 1) == 14.3       # not the 16.1 of this year's nominal level


def test_hand_computed_projection_with_different_quarters():
    # comparable base 100·1.10 = 110; last year Q3 = 150 − 100 = 50, Q4 = 200 − 150 = 50
    b = base(growth=10.0, m6=100.0, m9=150.0, m12=200.0)
    p = project(b, {"Q3": 20.0, "Q4": 0.0}, TH)
    assert p.full_year_growth == pytest.approx(10.0)        # (110 + 60 + 50) / 200 − 1
    assert [m for m, _ in p.points] == [9, 12]
    assert [g for _, g in p.points] == pytest.approx([(170 / 150 - 1) * 100, 10.0])
    assert p.set_quarters == ("Q3", "Q4") and p.still_needed is None
    p = project(b, {"Q4": 4.0}, TH)                         # Q3 keeps the required pace (10 %)
    from plantrack.present.whatif import defaults_text, still_needed_text
    assert defaults_text(p) == "三季度未设定，按原所需增速10.0%计"
    assert still_needed_text(p) == "三季度当季需增长16.0%方可达标"
    assert p.rates == pytest.approx({"Q3": 10.0, "Q4": 4.0})
    assert p.full_year_growth == pytest.approx((110 + 55 + 52) / 200 * 100 - 100)
    assert p.gap == pytest.approx(p.full_year_growth - 10.0) and p.status == "yellow"   # −1.5: within 2 points
    assert p.still_needed == pytest.approx(16.0)            # Q3 would need (220 − 110 − 52) / 50 − 1


@pytest.mark.parametrize("seed", range(40))
def test_projection_at_exactly_the_required_pace_reaches_the_target(seed):
    """A generator of bases: any period of the year but December, any levels, with and without the quarter
    split; the default scenario (every quarter at the required pace) ends exactly on the target."""
    rnd = random.Random(seed)
    period = Period(2023, rnd.randint(1, 11))
    target, growth = rnd.uniform(-5, 15), rnd.uniform(-10, 20)
    months = [period.end_month] + [e for _, _, e in remaining_spans(period)]
    level, cum = rnd.uniform(1, 1000), {}
    for m in months:
        cum[m] = level
        level += rnd.uniform(0.5, 500)
    if seed % 3 == 0:       # the quarter split unknown: only Yc and Y
        cum = {period.end_month: cum[period.end_month], 12: cum[12]}
    b = Base(GDP, target, period, growth, cum)
    p = project(b, None, TH)
    assert p.reason is None
    assert p.full_year_growth == pytest.approx(target, abs=1e-6)
    assert p.gap == 0 and p.status == "green"
    assert list(p.rates.values()) == [required_pace(b)] * len(p.rates)
    # and setting the first quarter anyhow, the rest at "still needed" lands on the target again
    spans = remaining_spans(period)
    if len(spans) > 1 and seed % 3:
        first = {spans[0][0]: rnd.uniform(-5, 20)}
        p1 = project(b, first, TH)
        rest = {k: p1.still_needed for k, _, _ in spans[1:]}
        assert project(b, {**first, **rest}, TH).full_year_growth == pytest.approx(target, abs=1e-6)


def test_the_projected_year_by_the_cards_rule_in_projection_words():
    """The projection is judged as the cards are (green at or above the target, yellow within
    [status].growth_yellow_below_pp, red beyond), in the cards' words marked 测算 — never a bare 完成."""
    b = base(growth=10.0, m6=100.0, m9=150.0, m12=200.0)
    # Q4 at r adds 50·(1 + r/100) to 165 + 55: gap = (r − 10) / 4 points
    out = {q4: project(b, {"Q3": 10.0, "Q4": q4}, TH) for q4 in (10.0, 9.99, 2.0, 1.96)}
    assert {q4: p.status for q4, p in out.items()} == {10.0: "green", 9.99: "yellow", 2.0: "yellow", 1.96: "red"}
    assert [status_of(out[q4]).text for q4 in (10.0, 9.99, 1.96)] == \
        ["● 达标（测算）", "▲ 接近目标（测算）", "■ 低于目标（测算）"]
    assert status_of(out[10.0], "en").label == "Target met (estimate)"
    wider = StatusThresholds(growth_yellow_below_pp=3.0, count_yellow_behind_pp=10.0)   # the band is config
    assert project(b, {"Q3": 10.0, "Q4": -1.0}, wider).status == "yellow"


@pytest.mark.parametrize("seed", range(30))
def test_a_better_scenario_never_reads_worse_than_todays_card(seed):
    """Generated bases and scenarios: a projection whose gap is at least today's (the card's actual − target)
    has at least the card's status (metrics.status, the card's rule) — the review's 8.8% 接近目标 today vs
    8.9% 未完成 projected cannot happen; and the status only improves as a quarter's rate rises."""
    from plantrack.model import metrics
    rnd = random.Random(seed)
    period = Period(2023, rnd.choice((3, 6, 9)))
    growth, target = rnd.uniform(0, 15), rnd.uniform(5, 12)
    cum, level = {}, rnd.uniform(50, 500)
    for m in [period.end_month] + [e for _, _, e in remaining_spans(period)]:
        cum[m], level = level, level + rnd.uniform(20, 300)
    b = Base(GDP, target, period, growth, cum)
    th = StatusThresholds(growth_yellow_below_pp=rnd.choice((1.0, 2.0, 3.0)), count_yellow_behind_pp=10.0)
    rank = {"red": 0, "yellow": 1, "green": 2}
    card = metrics.status("growth", growth - target, th)
    spans = [k for k, _, _ in remaining_spans(period)]
    last = None
    for rate in sorted(rnd.uniform(-5, 25) for _ in range(12)):
        p = project(b, {k: rate for k in spans}, th)
        if p.gap >= growth - target - 1e-9:
            assert rank[p.status] >= rank[card], (p.gap, growth - target, p.status, card)
        if last is not None:
            assert rank[p.status] >= rank[last]
        last = p.status
        assert status_of(p).label.endswith("（测算）") and "完成" not in status_of(p).label


def test_unknown_quarter_split_only_for_one_rate():
    b = base(growth=10.0, m6=100.0, m12=200.0)               # last year's Q3 level unknown
    same = project(b, {"Q3": 8.0, "Q4": 8.0}, TH)
    assert same.full_year_growth == pytest.approx((110 + 100 * 1.08) / 200 * 100 - 100)
    assert same.points == ((12, same.full_year_growth),)
    differ = project(b, {"Q3": 8.0, "Q4": 12.0}, TH)
    assert (differ.reason, differ.missing_quarter, differ.full_year_growth) == ("no_quarter_level", "Q3", None)


@pytest.mark.parametrize("b, reason", [
    (base(period="2023Q4", m12=200.0), "year_end"),
    (base(growth=None, m6=100.0, m12=200.0), "no_growth"),
    (base(m6=100.0), "no_prev_year"),            # no full year last year
    (base(m12=200.0), "no_level"),               # fixed-asset investment: growth only, no levels
    (base(m6=200.0, m12=200.0), "no_rest"),
])
def test_what_cannot_be_projected_says_why(b, reason):
    p = project(b, None, TH)
    assert (p.reason, p.full_year_growth, p.status, required_pace(b)) == (reason, None, "no_data", None)


def test_remaining_spans():
    assert remaining_spans(parse_key("2023Q1")) == (("Q2", 4, 6), ("Q3", 7, 9), ("Q4", 10, 12))
    assert remaining_spans(parse_key("2023Q3")) == (("Q4", 10, 12),)
    assert remaining_spans(parse_key("2023M05")) == (("Q2", 6, 6), ("Q3", 7, 9), ("Q4", 10, 12))
    assert remaining_spans(parse_key("2023Q4")) == ()


def test_round_half_up():
    assert [round_half_up(x, 1) for x in (6.25, 6.35, -6.25, 14.3245)] == [6.3, 6.4, -6.3, 14.3]
    assert round_half_up(2.675, 2) == 2.68 and round_half_up(None, 1) is None


# ── the scenario as text ──

def test_parse_and_format_examples():
    s = parse_scenario("gdp:Q3=7.5,Q4=8;revenue:Q4=12")
    assert s == {"gdp": {"Q3": 7.5, "Q4": 8.0}, "revenue": {"Q4": 12.0}}
    assert format_scenario(s) == "gdp:Q3=7.5,Q4=8;revenue:Q4=12"
    assert parse_scenario(None, ["gdp:Q3=7.5,Q4=8", "revenue:Q4=12"]) == s
    assert format_scenario({"revenue": {"Q4": 12.0}, "gdp": {"Q4": -0.5, "Q3": 10.0}}, ("gdp", "revenue")) == \
        "gdp:Q3=10,Q4=-0.5;revenue:Q4=12"
    assert parse_item(" gdp : q4 = 8% ") == ("gdp", {"Q4": 8.0})
    assert format_scenario({}) == "" and parse_scenario("") == {}


@pytest.mark.parametrize("seed", range(30))
def test_text_round_trip(seed):
    rnd = random.Random(seed)
    ids = rnd.sample(["gdp", "fai", "retail", "revenue", "income"], rnd.randint(1, 5))
    s = {i: {f"Q{q}": round(rnd.uniform(-99, 999), rnd.randint(0, 6)) for q in rnd.sample([1, 2, 3, 4], rnd.randint(1, 4))}
         for i in ids}
    text = format_scenario(s)
    assert parse_scenario(text) == s
    assert format_scenario(parse_scenario(text)) == text


@pytest.mark.parametrize("text, words", [
    ("gdp", "INDICATOR:Q3=7.5"), ("gdp:Q5=1", "Qn=RATE"), ("gdp:Q3=abc", "not a number"),
    ("gdp:Q3=-100", "outside"), ("gdp:Q3=1e9", "outside"), ("gdp:Q3=nan", "outside"),
    ("gdp:Q3=1,Q3=2", "set twice"), ("gdp:Q4=1;gdp:Q3=2", "gdp is set twice"), ("GDP:Q4=1", "expected"),
])
def test_bad_scenario_text(text, words):
    with pytest.raises(ScenarioError, match=words):
        parse_scenario(text)


def test_check_scenario_against_the_plan_and_period():
    yp = PLAN.year(2023)
    check_scenario({"gdp": {"Q3": 7.5, "Q4": 8}}, yp, parse_key("2023Q2"))
    with pytest.raises(ScenarioError, match="Q2 is not a quarter still to come after 2023Q2"):
        check_scenario({"gdp": {"Q2": 7.5}}, yp, parse_key("2023Q2"))
    with pytest.raises(ScenarioError, match="not a headline indicator"):
        check_scenario({"old_compounds": {"Q4": 7.5}}, yp, parse_key("2023Q2"))
    with pytest.raises(ScenarioError, match="the year is complete"):
        check_scenario({"gdp": {"Q4": 7.5}}, yp, parse_key("2023Q4"))


# ── bases from the store ──

def rec(ind, period, value, growth, prev=None):
    return Record(ind, period, value, "亿元", growth, prev, "岳阳楼区")


def test_bases_from_the_store(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.import_parsed(ParsedFile("2022.xlsx", "a", 1, "bureau", [
        rec("gdp", "2022Q3", 560.0, 4.0), rec("gdp", "2022Q4", 780.0, 4.5)]), user="t")
    store.import_parsed(ParsedFile("2023.xlsx", "b", 1, "bureau", [
        rec("gdp", "2023Q2", 385.36, 5.3, 372.60), rec("gdp", "2023Q3", 588.73, 5.8, 569.30),
        rec("retail", "2023Q2", 203.45, 7.4, 189.40), rec("fai", "2023Q2", None, 4.1)]), user="t")
    bases = {b.indicator.id: b for b in comparable_bases(PLAN, store, "2023Q2")}
    assert list(bases) == [t.id for t in PLAN.year(2023).headline]
    # last year's own rows win over this year's 上年同期 column (569.30 vs 560.0)
    assert bases["gdp"].last_year_cum == {6: 372.60, 9: 560.0, 12: 780.0} and bases["gdp"].growth == 5.3
    assert bases["retail"].last_year_cum == {6: 189.40} and bases["retail"].growth == 7.4
    assert bases["fai"].last_year_cum == {} and bases["income"].growth is None
    out = {p.id: p for p in project_all(PLAN, store, "2023Q2", {"gdp": {"Q3": 7.5, "Q4": 8}})}
    assert out["gdp"].full_year_growth == pytest.approx(
        (372.60 * 1.053 + (560.0 - 372.60) * 1.075 + (780.0 - 560.0) * 1.08) / 780.0 * 100 - 100)
    assert [out[i].reason for i in ("fai", "retail", "income")] == ["no_level", "no_prev_year", "no_growth"]
    with pytest.raises(ScenarioError):
        project_all(PLAN, store, "2023Q2", {"gdp": {"Q1": 7.5}})


def test_span_labels():
    q2, m5 = parse_key("2023Q2"), parse_key("2023M05")
    assert [span_label(q2, k, "zh") for k in ("Q3", "Q4")] == ["三季度", "四季度"]
    assert [span_label(m5, k, "zh") for k in ("Q2", "Q3")] == ["6月", "三季度"]
    assert [span_label(parse_key("2023M04"), "Q2", lang) for lang in ("zh", "en")] == ["5—6月", "May–Jun"]
    assert span_label(q2, "Q4", "en") == "Q4"


# ── the CLI, on the sample data ──

@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    from tests._view_fixture import load_sample
    db = tmp_path_factory.mktemp("whatif") / "sample.duckdb"
    load_sample(db)
    return db


def cli(db, *args):
    import os
    import subprocess
    import sys

    from tests._view_fixture import REPO
    return subprocess.run([sys.executable, "-m", "plantrack", "whatif", *args], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "PLANTRACK_DB": str(db)}, timeout=120)


def test_cli_json_on_the_sample(sample_db):
    import json
    r = cli(sample_db, "--period", "2023Q2", "--set", "gdp:Q3=7.5,Q4=8", "--set", "revenue:Q4=12", "--json")
    assert r.returncode == 0, r.stderr
    rows = {x["id"]: x for x in json.loads(r.stdout)}
    assert list(rows) == ["gdp", "fai", "retail", "revenue", "income"] and all(x["estimate"] for x in rows.values())
    gdp = rows["gdp"]
    expected = (372.60 * 1.053 + (569.30 - 372.60) * 1.075 + (777.54 - 569.30) * 1.08) / 777.54 * 100 - 100
    assert gdp["projected_growth_pct"] == round_half_up(expected, 4)
    assert gdp["quarters"] == {"Q3": {"growth_pct": 7.5, "set": True}, "Q4": {"growth_pct": 8.0, "set": True}}
    assert gdp["status"] == "red" and gdp["label"] == "低于目标（测算）" and gdp["gap_pp"] == round_half_up(expected - 10, 4)
    assert rows["retail"]["projected_growth_pct"] == 10.0 and rows["retail"]["status"] == "green"
    assert rows["revenue"]["quarters"]["Q4"] == {"growth_pct": 12.0, "set": True}
    assert rows["revenue"]["quarters"]["Q3"]["set"] is False
    fai = rows["fai"]     # growth reported, levels not: 无法测算, never 暂无数据 beside a growth figure
    assert (fai["reason"], fai["status"], fai["label"], fai["projected_growth_pct"]) == \
        ("no_level", "no_data", "无法测算", None) and fai["current_growth_pct"] == 4.1


def test_cli_names_the_quarters_not_set_and_the_defaults(sample_db):
    """The review's line: retail Q4=30 → Q3 is the default (the pace before the scenario), and the line says
    what Q3 alone would need, naming it; revenue at 9 % both quarters reads 接近目标 like its card (8.8%)."""
    r = cli(sample_db, "--period", "2023Q2", "--set", "retail:Q4=30", "--set", "revenue:Q3=9,Q4=9")
    assert r.returncode == 0, r.stderr
    lines = {ln.split()[0]: ln for ln in r.stdout.splitlines()[1:-1]}
    assert r.stdout.splitlines()[0] == "情景测算（测算，非实际数据）：2023年下半年各季度增速假设；全年增速按上年同期基数推算"
    retail = lines["retail"]
    assert "三季度当季增长12.4%（默认：按所需增速），四季度当季增长30.0%（设定）" in retail
    assert retail.endswith("● 达标（测算），三季度当季增速不低于-6.7%即可达标")
    assert "差距-1.1个百分点，▲ 接近目标（测算）" in lines["revenue"]
    assert lines["fai"].endswith("固定资产投资：无法测算（缺少总量数据）")
    gdp = cli(sample_db, "--period", "2023Q2", "--set", "gdp:Q3=7.5").stdout
    assert "四季度当季需增长20.8%方可达标" in gdp
    q1 = cli(sample_db, "--period", "2023Q1", "--set", "gdp:Q2=6").stdout
    assert q1.splitlines()[0].startswith("情景测算（测算，非实际数据）：2023年二至四季度各季度增速假设")
    assert "三季度、四季度当季需增长" in q1 or "三季度、四季度当季增速不低于" in q1


def test_card_and_projection_name_a_missing_level_the_same_way(sample_db):
    """fai on the sample: growth reported, no levels. The card's pace line and the projection give one cause."""
    from plantrack.analysis.scorecard import build_scorecard
    from plantrack.present import period_facts
    from plantrack.present.whatif import reason_text
    store = Store(sample_db)
    card = period_facts(build_scorecard(PLAN, store, "2023Q2"), "zh").by_id("fai")
    p = {x.id: x for x in project_all(PLAN, store, "2023Q2")}["fai"]
    cause = reason_text(p).removeprefix("无法测算（").removesuffix("）")
    assert reason_text(p) == "无法测算（缺少总量数据）" and card.pace_text.endswith(f"无法测算（{cause}）")


def test_cli_text_says_estimate_and_refuses_bad_sets(sample_db):
    r = cli(sample_db, "--period", "2023Q3", "--set", "gdp:Q4=8")
    assert r.returncode == 0
    assert r.stdout.splitlines()[0] == "情景测算（测算，非实际数据）：2023年四季度增速假设；全年增速按上年同期基数推算"
    assert "四季度当季增长8.0%（设定）" in r.stdout
    assert r.stdout.splitlines()[-1].startswith("测算状态与卡片同一口径：全年测算增长达到目标为“达标”，低于目标2.0个百分点以内")
    for bad, words in (("gdp:Q3=8", "Q3 is not a quarter still to come after 2023Q3"),
                       ("srdi_firms:Q4=8", "not a headline indicator"), ("gdp:Q4=x", "not a number")):
        r = cli(sample_db, "--period", "2023Q3", "--set", bad)
        assert r.returncode == 2 and words in r.stderr and r.stdout == ""

"""The scorecard on the dashboard fixture store: exact statuses, gaps and required pace, and the shapes the
pages draw from it (plantrack.present.series)."""
import pytest

from plantrack.analysis.scorecard import build_scorecard
from plantrack.model.plan import get_plan
from plantrack.present import series


@pytest.fixture
def card(dashboard_store):
    return build_scorecard(get_plan(), dashboard_store, "2023Q2")


def _row(card, ind):
    a = card.by_id(ind)
    return (a.actual, a.gap, a.status)


EXPECTED = {
    "gdp": (6.3, -3.7, "red"),
    "fai": (10.4, 0.4, "green"),
    "retail": (8.0, -2.0, "yellow"),
    "revenue": (7.99, -2.01, "red"),
    "income": (None, None, "no_data"),
    "old_compounds": (114.0, 0.0, "green"),
    "elevators": (75.2, -10.0, "yellow"),
    "funds_secured": (8.002, -9.99, "yellow"),     # behind time progress is never green (was 达标)
    "srdi_firms": (2.0, -30.0, "red"),
    "urban_renewal_investment": (2.51874, -30.01, "red"),
    "urban_unemployment_pct": (4.6, 0.4, "green"),
    "medical_insurance_pct": (94.2, -0.8, "red"),
    "yangtze_water_quality_pct": (100.0, 0.0, "green"),
    "municipal_projects": (None, None, "no_data"),
}


@pytest.mark.parametrize("ind", sorted(EXPECTED))
def test_status_and_gap(card, ind):
    assert _row(card, ind) == EXPECTED[ind]


def test_headline_extras(card):
    gdp = card.by_id("gdp")
    assert gdp.change_pp == 0.5 and gdp.previous_actual == 5.8
    assert gdp.value == 390.2 and gdp.prev_value == 367.0
    # on the comparable base: last year's H1 level grown by this year's reported growth, not this year's level
    assert gdp.required_growth == round(((800.0 * 1.1 - 367.0 * 1.063) / (800.0 - 367.0) - 1) * 100, 9)
    fai = card.by_id("fai")
    assert fai.change_pp == -1.7 and fai.required_growth is None    # no levels: pace unknown
    assert card.by_id("retail").change_pp is None                     # no Q1 figure


def test_counts_extras(card):
    a = card.by_id("elevators")
    assert (a.completion_pct, a.time_progress_pct) == (40.0, 50.0)
    assert (a.remaining, a.remaining_per_quarter) == (112.8, 56.4)
    assert card.by_id("urban_unemployment_pct").completion_pct is None


def test_status_counts(card):
    # one count everywhere: every target of the plan (5 headline + 30 sub-targets)
    assert card.status_counts() == {"green": 4, "yellow": 3, "red": 5, "no_data": 23}
    assert card.status_counts(card.subtargets) == {"green": 3, "yellow": 2, "red": 3, "no_data": 22}
    assert card.status_counts(card.headline) == {"green": 1, "yellow": 1, "red": 2, "no_data": 1}
    assert card.has_data


def test_milestones(card):
    m = card.milestones.set_index("milestone")
    assert (m.loc["sealing_park_approval", "status"], bool(m.loc["sealing_park_approval", "overdue"])) == ("done", False)
    assert (m.loc["spatial_master_plan", "status"], bool(m.loc["spatial_master_plan", "overdue"])) == ("delayed", True)
    assert m.loc["xujiaqiao_logistics_park", "status"] == "not_reported"     # no report: 未报送, not 未启动
    assert int(m.overdue.sum()) == 1


def test_headline_series(card, dashboard_store):
    gdp, fai, retail, revenue, income = series.headline_series(get_plan(), dashboard_store, card)
    assert [(p.end_month, p.growth, p.status) for p in gdp.points] == [(3, 5.8, "red"), (6, 6.3, "red")]
    assert gdp.target == 10.0 and gdp.required_growth == card.by_id("gdp").required_growth
    assert [(p.end_month, p.growth, p.status) for p in fai.points] == [(3, 12.1, "green"), (6, 10.4, "green")]
    assert [(p.end_month, p.growth) for p in retail.points] == [(6, 8.0)]
    assert income.points == () and income.target == 8.5


def test_headline_series_stops_at_the_period(dashboard_store):
    q1 = build_scorecard(get_plan(), dashboard_store, "2023Q1")
    gdp = series.headline_series(get_plan(), dashboard_store, q1)[0]
    assert [p.end_month for p in gdp.points] == [3]


def test_red_items_worst_first(card):
    red = series.red_items(card, "zh")
    # grouped by kind (growth in points, counts against time progress, limits, milestones), worst first in each
    assert list(zip(red.group, red.id)) == [("growth", "gdp"), ("growth", "revenue"),
                                            ("count", "urban_renewal_investment"), ("count", "srdi_firms"),
                                            ("limit", "medical_insurance_pct"), ("milestone", "spatial_master_plan")]
    assert list(red.gap[:5]) == [-3.7, -2.01, -30.01, -30.0, -0.8]
    r = red.set_index("id")
    assert (r.loc["urban_renewal_investment", "task"], r.loc["urban_renewal_investment", "lead_unit"]) == ("2.2", "区住建局")
    assert (r.loc["gdp", "task"], r.loc["gdp", "lead_unit"]) == ("", "")
    assert (r.loc["spatial_master_plan", "milestone_status"], r.loc["spatial_master_plan", "note"]) == \
        ("delayed", "报批材料待补充")


def test_task_force_summary(card):
    s = series.task_force_summary(card, "zh").set_index("lead_unit")
    assert s.loc["区住建局", ["n_subtargets", "green", "yellow", "red", "no_data"]].tolist() == [12, 1, 1, 1, 9]
    assert s.loc["区自然资源局", ["n_subtargets", "milestones", "overdue"]].tolist() == [0, 3, 1]
    assert s.loc["区科技工信局", "tasks"] == "1.1 进一步提升创新能力"
    assert s.index[0] == "区住建局"          # most red first


def test_area_status_counts(card):
    c = series.area_status_counts(card).set_index("area")
    assert c.loc["support", ["green", "yellow", "red", "no_data"]].tolist() == [1, 0, 1, 3]
    assert c.loc["enterprises"].tolist() == [0, 0, 0, 0, 0]


def test_tracked(card):
    (listed, reserve) = series.task_tracked(card, "leading_firms")
    assert (listed.target.id, listed.value) == ("listed_firms", None)
    entities = series.task_tracked(card, "market_entities")[0]
    assert (entities.target.id, entities.value) == ("new_market_entities", 3520.0)


def test_same_period_last_year_is_compared_when_it_exists(tmp_path):
    """2023 上半年 against 2022 上半年: growth for growth targets, the cumulative value for counts."""
    from plantrack.analysis.scorecard import build_scorecard
    from plantrack.ingest.records import ParsedFile, Record
    from plantrack.model.plan import load_plan
    from plantrack.store.database import Store

    plan = load_plan()
    store = Store(tmp_path / "ly.duckdb")
    home = plan.app.home_district
    recs = [Record("gdp", "2022Q2", 370.1, "亿元", 4.9, None, home), Record("gdp", "2023Q2", 385.36, "亿元", 5.3, None, home),
            Record("old_compounds", "2022Q2", 80.0, "个", None, None, home),
            Record("old_compounds", "2023Q2", 96.0, "个", None, None, home),
            Record("retail", "2023Q2", 203.45, "亿元", 7.4, None, home)]
    store.import_parsed(ParsedFile("two_years.xlsx", "ly", 1, "bureau", records=recs), user="t")
    card = build_scorecard(plan, store, "2023Q2")
    assert card.by_id("gdp").last_year_actual == 4.9
    assert card.by_id("old_compounds").last_year_actual == 80.0
    assert card.by_id("retail").last_year_actual is None


# ─────────────────────────── overdue milestones: every state × due kind × side of the period end ───────────

_STATES = (None, "done", "in_progress", "not_started", "delayed")    # None: no report (未报送)


@pytest.mark.parametrize("state", _STATES)
@pytest.mark.parametrize("due_kind", ["stated", "inferred", "none"])
@pytest.mark.parametrize("due_month", [3, 6, 7, 12])
@pytest.mark.parametrize("period", ["2023Q1", "2023Q2", "2023Q3", "2023Q4"])
def test_overdue_rule_family(state, due_kind, due_month, period):
    """逾期 = reported 滞后, or a STATED due date passed without a 完成 report (逾期未报送 when none came);
    an inferred date never raises it."""
    import dataclasses
    import datetime as dt

    import pandas as pd

    from plantrack.analysis.scorecard import milestone_table
    from plantrack.model.periods import parse_key
    from plantrack.present.facts import red_items_of
    yp = get_plan().year(2023)
    base = yp.milestones[0]
    due = None if due_kind == "none" else dt.date(2023, due_month, 28)
    m = dataclasses.replace(base, due=due, due_inferred=due_kind == "inferred")
    yp = dataclasses.replace(yp, milestones=(m,))
    current = pd.DataFrame([{"milestone": m.id, "status": state, "status_date": None, "note": ""}]
                           if state else [], columns=["milestone", "status", "status_date", "note"])
    p = parse_key(period)
    row = milestone_table(yp, current, p).iloc[0]
    past = due_kind == "stated" and due_month <= p.end_month
    expected = state == "delayed" or (past and state != "done")
    assert bool(row.overdue) == expected
    assert row.status == (state or "not_reported")
    if expected and state is None:
        class _Card:       # only what red_items_of reads
            plan = yp
            milestones = pd.DataFrame([row])
        (item,) = red_items_of((), _Card, "zh")
        assert item.state_text.endswith("逾期未报送") and item.due_text == f"2023年{due_month}月28日"
        from plantrack.present import narrative

        class _Facts:
            red = (item,)
        (line,) = narrative.red_items(None, "zh", facts=_Facts)
        assert "逾期未报送" in line.text and f"2023年{due_month}月28日" in line.text

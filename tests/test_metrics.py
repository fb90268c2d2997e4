"""Status rules with exact values, including every boundary of plan_config.toml's [status]."""
import pytest

from plantrack.model import metrics
from plantrack.model.plan import StatusThresholds, get_plan

T = StatusThresholds(growth_yellow_below_pp=2.0, count_yellow_behind_pp=10.0, level_yellow_band_pp=0.0)


def test_thresholds_are_the_configs():
    assert get_plan().status == T


@pytest.mark.parametrize("end_month,expected", [(3, 25.0), (6, 50.0), (9, 75.0), (12, 100.0), (1, 1 / 12 * 100)])
def test_time_progress(end_month, expected):
    assert metrics.time_progress_pct(end_month) == expected


@pytest.mark.parametrize("bad", [0, 13])
def test_time_progress_rejects_bad_months(bad):
    with pytest.raises(ValueError, match="end_month must be 1..12"):
        metrics.time_progress_pct(bad)


@pytest.mark.parametrize("actual,gap,status", [
    (10.0, 0.0, "green"),      # exactly on target
    (12.5, 2.5, "green"),
    (8.0, -2.0, "yellow"),     # exactly 2 points below → still yellow
    (7.99, -2.01, "red"),      # beyond 2 points → red
    (9.5, -0.5, "yellow"),
])
def test_growth_gap_and_status(actual, gap, status):
    g = metrics.gap("growth", actual, 10.0, 6)
    assert g == gap
    assert metrics.status("growth", g, T) == status


@pytest.mark.parametrize("actual,target,end_month,gap,status", [
    (114, 228, 6, 0.0, "green"),          # 50 % at H1: exactly on time progress → green (序时推进)
    (113.99, 228, 6, -0.004386, "yellow"),  # a hair behind time progress is no longer green
    (8.6, 20, 6, -7.0, "yellow"),         # 争项争资 43 % at H1: behind → yellow (进度滞后), never 达标
    (80, 200, 6, -10.0, "yellow"),        # exactly 10 behind → yellow
    (8.002, 20, 6, -9.99, "yellow"),      # 9.99 behind → yellow
    (79.98, 200, 6, -10.01, "red"),       # 10.01 behind → red (严重滞后)
    (2, 10, 6, -30.0, "red"),
    (6, 10, 3, 35.0, "green"),            # ahead at Q1
    (0, 2, 9, -75.0, "red"),
])
def test_count_gap_against_time_progress(actual, target, end_month, gap, status):
    g = metrics.gap("cumulative", actual, target, end_month)
    assert round(g, 6) == gap
    assert metrics.status("cumulative", g, T) == status


@pytest.mark.parametrize("kind,actual,target,status", [
    # year end: every target is met (完成) or not (未完成); no yellow band, however small the miss
    ("cumulative", 20, 20, "green"),
    ("cumulative", 18.6, 20, "red"),        # 争项争资 93 %: 未完成, not 达标
    ("cumulative", 4.6, 5, "red"),          # 市政主管网 4.6 of 5 公里
    ("cumulative", 11, 12, "red"),          # 学校提质改造 11 of 12 所
    ("cumulative", 11.99999, 12, "red"),
    ("cumulative", 13, 12, "green"),
    ("growth", 10.0, 10.0, "green"),
    ("growth", 9.99, 10.0, "red"),          # within the in-year yellow band, but the year is over
    ("ceiling", 5.0, 5.0, "green"),
    ("ceiling", 5.01, 5.0, "red"),
    ("level", 95.0, 95.0, "green"),
    ("level", 94.99, 95.0, "red"),
])
def test_year_end_is_met_or_not_met(kind, actual, target, status):
    g = metrics.gap(kind, actual, target, 12)
    assert metrics.status(kind, g, T, year_end=True) == status
    assert metrics.status(kind, g, StatusThresholds(5.0, 50.0, 1.0), year_end=True) == status


@pytest.mark.parametrize("kind,status,year_end,completion,key", [
    ("cumulative", "green", False, 50.0, "label.cumulative.green"),          # 序时推进
    ("cumulative", "green", False, 100.0, "label.cumulative.done_early"),    # 提前完成
    ("cumulative", "yellow", False, 43.0, "label.cumulative.yellow"),        # 进度滞后
    ("cumulative", "red", False, 20.0, "label.cumulative.red"),              # 严重滞后
    ("cumulative", "green", True, 100.0, "label.year_end.green"),            # 完成
    ("cumulative", "red", True, 93.0, "label.year_end.red"),                 # 未完成
    ("growth", "green", False, None, "label.growth.green"),
    ("growth", "red", True, None, "label.year_end.red"),
    ("ceiling", "red", False, None, "label.ceiling.red"),
    ("level", "no_data", True, None, "label.no_data"),
])
def test_label_keys(kind, status, year_end, completion, key):
    assert metrics.label_key(kind, status, year_end, completion) == key


def test_labels_never_say_reached_for_what_is_not():
    from plantrack.model.i18n import t
    reached = {"达标", "完成", "提前完成"}
    for kind in ("growth", "cumulative", "ceiling", "level"):
        for status in ("yellow", "red"):
            for year_end in (False, True):
                if year_end and status == "yellow":
                    continue
                assert t(metrics.label_key(kind, status, year_end, 50.0), "zh") not in reached
    assert t(metrics.label_key("cumulative", "green", False, 50.0), "zh") == "序时推进"
    assert t(metrics.label_key("cumulative", "yellow", False, 43.0), "zh") == "进度滞后"
    assert t(metrics.label_key("cumulative", "red", False, 20.0), "zh") == "严重滞后"
    assert t(metrics.label_key("cumulative", "red", True, 93.0), "zh") == "未完成"


@pytest.mark.parametrize("kind,actual,target,expected", [
    ("cumulative", 18.6, 20, 1.4), ("cumulative", 18, 20, 2.0), ("cumulative", 21, 20, 0.0),
    ("ceiling", 5.3, 5.0, 0.3), ("ceiling", 4.6, 5.0, 0.0), ("level", 94.2, 95.0, 0.8),
    ("cumulative", None, 20, None),
])
def test_shortfall_in_the_targets_unit(kind, actual, target, expected):
    assert metrics.shortfall(kind, actual, target) == expected


@pytest.mark.parametrize("kind,actual,target,gap,status", [
    ("ceiling", 4.6, 5.0, 0.4, "green"),     # unemployment under the 5 % ceiling
    ("ceiling", 5.0, 5.0, 0.0, "green"),     # at the ceiling is still within it
    ("ceiling", 5.1, 5.0, -0.1, "red"),
    ("level", 100.0, 100.0, 0.0, "green"),   # water quality held at 100 %
    ("level", 99.9, 100.0, -0.1, "red"),
    ("level", 95.6, 95.0, 0.6, "green"),     # insurance ≥ 95 %
    ("level", 94.2, 95.0, -0.8, "red"),
])
def test_ceilings_and_levels(kind, actual, target, gap, status):
    g = metrics.gap(kind, actual, target, 6)
    assert g == gap
    assert metrics.status(kind, g, T) == status


def test_level_yellow_band_when_configured():
    band = StatusThresholds(2.0, 10.0, level_yellow_band_pp=0.5)
    assert metrics.status("level", -0.5, band) == "yellow"
    assert metrics.status("level", -0.51, band) == "red"
    assert metrics.status("ceiling", -0.3, band) == "yellow"


@pytest.mark.parametrize("kind", ["growth", "cumulative", "ceiling", "level"])
def test_missing_values_are_no_data(kind):
    assert metrics.gap(kind, None, 10.0, 6) is None
    assert metrics.gap(kind, float("nan"), 10.0, 6) is None
    assert metrics.status(kind, None, T) == "no_data"


def test_completion():
    assert metrics.completion_pct(114, 228) == 50.0
    assert metrics.completion_pct(75.2, 188) == 40.0
    assert metrics.completion_pct(None, 228) is None
    assert metrics.completion_pct(5, 0) is None


def test_required_growth_on_the_comparable_base():
    # GDP 2023 H1 (sample data): last year's full year Y 777.54, last year's H1 Yc 372.60, reported real growth
    # g 5.3 %, target 10 %: [(1.1 × 777.54 − 372.60 × 1.053) / (777.54 − 372.60)] − 1 = 14.32 % (≈ 14.3 %).
    # The nominal level (385.36) would give 16.1 %: it mixes this year's prices into a real growth rate.
    r = metrics.required_growth_comparable(10.0, 5.3, 372.60, 777.54)
    assert round(r, 2) == 14.32
    assert r == round(((777.54 * 1.1 - 372.60 * 1.053) / (777.54 - 372.60) - 1) * 100, 9)


def test_required_growth_from_levels_is_only_the_nominal_check():
    # the levels-based figure (import plausibility) on the same data: 16.1 %, what the pace must not say
    assert round(metrics.required_growth(10.0, 385.36, 372.60, 777.54), 1) == 16.1


def test_required_growth_when_already_there_and_unknown():
    # Ahead of plan: the rest of the year may even shrink (negative requirement).
    assert metrics.required_growth_comparable(10.0, 30.0, 367.0, 800.0) == round(
        ((800 * 1.1 - 367 * 1.3) / (800 - 367) - 1) * 100, 9)
    assert metrics.required_growth_comparable(10.0, 30.0, 367.0, 800.0) < 0
    assert metrics.required_growth_comparable(10.0, None, 367.0, 800.0) is None     # no growth
    assert metrics.required_growth_comparable(10.0, 5.3, None, 800.0) is None       # no level for last year's span
    assert metrics.required_growth_comparable(10.0, 5.3, 367.0, None) is None       # no last year's full year
    assert metrics.required_growth_comparable(10.0, 5.3, 800.0, 800.0) is None     # nothing left of last year


@pytest.mark.parametrize("target,actual,end_month,expected", [
    (228, 114, 6, (114.0, 57.0)),       # two quarters left
    (188, 75.2, 6, (112.8, 56.4)),
    (10, 6, 3, (4.0, 4 / 3)),           # three quarters left
    (10, 2, 9, (8.0, 8.0)),             # one quarter left
    (10, 12, 6, (0.0, 0.0)),            # already beyond the target: nothing left
    (10, 2, 5, (8.0, 8.0 / 3)),         # Jan–May: June's part quarter, Q3 and Q4 remain: (12 − 5 + 2) // 3 = 3
])
def test_remaining_quota(target, actual, end_month, expected):
    assert metrics.remaining_quota(target, actual, end_month) == expected


def test_remaining_quota_none_at_year_end_or_without_data():
    assert metrics.remaining_quota(10, 2, 12) is None
    assert metrics.remaining_quota(10, None, 6) is None


def test_change_pp():
    assert metrics.change_pp(6.3, 5.8) == 0.5
    assert metrics.change_pp(10.4, 12.1) == -1.7
    assert metrics.change_pp(6.3, None) is None


def test_red_sort_key_groups_by_kind_then_worst_first():
    keys = {name: metrics.red_sort_key(kind, gap, target) for name, kind, gap, target in [
        ("gdp", "growth", -4.7, 10.0), ("fai", "growth", -5.9, 10.0),
        ("rental", "cumulative", -50.0, 2.0), ("elevators", "cumulative", -26.1, 188.0),
        ("insurance", "level", -0.8, 95.0), ("unemployment", "ceiling", -0.3, 5.0)]}
    order = sorted(keys, key=keys.get)
    # growth targets first however small their gap in points against a count's −50 points
    assert order == ["fai", "gdp", "rental", "elevators", "unemployment", "insurance"]

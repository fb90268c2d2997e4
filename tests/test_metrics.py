"""Status rules with exact values, including every boundary of plan_config.toml's [status]."""
import pytest

from plantrack import metrics
from plantrack.plan import StatusThresholds, get_plan

T = StatusThresholds(growth_yellow_below_pp=2.0, count_yellow_behind_pp=10.0, count_red_behind_pp=30.0,
                     level_yellow_band_pp=0.0)


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
    (114, 228, 6, 0.0, "green"),          # 50 % at H1: on time progress
    (80, 200, 6, -10.0, "yellow"),        # exactly 10 behind → yellow
    (8.002, 20, 6, -9.99, "green"),       # 9.99 behind → green
    (2, 10, 6, -30.0, "yellow"),          # exactly 30 behind → yellow
    (2.51874, 12.6, 6, -30.01, "red"),    # 30.01 behind → red
    (6, 10, 3, 35.0, "green"),            # ahead at Q1
    (0, 2, 12, -100.0, "red"),
])
def test_count_gap_against_time_progress(actual, target, end_month, gap, status):
    g = metrics.gap("cumulative", actual, target, end_month)
    assert g == gap
    assert metrics.status("cumulative", g, T) == status


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
    band = StatusThresholds(2.0, 10.0, 30.0, level_yellow_band_pp=0.5)
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


def test_required_growth_exact():
    # GDP: 2022 full year 800, 2022 H1 367; 2023 H1 390.2; target +10 % → H2 must grow
    # (800 × 1.1 − 390.2) / (800 − 367) − 1 = 489.8 / 433 − 1
    r = metrics.required_growth(10.0, 390.2, 367.0, 800.0)
    assert r == ((800.0 * (1 + 10.0 / 100) - 390.2) / (800.0 - 367.0) - 1) * 100
    assert round(r, 4) == 13.1178


def test_required_growth_when_already_there_and_unknown():
    # Ahead of plan: the rest of the year may even shrink. 800 × 1.1 − 500 = 380 against last year's 433.
    assert round(metrics.required_growth(10.0, 500.0, 367.0, 800.0), 4) == round((380 / 433 - 1) * 100, 4)
    assert metrics.required_growth(10.0, None, 367.0, 800.0) is None
    assert metrics.required_growth(10.0, 390.2, 800.0, 800.0) is None   # nothing left of last year


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

"""Status rules, one definition: pure functions, thresholds passed in from plan_config.toml.

Gap convention (positive = ahead of plan), in percentage points (百分点) or the target's own unit:
  growth      growth − target                       (pp)
  cumulative  completion % − time progress %        (pp)
  ceiling     target − actual                       (the unit, e.g. % for unemployment)
  level       actual − target                       (the unit)
"""
from __future__ import annotations

import math

from .plan import StatusThresholds

STATUSES = ("green", "yellow", "red", "no_data")
# Gaps are rounded before comparing, so 114/228 − 50 is exactly 0 and a boundary is never missed by 1e-15.
_PRECISION = 9


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def as_float(x) -> float | None:
    """A stored cell as a float, or None for NULL / NaN / pandas NA / anything not numeric."""
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def time_progress_pct(end_month: int) -> float:
    """时间进度: share of the year elapsed at the end of the cumulative span (Q1 25, H1 50, Q3 75, year 100)."""
    if not 1 <= end_month <= 12:
        raise ValueError(f"end_month must be 1..12, got {end_month}")
    return end_month / 12 * 100


def completion_pct(actual: float | None, target: float | None) -> float | None:
    """Share of the annual target completed, %."""
    if _missing(actual) or _missing(target) or target == 0:
        return None
    return actual / target * 100


def gap(kind: str, actual: float | None, target: float | None, end_month: int) -> float | None:
    """Distance to plan, positive = ahead (see module docstring)."""
    if _missing(actual) or _missing(target):
        return None
    if kind == "growth":
        g = actual - target
    elif kind == "cumulative":
        g = completion_pct(actual, target) - time_progress_pct(end_month)
    elif kind == "ceiling":
        g = target - actual
    elif kind == "level":
        g = actual - target
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return round(g, _PRECISION)


def status(kind: str, gap_value: float | None, thresholds: StatusThresholds) -> str:
    """green / yellow / red / no_data from a gap and the config's thresholds."""
    if _missing(gap_value):
        return "no_data"
    g = round(gap_value, _PRECISION)
    if kind == "growth":
        if g >= 0:
            return "green"
        return "yellow" if g >= -thresholds.growth_yellow_below_pp else "red"
    if kind == "cumulative":
        behind = -g
        if behind < thresholds.count_yellow_behind_pp:
            return "green"
        return "yellow" if behind <= thresholds.count_red_behind_pp else "red"
    if kind in ("ceiling", "level"):
        if g >= 0:
            return "green"
        return "yellow" if g >= -thresholds.level_yellow_band_pp and thresholds.level_yellow_band_pp > 0 else "red"
    raise ValueError(f"unknown kind {kind!r}")


def growth_from_levels(value: float | None, prev_value: float | None) -> float | None:
    """Year-on-year growth of a cumulative level, %."""
    if _missing(value) or _missing(prev_value) or prev_value == 0:
        return None
    return (value / prev_value - 1) * 100


def required_growth(target_pct: float, cum_value: float | None, prev_cum_value: float | None,
                    prev_full_year: float | None) -> float | None:
    """Growth the rest of the year needs (against the same months last year) for the annual target.

    Annual level needed = last year's full year × (1 + target). Still to come = that − this year's cumulative.
    Last year's rest of year = last year's full year − last year's same cumulative span.
    Returns None when a level is missing or last year's rest of year is not positive (e.g. at year end).
    """
    if any(_missing(x) for x in (cum_value, prev_cum_value, prev_full_year)):
        return None
    prev_rest = prev_full_year - prev_cum_value
    if prev_rest <= 0:
        return None
    needed = prev_full_year * (1 + target_pct / 100) - cum_value
    return (needed / prev_rest - 1) * 100


def remaining_quota(target: float | None, actual: float | None, end_month: int) -> tuple[float, float] | None:
    """(still to do, per remaining quarter) for a count target; None at year end or without data."""
    if _missing(target) or _missing(actual):
        return None
    rest = max(target - actual, 0.0)
    quarters = (12 - end_month + 2) // 3
    if quarters <= 0:
        return None
    return rest, rest / quarters


def change_pp(current: float | None, previous: float | None) -> float | None:
    """Change of a growth rate against the previous period, in points (提高/回落)."""
    if _missing(current) or _missing(previous):
        return None
    return round(current - previous, _PRECISION)

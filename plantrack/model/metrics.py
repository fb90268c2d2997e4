"""Status rules, one definition: pure functions, thresholds passed in from plan_config.toml.

The rule for each kind of target is looked up in plantrack.model.kinds. Gap convention (positive = ahead of plan),
in percentage points (百分点) or the target's own unit:
  growth      growth − target                       (pp)
  cumulative  completion % − time progress %        (pp; at year end the shortfall is in the unit)
  ceiling     target − actual                       (the unit, e.g. % for unemployment)
  level       actual − target                       (the unit)
"""
from __future__ import annotations

import math

from . import kinds
from .plan import StatusThresholds

STATUSES = ("green", "yellow", "red", "no_data")
# Gaps are rounded before comparing, so 114/228 − 50 is exactly 0 and a boundary is never missed by 1e-15.
_PRECISION = 9


def missing(x) -> bool:
    """No figure: None or NaN (a NULL read from the store). The one test every layer uses."""
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
    if missing(actual) or missing(target) or target == 0:
        return None
    return actual / target * 100


def gap(kind: str, actual: float | None, target: float | None, end_month: int) -> float | None:
    """Distance to plan, positive = ahead (the kind's gap rule in plantrack.model.kinds)."""
    if missing(actual) or missing(target):
        return None
    rule = kinds.spec(kind)
    if rule.status_rule == "time_progress" and target == 0:
        return None
    return round(rule.gap(actual, target, time_progress_pct(end_month)), _PRECISION)


def is_year_end(end_month: int) -> bool:
    """The cumulative span is the whole plan year: every target is then met (完成) or not (未完成)."""
    return end_month == 12


def status(kind: str, gap_value: float | None, thresholds: StatusThresholds, year_end: bool = False) -> str:
    """green / yellow / red / no_data from a gap and the config's thresholds (rules: plan_config.toml [status]).

    In the year: growth green at or above target, yellow up to growth_yellow_below_pp below; counts green at or
    ahead of time progress, yellow up to count_yellow_behind_pp behind; ceilings/levels green when met (yellow
    within level_yellow_band_pp when that is set). Red beyond. At year end: green when met, else red.
    """
    if missing(gap_value):
        return "no_data"
    rule = kinds.spec(kind).status_rule
    g = round(gap_value, _PRECISION)
    if g >= 0:
        return "green"
    if year_end:
        return "red"
    band = {"below_band": thresholds.growth_yellow_below_pp, "time_progress": thresholds.count_yellow_behind_pp,
            "limit": thresholds.level_yellow_band_pp}[rule]
    return "yellow" if band > 0 and g >= -band else "red"


def label_key(kind: str, status_value: str, year_end: bool = False, completion: float | None = None) -> str:
    """The locale key of a target's status label (plantrack/locales/status.toml): it says what it means.

    Counts in the year: 序时推进 / 进度滞后 / 严重滞后 (提前完成 when the annual target is already reached);
    growth 达标 / 接近目标 / 低于目标; ceilings and levels 达标 / 接近 / 未达标; at year end 完成 / 未完成.
    "达标" is only ever said of a target that is reached.
    """
    if status_value == "no_data":
        return "label.no_data"
    if year_end:
        return f"label.year_end.{status_value}"
    if kinds.spec(kind).status_rule == "time_progress" and status_value == "green" and completion is not None \
            and round(completion, _PRECISION) >= 100:
        return "label.cumulative.done_early"
    return f"label.{kind}.{status_value}"


def shortfall(kind: str, actual: float | None, target: float | None) -> float | None:
    """How much is missing to the target, in the target's own unit (0 when met): 20 − 18.6 = 1.4亿元."""
    if missing(actual) or missing(target):
        return None
    short = (actual - target) if kinds.spec(kind).direction == "down" else (target - actual)
    return round(max(short, 0.0), _PRECISION)


def growth_from_levels(value: float | None, prev_value: float | None) -> float | None:
    """Year-on-year growth of a cumulative level, %."""
    if missing(value) or missing(prev_value) or prev_value == 0:
        return None
    return (value / prev_value - 1) * 100


def required_growth(target_pct: float, cum_value: float | None, prev_cum_value: float | None,
                    prev_full_year: float | None) -> float | None:
    """Growth the rest of the year would need from this year's *level* (nominal): [(1+T)·Y − V] / (Y − Yc) − 1.

    Only for checking that an imported level is plausible (ingest.plausibility: a wrong unit makes the needed
    growth absurd). The pace shown to users is `required_growth_comparable`: for a real growth rate (GDP) the
    nominal level mixes this year's prices in and overstates what is needed (16.1 % instead of 14.3 %).
    """
    if any(missing(x) for x in (cum_value, prev_cum_value, prev_full_year)):
        return None
    prev_rest = prev_full_year - prev_cum_value
    if prev_rest <= 0:
        return None
    needed = prev_full_year * (1 + target_pct / 100) - cum_value
    return (needed / prev_rest - 1) * 100


def required_growth_comparable(target_pct: float | None, growth_pct: float | None, prev_cum_value: float | None,
                    prev_full_year: float | None) -> float | None:
    """Growth the rest of the year needs, against the same months last year, on the comparable base.

    Y = last year's full-year level, Yc = last year's level for the same months, g = this year's reported
    growth. This year's cumulative value on last year's base is Yc·(1+g) (for GDP, growth is real: the nominal
    level would overstate it), so the rest of the year needs [(1+T)·Y − Yc·(1+g)] / (Y − Yc) − 1.
    None when a level or the growth is missing, or last year's rest of year is not positive (e.g. at year end):
    the caller says it cannot be computed.
    """
    if any(missing(x) for x in (target_pct, growth_pct, prev_cum_value, prev_full_year)):
        return None
    prev_rest = prev_full_year - prev_cum_value
    if prev_rest <= 0:
        return None
    needed = prev_full_year * (1 + target_pct / 100) - prev_cum_value * (1 + growth_pct / 100)
    return round((needed / prev_rest - 1) * 100, _PRECISION)


def remaining_quota(target: float | None, actual: float | None, end_month: int) -> tuple[float, float] | None:
    """(still to do, per remaining quarter) for a count target; None at year end or without data."""
    if missing(target) or missing(actual):
        return None
    rest = max(target - actual, 0.0)
    quarters = (12 - end_month + 2) // 3
    if quarters <= 0:
        return None
    return rest, rest / quarters


def change_pp(current: float | None, previous: float | None) -> float | None:
    """Change of a growth rate against the previous period, in points (提高/回落)."""
    if missing(current) or missing(previous):
        return None
    return round(current - previous, _PRECISION)


def red_sort_key(kind: str, gap_value: float | None, target: float | None) -> tuple:
    """Worst first within a red-items group: growth by points below target, counts by points behind time
    progress, ceilings and levels by the gap relative to the limit (units differ between them)."""
    group = kinds.RED_GROUPS.index(kinds.spec(kind).red_group)
    if missing(gap_value):
        return (group, 0.0)
    if kinds.spec(kind).status_rule == "limit" and not missing(target) and target:
        return (group, gap_value / abs(target))
    return (group, gap_value)

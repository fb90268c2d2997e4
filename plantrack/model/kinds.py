"""The kinds of target, as one table: every rule and display choice that depends on the kind is looked up here.

metrics (gap and status), the scorecard, the presentation model (plantrack.present), charts, narrative and
exports read a `KindSpec` instead of branching on the kind's name. Adding a kind is adding a row (and its
labels in plantrack/locales/status.toml); nothing else spells "cumulative" or "ceiling".

It sits in the model core (pure, no I/O) because the gap and status rules belong to metrics, which the
presentation model builds on; the display columns (operator, gap unit, chart) are plain data.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

# Red items are grouped by kind, groups in this order; within a group, worst first (see metrics.red_sort_key).
RED_GROUPS = ("growth", "count", "limit", "milestone")


@dataclass(frozen=True)
class KindSpec:
    kind: str
    # gap rule: (actual, target, time progress %) → distance to plan, positive = ahead
    gap: Callable[[float, float, float], float]
    # status rule: "below_band" (growth: yellow up to growth_yellow_below_pp below), "time_progress" (counts:
    # green at or ahead of 时间进度, yellow up to count_yellow_behind_pp behind), "limit" (met or not, with an
    # optional level_yellow_band_pp). At year end every rule becomes met (完成) or not met (未完成).
    status_rule: str
    operator: str            # how the target reads: ≥10%, ≤5%, ≥95%, or "" for an amount to reach (228个)
    actual_is_rate: bool     # growth targets: `actual` is a growth rate in %; others are in the indicator's unit
    gap_unit: str            # in-year gap: "pp" (百分点) or "unit" (the indicator's own unit)
    year_end_gap_unit: str   # at year end: shortfall in the unit for counts, points for growth
    chart: str               # "growth" (line through the year) | "progress" (bullet vs time progress) | "limit"
    red_group: str           # one of RED_GROUPS
    direction: str           # the config's `direction` for this kind: "up" (more is better) or "down"


KINDS: dict[str, KindSpec] = {
    "growth": KindSpec(
        kind="growth", gap=lambda actual, target, tp: actual - target, status_rule="below_band",
        operator="≥", actual_is_rate=True, gap_unit="pp", year_end_gap_unit="pp", chart="growth",
        red_group="growth", direction="up"),
    "cumulative": KindSpec(
        kind="cumulative", gap=lambda actual, target, tp: actual / target * 100 - tp, status_rule="time_progress",
        operator="", actual_is_rate=False, gap_unit="pp", year_end_gap_unit="unit", chart="progress",
        red_group="count", direction="up"),
    "ceiling": KindSpec(
        kind="ceiling", gap=lambda actual, target, tp: target - actual, status_rule="limit",
        operator="≤", actual_is_rate=False, gap_unit="unit", year_end_gap_unit="unit", chart="limit",
        red_group="limit", direction="down"),
    "level": KindSpec(
        kind="level", gap=lambda actual, target, tp: actual - target, status_rule="limit",
        operator="≥", actual_is_rate=False, gap_unit="unit", year_end_gap_unit="unit", chart="limit",
        red_group="limit", direction="up"),
}


def spec(kind: str) -> KindSpec:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})") from None

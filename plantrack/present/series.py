"""Data shaped for the dashboard: what each chart and table needs, computed from a Scorecard and the store.

Pages and chart builders never reshape DataFrames or run SQL; they call these functions. No streamlit here,
so the same shapes feed the server-side exports.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analysis.scorecard import Assessment, Scorecard
from ..model import metrics
from ..model.metrics import as_float as _num
from ..model.periods import Period
from ..model.plan import IndicatorDef, Plan, Target, YearPlan
from ..store.database import Store

# Display order of statuses everywhere (worst last would hide red at the bottom of a projector screen).
STATUS_ORDER = ("green", "yellow", "red", "no_data")


# ─────────────────────────── growth through the year (headline) ───────────────────────────

@dataclass(frozen=True)
class GrowthPoint:
    end_month: int
    growth: float | None     # cumulative year-on-year growth, %
    value: float | None      # cumulative level in the plan's unit
    status: str              # against the annual target, by the same rule as the scorecard


@dataclass(frozen=True)
class GrowthSeries:
    """One headline indicator through the year, up to the selected period."""
    indicator: IndicatorDef
    target: float
    period: Period                     # the selected period (the chart stops there)
    points: tuple[GrowthPoint, ...]    # periods with a growth figure, oldest first
    required_growth: float | None      # growth the rest of the year needs, % (None when unknown)

    @property
    def last(self) -> GrowthPoint | None:
        return self.points[-1] if self.points else None

    def label(self, end_month: int, lang: str) -> str:
        return Period(self.period.year, end_month).label(lang)


def headline_series(plan: Plan, store: Store, card: Scorecard, region: str | None = None) -> tuple[GrowthSeries, ...]:
    """Growth of every headline indicator at each period of the year up to the card's period."""
    period = card.period
    values = store.current_values(period.year, region or plan.app.home_district)
    out = []
    for a in card.headline:
        rows = values[(values.indicator == a.id) & (values.end_month <= period.end_month)].sort_values("end_month")
        points = []
        for r in rows.itertuples(index=False):
            growth = _num(r.growth_pct)
            if growth is None:
                continue
            gap = metrics.gap("growth", growth, a.target.target, int(r.end_month))
            points.append(GrowthPoint(end_month=int(r.end_month), growth=growth, value=_num(r.value),
                                      status=metrics.status("growth", gap, plan.status,
                                                            metrics.is_year_end(int(r.end_month)))))
        out.append(GrowthSeries(indicator=a.target.indicator, target=a.target.target, period=period,
                                points=tuple(points), required_growth=a.required_growth))
    return tuple(out)


# ─────────────────────────── per task / per area ───────────────────────────

def task_assessments(card: Scorecard, task_id: str) -> tuple[Assessment, ...]:
    return tuple(a for a in card.subtargets if a.target.task == task_id)


def worst_first(rows):
    """Red, then yellow, then green, then no data; within a status the largest shortfall first (the gap: points
    behind time progress for counts, points behind target for growth, the unit for ceilings and levels)."""
    rank = {"red": 0, "yellow": 1, "green": 2, "no_data": 3}

    def key(x):   # an Assessment, or plantrack.present TargetFacts (its assessment)
        a = getattr(x, "assessment", None) or x
        return rank[a.status], a.gap if a.gap is not None else 0.0
    return sorted(rows, key=key)


def area_assessments(card: Scorecard, area_id: str) -> tuple[Assessment, ...]:
    tasks = {t.id for t in card.plan.tasks_of(area_id)}
    return tuple(a for a in card.subtargets if a.target.task in tasks)


@dataclass(frozen=True)
class TrackedValue:
    target: Target
    value: float | None
    growth: float | None


def task_tracked(card: Scorecard, task_id: str) -> tuple[TrackedValue, ...]:
    """Indicators recorded for a task without a target, with this period's value (None when not recorded)."""
    by_id = {r.indicator: r for r in card.tracked.itertuples(index=False)}
    out = []
    for t in card.plan.tracked:
        if t.task != task_id:
            continue
        r = by_id.get(t.id)
        out.append(TrackedValue(t, _num(r.value) if r is not None else None,
                                _num(r.growth_pct) if r is not None else None))
    return tuple(out)


def task_milestones(card: Scorecard, task_id: str) -> pd.DataFrame:
    m = card.milestones
    if m.empty:
        return m
    return m[m.task == task_id].reset_index(drop=True)


def year_milestones(year_plan: YearPlan, store: Store, task_id: str | None = None) -> pd.DataFrame:
    """Milestones of a year with their latest status when the year has no period with data yet.

    Nothing is flagged overdue: without a period there is no date to judge against.
    """
    from ..analysis.scorecard import milestone_table
    year = year_plan.year
    m = milestone_table(year_plan, store.milestones(year, 12), Period(year, 12))
    if m.empty:
        return m
    m["overdue"] = False
    return (m[m.task == task_id] if task_id else m).reset_index(drop=True)


def area_status_counts(card: Scorecard) -> pd.DataFrame:
    """One row per area: counts of sub-targets by status, and overdue milestones."""
    rows = []
    for area in card.plan.areas:
        counts = card.status_counts(area_assessments(card, area.id))
        ms = card.milestones
        overdue = int(ms[(ms.area == area.id) & ms.overdue].shape[0]) if not ms.empty else 0
        rows.append({"area": area.id, **{s: counts[s] for s in STATUS_ORDER}, "overdue": overdue})
    return pd.DataFrame(rows, columns=["area", *STATUS_ORDER, "overdue"])


# ─────────────────────────── task force (专班调度) ───────────────────────────

def task_force_summary(card: Scorecard, lang: str = "zh") -> pd.DataFrame:
    """One row per lead unit (牵头单位): its tasks, sub-targets, counts by status, overdue milestones."""
    plan = card.plan
    rows = []
    for unit in plan.lead_units:
        tasks = [t for t in plan.tasks if plan.canonical_unit(t.lead_unit) == unit]
        ids = {t.id for t in tasks}
        assessed = [a for a in card.subtargets if a.target.task in ids]
        counts = card.status_counts(assessed)
        ms = card.milestones
        mine = ms[ms.task.isin(ids)] if not ms.empty else ms
        rows.append({
            "lead_unit": unit,
            "tasks": "; ".join(f"{t.number} {t.name(lang)}" for t in tasks),
            "subtargets": "、".join(a.target.indicator.short(lang) for a in assessed) if lang == "zh"
            else "; ".join(a.target.indicator.short(lang) for a in assessed),
            "n_subtargets": len(assessed),
            **{s: counts[s] for s in STATUS_ORDER},
            "milestones": int(len(mine)),
            "overdue": int(mine.overdue.sum()) if len(mine) else 0,
        })
    df = pd.DataFrame(rows, columns=["lead_unit", "tasks", "subtargets", "n_subtargets", *STATUS_ORDER,
                                     "milestones", "overdue"])
    # Worst first: most red, then most overdue, then most yellow.
    return df.sort_values(["red", "overdue", "yellow", "lead_unit"], ascending=[False, False, False, True],
                          kind="stable").reset_index(drop=True)


def task_force_tallies(facts, summary: pd.DataFrame) -> list:
    """Each lead unit's sub-targets counted by their status words (plantrack.present), in the summary's order."""
    plan = facts.card.plan
    out = []
    for unit in summary["lead_unit"]:
        ids = {t.id for t in plan.tasks if plan.canonical_unit(t.lead_unit) == unit}
        out.append(facts.tally([f for f in facts.subtargets if f.assessment.target.task in ids]))
    return out


def red_items(card: Scorecard, lang: str = "zh") -> pd.DataFrame:
    """红灯事项 as a table, in the one order of plantrack.present (grouped by kind: growth targets, count
    targets, ceilings and held levels, overdue milestones; worst first within each group). Columns: kind
    (target|milestone), group, id, name, task, lead_unit, gap, gap_text, unit, target_kind, status, due,
    milestone_status, note."""
    from . import period_facts
    rows = []
    for r in period_facts(card, lang).red:
        f = r.target
        rows.append({"kind": r.kind, "group": r.group, "id": r.id, "name": r.name, "task": r.task_number,
                     "lead_unit": r.lead_unit, "gap": f.assessment.gap if f else None, "gap_text": r.detail,
                     "unit": f.unit if f else "", "target_kind": f.kind if f else None, "status": "red",
                     "due": r.due, "milestone_status": r.milestone_status, "note": r.note})
    cols = ["kind", "group", "id", "name", "task", "lead_unit", "gap", "gap_text", "unit", "target_kind", "status",
            "due", "milestone_status", "note"]
    return pd.DataFrame(rows, columns=cols)


# ─────────────────────────── which indicators a page shows ───────────────────────────

def overview_indicators(year_plan: YearPlan) -> tuple[str, ...]:
    """The overview shows the headline targets."""
    return tuple(t.id for t in year_plan.headline)


def task_indicators(year_plan: YearPlan, task_id: str) -> tuple[str, ...]:
    """A task shows its sub-targets and the indicators tracked for it, in plan order."""
    return tuple(t.id for t in year_plan.targets_of_task(task_id, include_tracked=True))


def area_indicators(year_plan: YearPlan, area_id: str) -> tuple[str, ...]:
    """An area page shows the indicators of each of its tasks."""
    return tuple(i for t in year_plan.tasks_of(area_id) for i in task_indicators(year_plan, t.id))

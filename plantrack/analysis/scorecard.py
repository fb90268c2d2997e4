"""Assess every target of a plan year at a period: the one code path the CLI, pages and exports share."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..model import kinds, metrics
from ..model.i18n import t
from ..model.metrics import as_float as _num
from ..model.periods import Period, parse_key
from ..model.plan import Plan, Target, YearPlan
from ..store.database import Store


@dataclass(frozen=True)
class Assessment:
    target: Target
    period: Period
    actual: float | None          # growth % for growth targets, cumulative value for counts, the rate for levels
    value: float | None           # cumulative level in the plan's unit (growth targets: the level, if known)
    prev_value: float | None      # same span last year
    completion_pct: float | None  # counts only
    time_progress_pct: float
    gap: float | None             # positive = ahead (metrics.gap)
    status: str                   # green / yellow / red / no_data
    previous_actual: float | None = None   # growth targets: growth at the previous quarter
    change_pp: float | None = None         # growth targets: actual − previous_actual
    required_growth: float | None = None   # growth targets: the rest of the year needs this growth, %
    remaining: float | None = None         # counts: still to do for the annual target
    remaining_per_quarter: float | None = None
    rank: int | None = None
    last_year_actual: float | None = None  # the same period last year (growth %, or the cumulative value)
    shortfall: float | None = None         # what is missing to the target, in its unit (0 when met)
    growth_derived: bool = False           # growth computed from two levels on import, not reported (推算)

    @property
    def year_end(self) -> bool:
        """The period's cumulative span is the whole plan year: met (完成) or not met (未完成)."""
        return metrics.is_year_end(self.period.end_month)

    @property
    def label_key(self) -> str:
        """Locale key of the status label (序时推进 / 进度滞后 / 完成 / 未完成 …), see metrics.label_key."""
        return metrics.label_key(self.kind, self.status, self.year_end, self.completion_pct)

    @property
    def id(self) -> str:
        return self.target.id

    @property
    def kind(self) -> str:
        return self.target.kind

    def as_json(self, lang: str = "zh") -> dict:
        out = {"id": self.id, "actual": self.actual, "target": self.target.target,
                "completion_pct": _round(self.completion_pct), "time_progress_pct": _round(self.time_progress_pct),
                "gap": _round(self.gap), "status": self.status, "kind": self.kind,
                # `actual` is a growth rate for growth targets, else in the indicator's own unit
                "actual_unit": "%" if kinds.spec(self.kind).actual_is_rate else self.target.unit,
                "period": self.period.key, "value": self.value, "value_unit": self.target.unit,
                "required_growth_pct": _round(self.required_growth), "change_pp": _round(self.change_pp),
                "label": t(self.label_key, lang)}
        # count targets at year end: what is missing, in the target's unit (差1.4亿元)
        if kinds.spec(self.kind).status_rule == "time_progress" and self.year_end and self.status != "no_data":
            out["shortfall"] = _round(self.shortfall)
            out["unit"] = self.target.unit
        return out


def _round(x: float | None, nd: int = 4) -> float | None:
    return None if x is None else round(x, nd)


@dataclass(frozen=True)
class Scorecard:
    plan: YearPlan
    period: Period
    headline: tuple[Assessment, ...]
    subtargets: tuple[Assessment, ...]
    tracked: pd.DataFrame        # indicator, value, unit for indicators without a target
    milestones: pd.DataFrame     # one row per plan milestone with its current status (not_reported when none)
    has_data: bool

    @property
    def all(self) -> tuple[Assessment, ...]:
        return self.headline + self.subtargets

    def by_id(self, indicator_id: str) -> Assessment:
        return next(a for a in self.all if a.id == indicator_id)

    @property
    def year_end(self) -> bool:
        return metrics.is_year_end(self.period.end_month)

    def status_counts(self, assessments=None) -> dict[str, int]:
        """Targets by status; by default every target of the plan (headline and sub-targets), the one count
        every screen and document shows."""
        counts = dict.fromkeys(metrics.STATUSES, 0)
        for a in assessments if assessments is not None else self.all:
            counts[a.status] += 1
        return counts


def assess(target: Target, period: Period, row: dict | None, previous_growth: float | None,
           prev_full_year: float | None, plan: Plan, last_year_row: dict | None = None) -> Assessment:
    """Assess one target from its current stored row (or None when there is no data)."""
    row = row or {}
    value, growth, prev = _num(row.get("value")), _num(row.get("growth_pct")), _num(row.get("prev_value"))
    kind = target.kind
    spec = kinds.spec(kind)
    counts = spec.status_rule == "time_progress"     # judged against time progress: completion, quota
    actual = growth if spec.actual_is_rate else value
    gap = metrics.gap(kind, actual, target.target, period.end_month)
    completion = metrics.completion_pct(actual, target.target) if counts else None
    extra: dict = {}
    if spec.actual_is_rate:
        extra["previous_actual"] = previous_growth
        extra["change_pp"] = metrics.change_pp(actual, previous_growth)
        if period.end_month < 12:
            extra["required_growth"] = metrics.required_growth_comparable(target.target, growth, prev, prev_full_year)
    else:
        extra["shortfall"] = metrics.shortfall(kind, actual, target.target)
    if counts:
        quota = metrics.remaining_quota(target.target, actual, period.end_month)
        if quota:
            extra["remaining"], extra["remaining_per_quarter"] = quota
    rank = row.get("rank")
    last = last_year_row or {}
    extra["last_year_actual"] = _num(last.get("growth_pct") if spec.actual_is_rate else last.get("value"))
    extra["growth_derived"] = bool(spec.actual_is_rate and growth is not None and row.get("growth_source") == "derived")
    return Assessment(target=target, period=period, actual=actual, value=value, prev_value=prev,
                      completion_pct=completion, time_progress_pct=period.time_progress_pct, gap=gap,
                      status=metrics.status(kind, gap, plan.status, metrics.is_year_end(period.end_month)),
                      rank=None if rank is None or rank is pd.NA or _num(rank) is None else int(rank), **extra)


def build_scorecard(plan: Plan, store: Store, period_key: str, region: str | None = None) -> Scorecard:
    period = parse_key(period_key)
    year_plan = plan.year(period.year)
    region = region or plan.app.home_district
    current = store.current_values(period.year, region)
    last_year = store.current_values(period.year - 1, region)
    rows = {(r.indicator, r.period): r._asdict() for r in current.itertuples(index=False)}
    last_rows = {r.indicator: r._asdict() for r in last_year.itertuples(index=False)
                 if r.period == period.same_period_last_year().key}

    def prev_full_year(indicator: str) -> float | None:
        # Last year's annual level: from last year's own Q4 row, else this year's Q4 "上年同期" column.
        row = last_year[(last_year.indicator == indicator) & (last_year.period == f"{period.year - 1}Q4")]
        if len(row) and _num(row.value.iloc[0]) is not None:
            return _num(row.value.iloc[0])
        this_q4 = rows.get((indicator, f"{period.year}Q4"))
        return _num(this_q4.get("prev_value")) if this_q4 else None

    prev_q = period.previous_quarter()
    headline = tuple(
        assess(t, period, rows.get((t.id, period.key)),
               _num(rows.get((t.id, prev_q.key), {}).get("growth_pct")) if prev_q else None,
               prev_full_year(t.id), plan, last_rows.get(t.id))
        for t in year_plan.headline)
    subtargets = tuple(assess(t, period, rows.get((t.id, period.key)), None, None, plan, last_rows.get(t.id))
                       for t in year_plan.subtargets)
    tracked_ids = [t.id for t in year_plan.tracked]
    tracked = current[(current.indicator.isin(tracked_ids)) & (current.period == period.key)][
        ["indicator", "value", "unit", "growth_pct"]].reset_index(drop=True)
    milestones = milestone_table(year_plan, store.milestones(period.year, period.end_month), period)
    has_data = bool((current.period == period.key).any())
    return Scorecard(plan=year_plan, period=period, headline=headline, subtargets=subtargets, tracked=tracked,
                     milestones=milestones, has_data=has_data)


def milestone_table(year_plan: YearPlan, current: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Every milestone of the plan with its latest reported status up to the period.

    No report yet → "not_reported" (未报送), counted apart: nobody said it has not started. Overdue (逾期) when a
    milestone is not reported done by a due date the plan states, or its unit reports it delayed (滞后). That
    includes a stated date passed with no report at all: a 督查 office chases it as 逾期未报送 (the unit owes the
    work and the report). A due date marked `due_inferred` in plan_config.toml (set by us) never makes a
    milestone overdue.
    """
    known = {r.milestone: r for r in current.itertuples(index=False)}
    period_end = pd.Timestamp(period.year, period.end_month, 1) + pd.offsets.MonthEnd(0)
    rows = []
    for m in year_plan.milestones:
        k = known.get(m.id)
        state = k.status if k is not None else "not_reported"
        past_due = bool(m.due and not m.due_inferred and pd.Timestamp(m.due) <= period_end)
        overdue = state == "delayed" or (past_due and state != "done")
        task = year_plan.task(m.task)
        rows.append({"milestone": m.id, "task": m.task, "area": task.area, "lead_unit": task.lead_unit,
                     "name_zh": m.name_zh, "name_en": m.name_en, "due": m.due, "due_inferred": m.due_inferred,
                     "status": state, "status_date": k.status_date if k is not None else None,
                     "note": k.note if k is not None else "", "recorded": k is not None, "overdue": overdue})
    return pd.DataFrame(rows)


def periods_with_data(plan: Plan, store: Store, year: int, region: str | None = None) -> list[str]:
    return store.periods_with_data(year, region or plan.app.home_district)


def latest_period(plan: Plan, store: Store, year: int) -> str | None:
    periods = periods_with_data(plan, store, year)
    return periods[-1] if periods else None

"""年度对比 / 年终回顾: the same period across plan years, and the year-end figures against the targets.

No streamlit. Last year's figures come from last year's own rows when they were imported; otherwise last
year's *level* is taken from this year's 上年同期 column (prev_value) — its growth is then unknown.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..model.metrics import as_float as _num
from ..model.periods import Period, parse_key
from ..model.plan import Plan
from .scorecard import Assessment, Scorecard, build_scorecard


@dataclass(frozen=True)
class YearFigure:
    year: int
    value: float | None
    growth_pct: float | None
    from_prev_column: bool = False     # level read from the next year's 上年同期 column


@dataclass(frozen=True)
class Comparison:
    indicator: str
    unit: str
    figures: tuple[YearFigure, ...]    # newest year first

    @property
    def growth_change_pp(self) -> float | None:
        """This year's growth minus last year's, in points, when both are known."""
        if len(self.figures) < 2 or self.figures[0].growth_pct is None or self.figures[1].growth_pct is None:
            return None
        return self.figures[0].growth_pct - self.figures[1].growth_pct


def same_period_across_years(plan: Plan, store, period_key: str, years_back: int = 2,
                             region: str | None = None) -> list[Comparison]:
    """Each headline indicator at `period_key` and at the same span of up to `years_back` earlier years."""
    period = parse_key(period_key)
    region = region or plan.app.home_district
    frames = {y: store.current_values(y, region) for y in range(period.year - years_back, period.year + 1)}
    out = []
    for target in plan.year(period.year).headline:
        figures: list[YearFigure] = []
        for y in range(period.year, period.year - years_back - 1, -1):
            key = Period(y, period.end_month).key
            df = frames[y]
            row = df[(df.indicator == target.id) & (df.period == key)]
            if len(row):
                figures.append(YearFigure(y, _num(row.value.iloc[0]), _num(row.growth_pct.iloc[0])))
                continue
            later = frames.get(y + 1)
            nxt = later[(later.indicator == target.id) & (later.period == Period(y + 1, period.end_month).key)] \
                if later is not None else later
            prev = _num(nxt.prev_value.iloc[0]) if nxt is not None and len(nxt) else None
            if prev is not None:
                figures.append(YearFigure(y, prev, None, from_prev_column=True))
        out.append(Comparison(target.id, target.unit, tuple(figures)))
    return out


def year_end_review(plan: Plan, store, year: int) -> Scorecard | None:
    """The scorecard at the year's full-year figures (…Q4): every target met or not met. None when the year
    has no full-year data."""
    key = Period(year, 12).key
    if key not in store.periods_with_data(year, plan.app.home_district):
        return None
    return build_scorecard(plan, store, key)


def review_frame(assessments: tuple[Assessment, ...]) -> pd.DataFrame:
    return pd.DataFrame([{"id": a.id, "actual": a.actual, "target": a.target.target, "gap": a.gap,
                          "status": a.status, "kind": a.kind, "unit": a.target.unit} for a in assessments])

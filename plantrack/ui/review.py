"""年度对比 / 年终回顾: the selected period against the same period of earlier years; the year-end figures
against the targets, for the record."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..i18n import fmt_pp, fmt_rate, fmt_value, status_label
from ..periods import Period
from ..review import same_period_across_years, year_end_review
from .context import ViewContext
from .widgets import table


def render(ctx: ViewContext) -> None:
    st.title(ctx.t("review.title"))
    if not ctx.period:
        st.info(ctx.t("app.no_data_year", year=ctx.year))
    else:
        _comparison(ctx)
    _year_end(ctx)


def _comparison(ctx: ViewContext) -> None:
    p = ctx.period_obj
    st.subheader(ctx.t("review.compare_title", period=p.label(ctx.lang)))
    comps = same_period_across_years(ctx.plan, ctx.store, ctx.period)
    years = sorted({f.year for c in comps for f in c.figures}, reverse=True)
    if len(years) < 2:
        st.info(ctx.t("review.no_earlier", period=Period(ctx.year - 1, p.end_month).label(ctx.lang, True)))
    rows = []
    for c in comps:
        row = {ctx.t("col.indicator"): ctx.plan.indicator(c.indicator).name(ctx.lang)}
        by_year = {f.year: f for f in c.figures}
        for y in years:
            f = by_year.get(y)
            label = Period(y, p.end_month).label(ctx.lang, True)
            row[ctx.t("review.col_growth", period=label)] = fmt_rate(f.growth_pct) if f else "—"
            row[ctx.t("review.col_level", period=label)] = (fmt_value(f.value, c.unit, ctx.lang)
                                                            + (" *" if f.from_prev_column else "")) if f else "—"
        row[ctx.t("review.col_change")] = fmt_pp(c.growth_change_pp, ctx.lang)
        rows.append(row)
    table(pd.DataFrame(rows))
    if any(f.from_prev_column for c in comps for f in c.figures):
        st.caption(ctx.t("review.prev_column_note"))


def _year_end(ctx: ViewContext) -> None:
    st.subheader(ctx.t("review.year_end_title", year=ctx.year))
    final = year_end_review(ctx.plan, ctx.store, ctx.year)
    if final is None:
        st.info(ctx.t("review.no_year_end", year=ctx.year))
        return
    rows = []
    for a in final:
        unit = "%" if a.kind == "growth" else a.target.unit
        rows.append({ctx.t("col.indicator"): a.target.indicator.name(ctx.lang),
                     ctx.t("review.col_final"): fmt_value(a.actual, unit, ctx.lang),
                     ctx.t("col.target"): fmt_value(a.target.target, unit, ctx.lang),
                     ctx.t("col.gap"): fmt_pp(a.gap, ctx.lang) if a.kind in ("growth", "cumulative") or unit == "%"
                     else fmt_value(a.gap, unit, ctx.lang),
                     ctx.t("col.status"): status_label(a.status, ctx.lang)})
    met = sum(1 for a in final if a.status == "green")
    known = sum(1 for a in final if a.status != "no_data")
    st.markdown(ctx.t("review.year_end_summary", met=met, known=known, total=len(final)))
    table(pd.DataFrame(rows))

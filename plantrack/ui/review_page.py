"""年度对比 / 年终回顾: the selected period against the same period of earlier years; the year-end figures
against the targets, for the record."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..analysis.year_review import same_period_across_years, year_end_review
from ..model.i18n import fmt_pp, fmt_rate, fmt_value
from ..model.periods import Period
from ..present import period_facts
from .context import ViewContext
from .widgets import md, table


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
    """The year's full-year figures against the targets: every target met (完成) or not (未完成), the
    shortfall of a count target in its own unit; two tables, 完成的 then 未完成的."""
    st.subheader(ctx.t("review.year_end_title", year=ctx.year))
    final = year_end_review(ctx.plan, ctx.store, ctx.year)
    if final is None:
        st.info(ctx.t("review.no_year_end", year=ctx.year))
        return
    facts = period_facts(final, ctx.lang)
    c = facts.counts
    st.markdown(md(ctx.t("present.summary_year_end", period=facts.label, n=c.total, **c.by_status)))
    for status, key in (("green", "present.review_done"), ("red", "present.review_not_done"),
                        ("no_data", "present.review_no_data")):
        rows = [{ctx.t("col.indicator"): f.name, ctx.t("review.col_final"): f.actual_text,
                 ctx.t("col.target"): f.target_text, ctx.t("col.gap"): f.gap_text,
                 ctx.t("col.status"): f.status.text} for f in facts.all if f.status.status == status]
        if rows:
            st.markdown(f"**{md(ctx.t(key, n=len(rows)))}**")
            table(pd.DataFrame(rows), status_col=ctx.t("col.status"))

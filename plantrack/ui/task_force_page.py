"""专班调度: every lead unit's tasks, sub-targets by status and overdue milestones; the red items for the
meeting, worst first."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..present import RedItem, Tally, charts, series
from . import reporting_page as reporting
from .widgets import footnote, md, show_chart, table

PAGE = "task_force"


def summary_table(ctx, summary: pd.DataFrame, tallies: list[Tally]) -> pd.DataFrame:
    """series.task_force_summary with our column names; the sub-targets counted by the words the cards and
    lists use (5项严重滞后、1项进度滞后、2项序时推进), worst first."""
    summary = summary.assign(status_words=[tl.phrase(tl.worst_first()) or "—" for tl in tallies])
    # Counts first, long texts last: on a projector the numbers must not scroll out of view.
    names = {"lead_unit": ctx.t("dash.tf.lead_unit"), "n_subtargets": ctx.t("dash.tf.n_subtargets"),
             "status_words": ctx.t("dash.tf.status_words"),
             "milestones": ctx.t("dash.tf.milestones"), "overdue": ctx.t("dash.tf.overdue"),
             "tasks": ctx.t("dash.tf.tasks"), "subtargets": ctx.t("dash.tf.subtargets")}
    return summary.rename(columns=names)[list(names.values())]


def red_table(ctx, red: tuple[RedItem, ...]) -> pd.DataFrame:
    """The red items of plantrack.present, in its order (grouped by kind, worst first within each group)."""
    rows = []
    for i, r in enumerate(red, start=1):
        detail = r.detail if r.target is not None else \
            ctx.t("dash.tf.ms_detail", state=r.state_text, due=r.due_text or "—")
        # the target's own status word (■ 低于目标, ■ 严重滞后), or 事项逾期 for a milestone: one vocabulary
        kind = r.target.status.text if r.target is not None else ctx.t("dash.tf.kind_milestone")
        rows.append({"#": i, ctx.t("dash.tf.kind"): kind, ctx.t("dash.tf.item"): r.name,
                     ctx.t("dash.tf.task"): r.task_name or ctx.t("dash.tf.headline"),
                     ctx.t("dash.tf.lead_unit"): r.lead_unit or "—", ctx.t("dash.tf.detail"): detail,
                     ctx.t("col.note"): r.note})
    return pd.DataFrame(rows)


def render(ctx) -> None:
    lang, yp = ctx.lang, ctx.year_plan
    st.title(f"{ctx.t('nav.task_force')} · {ctx.period_label()}" if ctx.period else ctx.t("nav.task_force"))
    tf = yp.task_force
    st.caption(md(ctx.t("dash.tf.caption", name=tf.name_zh, convener=tf.convener_zh, office=tf.office)))
    reporting.summary_line(ctx)     # 报送情况 in one line; the page itself is for analysts
    if ctx.period is None:
        st.info(ctx.t("app.no_data_year", year=ctx.year))
        return
    card = ctx.scorecard()
    facts = ctx.facts()
    if not card.has_data:
        st.info(ctx.t("app.no_data_period", period=ctx.period_label()))

    st.subheader(ctx.t("dash.tf.red_items"))
    red = facts.red
    if not red:
        st.success(ctx.t("dash.tf.no_red"), icon=":material/check_circle:")
    else:
        st.caption(ctx.t("dash.tf.red_help"))
        table(red_table(ctx, red))

    st.subheader(ctx.t("dash.tf.by_unit"))
    summary = series.task_force_summary(card, lang)
    st.caption(ctx.t("dash.tf.sort_help"))
    tallies = series.task_force_tallies(facts, summary)
    table(summary_table(ctx, summary, tallies))
    show_chart(charts.task_force_chart(summary, tallies, lang, footnote(ctx)),
               charts.chart_filename(ctx.period, PAGE, "status_by_lead_unit"), key="task_force_chart")

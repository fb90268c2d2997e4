"""报送情况 (analysts and above): per unit what it owes for a quarter, what arrived (which revision, when, by
whom), what is late or missing; the units not yet reported worst first; the 催报通知 as DOCX and as text.
Viewers see one summary line on the task-force page (`summary_line`)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ..analysis.submissions import ReportingError, ReportingStatus, build_reporting
from ..export.reminder_docx import build_reminder_docx
from ..model.plan import get_plan
from ..present.reminder_text import build_reminder, date_text, sample_note, unit_lines
from .context import store_at
from .widgets import md, table

PAGE = "reporting"
PARAM = "quarter"       # no longer read: removed from older links


@st.cache_data(max_entries=32, show_spinner=False)
def _status(store_path: str, period: str, as_of: dt.date, generation) -> ReportingStatus:
    # `generation` keys the cache to the store's content; `as_of` (today) to the day.
    return build_reporting(get_plan(), store_at(store_path), period, as_of=as_of)


def status_for(ctx, period: str) -> ReportingStatus | None:
    if ctx.plan.reporting is None:
        return None
    return _status(str(ctx.store.path), period, dt.date.today(), ctx.generation)


def summary_line(ctx) -> None:
    """One line for the task-force page (every role): how many units have reported for the sidebar's quarter."""
    period = ctx.period_obj
    if ctx.plan.reporting is None or period is None or not period.is_quarter_end:
        return
    s = status_for(ctx, period.key)
    tot = s.totals()
    zh = ctx.lang == "zh"
    names = ("、" if zh else ", ").join(u.unit for u in s.not_reported[:3]) + \
        (("等" if zh else ", …") if len(s.not_reported) > 3 else "")
    key = "report.summary_all" if not s.not_reported else "report.summary"
    st.markdown(":material/assignment_turned_in: " + md(ctx.t(key, period=period.label(ctx.lang, with_year=True),
                                                                units=tot["units"], complete=tot["complete"],
                                                                on_time=tot["complete_on_time"],
                                                                missing=tot["not_reported"], names=names)))


def render(ctx, user) -> None:
    """The sidebar's period rules (one selector for every page): 报送情况 of that quarter."""
    lang = ctx.lang
    today = dt.date.today()
    st.title(ctx.t("report.title"))
    if PARAM in st.query_params:
        del st.query_params[PARAM]          # older links named the quarter here; the sidebar's period rules now
    if ctx.plan.reporting is None:
        st.info(ctx.t("report.no_config"))
        return
    period = ctx.period_obj
    if period is None or not period.is_quarter_end:
        st.info(md(ctx.t("report.pick_quarter", period=ctx.period_label() if period else "—")))
        return
    try:
        s = status_for(ctx, period.key)
    except ReportingError as e:
        st.error(md(str(e)))
        return
    cfg = ctx.plan.reporting
    own = [ctx.t("report.own_deadline", unit=n, days=cfg.deadline_days_for(n)) for n in cfg.units
           if cfg.deadline_days_for(n) != cfg.deadline_days]
    st.caption(md(ctx.t("report.caption", period=period.label(lang, with_year=True), as_of=date_text(today, lang),
                        days=cfg.deadline_days) + ("；" if lang == "zh" else "; ").join([""] + own)
                  + ("。" if lang == "zh" else ".")))
    note = sample_note(s, ctx.sample_shown, lang)
    if note:
        st.caption(md(note))

    tot = s.totals()
    cols = st.columns(6)
    cols[0].metric(ctx.t("report.m_units"), tot["units"])
    cols[1].metric(ctx.t("report.m_complete"), tot["complete"], help=ctx.t("report.m_complete_help"))
    cols[2].metric(ctx.t("report.m_on_time"), tot["complete_on_time"])
    cols[3].metric(ctx.t("report.m_not_reported"), tot["not_reported"])
    cols[4].metric(ctx.t("report.m_late_items"), tot["late"])
    cols[5].metric(ctx.t("report.m_missing_items"), tot["missing"])

    st.subheader(ctx.t("report.not_reported"))
    if not s.not_reported:
        st.success(ctx.t("report.all_done"), icon=":material/check_circle:")
    else:
        table(not_reported_table(ctx, s))
        with st.expander(ctx.t("report.missing_detail", n=len(s.not_reported)), icon=":material/list:"):
            st.markdown(missing_detail_md(ctx, s))
        _reminder(ctx, s)

    st.subheader(ctx.t("report.by_unit"))
    table(unit_table(ctx, s))
    names = [u.unit for u in s.units]
    chosen = st.selectbox(ctx.t("report.detail_of"), names, key="reporting_unit")
    table(item_table(ctx, next(u for u in s.units if u.unit == chosen)))


def _reminder(ctx, s: ReportingStatus) -> None:
    st.subheader(ctx.t("report.reminder"))
    reminder = build_reminder(s, ctx.year_plan, ctx.plan.reporting, ctx.lang, sample=ctx.sample_shown)
    name = ctx.t("report.reminder_file", period=s.period.label(ctx.lang, with_year=True)) + ".docx"
    st.download_button(ctx.t("report.reminder_docx"), data=lambda: build_reminder_docx(reminder), file_name=name,
                       mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       icon=":material/description:", key="reporting_docx")
    st.caption(md(ctx.t("report.reminder_text_help")))
    st.code(reminder.text(), language=None, wrap_lines=True)


def _when(item, lang: str) -> str:
    """2026年12月3日 10:15: the page's dates read as the notice's."""
    at = item.received_at
    return f"{date_text(at.date(), lang)} {at:%H:%M}" if at else "—"


def counts(ctx, u) -> dict:
    """应报 / 已报 / 按时 / 迟报 / 未报, in that order in every table (and in the CLI's line)."""
    return {ctx.t("report.col.expected"): len(u.items),
            ctx.t("report.col.got"): u.count("received") + u.count("late"),
            ctx.t("report.col.on_time"): u.count("received"), ctx.t("report.col.late"): u.count("late"),
            ctx.t("report.col.missing"): u.count("missing")}


def not_reported_table(ctx, s: ReportingStatus) -> pd.DataFrame:
    """The counts only: the missing items, long names, are listed in full under it (missing_detail_md)."""
    rows = [{"#": i, ctx.t("report.col.unit"): u.unit, ctx.t("report.col.due"): date_text(u.due, ctx.lang),
             ctx.t("report.col.overdue"): u.days_overdue, **counts(ctx, u)}
            for i, u in enumerate(s.not_reported, 1)]
    return pd.DataFrame(rows)


def missing_detail_md(ctx, s: ReportingStatus) -> str:
    """Every unit's missing items by kind, wrapped text (a table cell cut them off at the right edge)."""
    blocks = []
    for i, u in enumerate(s.not_reported, 1):
        lines = "  \n".join(md(line) for line in unit_lines(u, ctx.lang))
        blocks.append(f"**{i}. {md(u.unit)}**  \n{lines}")
    return "\n\n".join(blocks)


def unit_table(ctx, s: ReportingStatus) -> pd.DataFrame:
    rows = []
    for u in s.units:
        last = u.last_received
        rows.append({ctx.t("report.col.unit"): u.unit,
                     ctx.t("report.col.role"): ("、" if ctx.lang == "zh" else ", ").join(
                         ctx.t(f"report.role.{r}") for r in u.roles),
                     ctx.t("report.col.due"): date_text(u.due, ctx.lang), **counts(ctx, u),
                     ctx.t("report.col.last"): f"{_when(last, ctx.lang)} {last.received_by}" if last else "—"})
    return pd.DataFrame(rows)


def item_table(ctx, u) -> pd.DataFrame:
    rows = []
    for i in u.items:
        days = i.days_late or 0
        rows.append({ctx.t("report.col.item"): i.item.name(ctx.lang),
                     ctx.t("report.col.kind"): ctx.t(f"report.kind.{i.item.kind}"),
                     ctx.t("report.col.task"): i.item.task or "—",
                     ctx.t("report.col.status"): ctx.t(f"report.status.{i.status}")
                     + (ctx.t("report.days", n=days) if days else ""),
                     ctx.t("report.col.revision"): str(i.revision) if i.revision is not None else "—",
                     ctx.t("report.col.received_at"): _when(i, ctx.lang),
                     ctx.t("report.col.by"): i.received_by or "—", ctx.t("report.col.file"): i.file_name or "—"})
    return pd.DataFrame(rows)

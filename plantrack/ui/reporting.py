"""报送情况 (analysts and above): per unit what it owes for a quarter, what arrived (which revision, when, by
whom), what is late or missing; the units not yet reported worst first; the 催报通知 as DOCX and as text.
Viewers see one summary line on the task-force page (`summary_line`)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ..export.reminder_docx import build_reminder_docx
from ..periods import Period
from ..plan import get_plan
from ..present.reminder_text import build_reminder
from ..reporting import ReportingError, ReportingStatus, build_reporting, period_end
from .context import _store
from .widgets import md, table

PAGE = "reporting"
PARAM = "quarter"


@st.cache_data(max_entries=32, show_spinner=False)
def _status(store_path: str, period: str, as_of: dt.date, generation) -> ReportingStatus:
    # `generation` keys the cache to the store's content; `as_of` (today) to the day.
    return build_reporting(get_plan(), _store(store_path), period, as_of=as_of)


def quarters(ctx, today: dt.date) -> list[str]:
    """The year's quarters that have ended by today, latest first (what the office can chase)."""
    return [Period(ctx.year, m).key for m in (12, 9, 6, 3) if period_end(Period(ctx.year, m)) < today]


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


def _choose_quarter(ctx, options: list[str]) -> str:
    key = "reporting_quarter"
    if key not in st.session_state or st.session_state[key] not in options:
        linked = st.query_params.get(PARAM)
        st.session_state[key] = linked if linked in options else (
            ctx.period if ctx.period in options else options[0])
    chosen = st.selectbox(ctx.t("report.quarter"), options, key=key,
                          format_func=lambda k: Period(int(k[:4]), int(k[-1]) * 3).label(ctx.lang, with_year=True))
    if st.query_params.get(PARAM) != chosen:
        st.query_params[PARAM] = chosen          # the link opens this quarter
    return chosen


def render(ctx, user) -> None:
    lang = ctx.lang
    today = dt.date.today()
    options = quarters(ctx, today)
    st.title(ctx.t("report.title"))
    if ctx.plan.reporting is None:
        st.info(ctx.t("report.no_config"))
        return
    if not options:
        st.info(ctx.t("report.no_quarter", year=ctx.year))
        return
    period = _choose_quarter(ctx, options)
    try:
        s = status_for(ctx, period)
    except ReportingError as e:
        st.error(md(str(e)))
        return
    cfg = ctx.plan.reporting
    own = [ctx.t("report.own_deadline", unit=n, days=cfg.deadline_days_for(n)) for n in cfg.units
           if cfg.deadline_days_for(n) != cfg.deadline_days]
    st.caption(md(ctx.t("report.caption", as_of=today.isoformat(), days=cfg.deadline_days)
                  + ("；" if lang == "zh" else "; ").join([""] + own)))
    if ctx.sample_shown:
        st.caption(md(ctx.t("report.sample_note")))

    tot = s.totals()
    cols = st.columns(5)
    cols[0].metric(ctx.t("report.m_units"), tot["units"])
    cols[1].metric(ctx.t("report.m_complete"), tot["complete"])
    cols[2].metric(ctx.t("report.m_not_reported"), tot["not_reported"])
    cols[3].metric(ctx.t("report.m_late_items"), tot["late"])
    cols[4].metric(ctx.t("report.m_missing_items"), tot["missing"])

    st.subheader(ctx.t("report.not_reported"))
    if not s.not_reported:
        st.success(ctx.t("report.all_done"), icon=":material/check_circle:")
    else:
        table(not_reported_table(ctx, s))
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


def _when(item) -> str:
    return item.received_at.strftime("%Y-%m-%d %H:%M") if item.received_at else "—"


def not_reported_table(ctx, s: ReportingStatus) -> pd.DataFrame:
    sep = "；" if ctx.lang == "zh" else "; "
    rows = [{"#": i, ctx.t("report.col.unit"): u.unit, ctx.t("report.col.due"): u.due.isoformat(),
             ctx.t("report.col.overdue"): u.days_overdue, ctx.t("report.col.missing"): len(u.missing),
             ctx.t("report.col.expected"): len(u.items),
             ctx.t("report.col.items"): sep.join(i.item.name(ctx.lang) for i in u.missing)}
            for i, u in enumerate(s.not_reported, 1)]
    return pd.DataFrame(rows)


def unit_table(ctx, s: ReportingStatus) -> pd.DataFrame:
    rows = []
    for u in s.units:
        last = u.last_received
        rows.append({ctx.t("report.col.unit"): u.unit,
                     ctx.t("report.col.role"): ("、" if ctx.lang == "zh" else ", ").join(
                         ctx.t(f"report.role.{r}") for r in u.roles),
                     ctx.t("report.col.due"): u.due.isoformat(), ctx.t("report.col.expected"): len(u.items),
                     ctx.t("report.col.on_time"): u.count("received"), ctx.t("report.col.late"): u.count("late"),
                     ctx.t("report.col.missing"): u.count("missing"),
                     ctx.t("report.col.last"): f"{_when(last)} {last.received_by}" if last else "—"})
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
                     ctx.t("report.col.received_at"): _when(i),
                     ctx.t("report.col.by"): i.received_by or "—", ctx.t("report.col.file"): i.file_name or "—"})
    return pd.DataFrame(rows)

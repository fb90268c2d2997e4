"""One page per work-task area: each task with its units, sub-targets, tracked indicators and milestones.

Analysts edit a milestone's status, date and note on the page; each edit is a revision in the store (kind
"edit"), so it shows in the history and can be rolled back like an import. The role is checked where the
edit is written, not only by hiding the form.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ..actions.actor import NotAllowed
from ..actions.milestone_edit import edit_milestone
from ..model.i18n import fmt_rate, fmt_value, milestone_label
from ..model.plan import MILESTONE_STATES, YearPlan
from ..present import PeriodFacts, TargetFacts, charts, series, target_text
from ..present.facts import date_text
from .auth import current_user
from .layout import is_compact
from .page_registry import has_role
from .widgets import compact_status_list, footnote, md, show_chart, status_counts_md, text_or_dash
from .widgets import table as table_

_FLASH = "_area_flash"


def indicators(year_plan: YearPlan, area_id: str) -> tuple[str, ...]:
    """What an area page shows: every sub-target and tracked indicator of its tasks, in plan order."""
    return series.area_indicators(year_plan, area_id)


# ─────────────────────────── tables ───────────────────────────

def subtarget_table(ctx, targets: tuple[TargetFacts, ...]) -> pd.DataFrame:
    """Completed, annual target, completion %, time progress, gap, status — the display facts of each target
    (plantrack.present). Completion and time progress apply to count targets only."""
    rows = []
    # the same period last year, as a column only when some row has it (no empty column otherwise)
    show_last = any(f.last_year_text for f in targets)
    for f in targets:
        rows.append({
            ctx.t("col.indicator"): f.name,
            ctx.t("dash.col.kind"): ctx.t(f"kind.{f.kind}"),
            ctx.t("dash.col.actual"): f.actual_text,
            ctx.t("dash.col.target"): f.target_text,
            ctx.t("dash.col.completion"): f.completion_text,
            ctx.t("dash.col.time_progress"): f.time_progress_text,
            ctx.t("dash.col.gap"): f.gap_text,
            ctx.t("col.status"): f.status.text,
            ctx.t("dash.col.remaining"): f.remaining_text,
            **({ctx.t("dash.col.last_year"): f.last_year_text or "—"} if show_last else {}),
        })
    return pd.DataFrame(rows)


def tracked_table(ctx, tracked: tuple[series.TrackedValue, ...]) -> pd.DataFrame:
    lang = ctx.lang
    return pd.DataFrame([{
        ctx.t("col.indicator"): tv.target.indicator.name(lang),
        ctx.t("dash.col.actual"): fmt_value(tv.value, tv.target.unit, lang) if tv.value is not None
        else ctx.t("dash.area.not_recorded"),
        ctx.t("col.growth"): fmt_rate(tv.growth, lang) if tv.growth is not None else "—",
    } for tv in tracked])


def milestone_table(ctx, ms: pd.DataFrame) -> pd.DataFrame:
    """The checklist: status, milestone, due, date of the status, note, overdue flag."""
    lang = ctx.lang
    rows = []
    for r in ms.itertuples(index=False):
        rows.append({
            ctx.t("col.status"): milestone_label(r.status, lang),
            ctx.t("dash.col.milestone"): r.name_en if lang == "en" else r.name_zh,
            # dates as documents write them (2023年12月31日), never ISO
            ctx.t("dash.col.due"): "—" if not r.due else ctx.t("present.due_inferred", date=date_text(r.due, lang))
            if r.due_inferred else date_text(r.due, lang),
            ctx.t("col.date"): _date_cell(r.status_date, lang),
            ctx.t("col.note"): text_or_dash(r.note) if text_or_dash(r.note) != "—" else "",
            ctx.t("dash.col.overdue"): ctx.t("dash.area.overdue") if r.overdue else "",
        })
    return pd.DataFrame(rows)


def milestone_colours(ctx) -> dict[str, str]:
    """Cell text → colour for the checklist: overdue and delayed in red, done green, in progress blue."""
    from ..model.i18n import STATUS_COLOURS
    return {ctx.t("dash.area.overdue"): STATUS_COLOURS["red"],
            milestone_label("delayed", ctx.lang): STATUS_COLOURS["red"],
            milestone_label("done", ctx.lang): STATUS_COLOURS["green"],
            milestone_label("in_progress", ctx.lang): "#1f4e79"}


def plan_only_table(ctx, task_id: str) -> pd.DataFrame:
    """Without any data for the year: what the plan asks of a task (indicator and annual target)."""
    lang = ctx.lang
    return pd.DataFrame([{
        ctx.t("col.indicator"): t.indicator.name(lang),
        ctx.t("dash.col.target"): target_text(t.target, t.kind, t.unit, lang) if t.target is not None
        else ctx.t("dash.area.tracked_only"),
    } for t in ctx.year_plan.targets_of_task(task_id)])


# ─────────────────────────── editing a milestone ───────────────────────────

def _edit_form(ctx, user, task_id: str, ms: pd.DataFrame) -> None:
    lang = ctx.lang
    names = {r.milestone: (r.name_en if lang == "en" else r.name_zh) for r in ms.itertuples(index=False)}
    with st.expander(ctx.t("dash.area.edit"), icon=":material/edit:"):
        with st.form(key=f"ms_edit_{task_id}", clear_on_submit=True):
            mid = st.selectbox(ctx.t("dash.col.milestone"), list(names), format_func=names.get,
                               key=f"ms_id_{task_id}")
            status = st.selectbox(ctx.t("col.status"), MILESTONE_STATES, format_func=lambda s: milestone_label(s, lang),
                                  key=f"ms_status_{task_id}")
            date = st.date_input(ctx.t("col.date"), value=None, key=f"ms_date_{task_id}")
            note = st.text_input(ctx.t("col.note"), max_chars=500, key=f"ms_note_{task_id}")
            if st.form_submit_button(ctx.t("dash.area.save"), icon=":material/save:"):
                user = current_user()    # re-read: the session may have expired since the page was drawn
                try:
                    res = edit_milestone(ctx.store, ctx.year_plan, user, mid, status, date, note, period=ctx.period,
                                         year=ctx.year)
                except NotAllowed:
                    st.error(ctx.t("auth.need_role.analyst"))
                    return
                st.session_state[_FLASH] = ctx.t("dash.area.saved", name=names[mid], revision=res.revision)
                st.rerun()


# ─────────────────────────── the page ───────────────────────────

def render(ctx, area_id: str) -> None:
    lang, yp = ctx.lang, ctx.year_plan
    area = yp.area(area_id)
    user = current_user()
    may_edit = user is not None and has_role(user.role, "analyst")
    st.title(f"{area.number}. {area.short(lang)}" + (f" · {ctx.period_label()}" if ctx.period else ""))
    st.caption(md(area.name(lang)))
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(md(flash), icon=":material/check_circle:")
    facts: PeriodFacts | None = ctx.facts() if ctx.period else None
    card = facts.card if facts is not None else None
    if card is None:
        st.info(ctx.t("app.no_data_year", year=ctx.year))
    elif not card.has_data:
        st.info(ctx.t("app.no_data_period", period=ctx.period_label()))
    else:
        assessed = facts.of_area(area_id)
        st.markdown(status_counts_md(facts.tally(assessed)))
        what_is_behind(ctx, facts, area_id, assessed, items=not is_compact())
        if is_compact():   # phone: the area's one status list, then the checklists; no per-task charts
            compact_status_list(ctx, assessed)
            for task in yp.tasks_of(area_id):
                ms = series.task_milestones(card, task.id)
                if len(ms):
                    st.markdown(f"**{md(task.number)} {md(task.name(lang))}**")
                    st.markdown(milestone_lines(ctx, ms))
            return
    note = footnote(ctx)
    for task in yp.tasks_of(area_id):
        _task(ctx, facts, task, note, may_edit, user)


def what_is_behind(ctx, facts: PeriodFacts, area_id: str, assessed, items: bool = True) -> None:
    """The first thing on an area page: a sentence, then each red and yellow sub-target, worst first (on a
    phone the sentence alone: the status list right under it is already worst first)."""
    lang = ctx.lang
    behind = [f for f in charts.worst_first(assessed) if f.status.status in ("red", "yellow")]
    ms = facts.card.milestones
    overdue = int(ms[(ms.area == area_id) & ms.overdue].shape[0]) if not ms.empty else 0
    # the box's edge and its sentence in the colour of what it says: a red edge beside "all on schedule" read
    # as trouble at a glance
    level = "red" if overdue or any(f.status.status == "red" for f in behind) else "yellow" if behind else "green"
    with st.container(key=f"behind_{level}_{area_id}"):
        if not behind and not overdue:
            st.markdown(f":green[{md(ctx.t('dash.behind.none'))}]")
            return
        tally = facts.tally(assessed)
        sentence = ctx.t("dash.behind.sentence", parts=tally.phrase(tally.behind()) or "—", total=len(assessed)) \
            if behind else ctx.t("dash.behind.none_behind", total=len(assessed))
        if overdue:
            sentence += ("" if lang == "zh" else " ") + ctx.t("dash.behind.overdue", n=overdue)
        lines = [f":{'red' if level == 'red' else 'orange'}[**{md(sentence)}**]"]
        for f in behind if items else ():
            colour = "red" if f.status.status == "red" else "orange"
            task = ctx.year_plan.task(f.assessment.target.task).name(lang)
            item = ctx.t("dash.behind.item", name=f.name, task=task, actual=f.actual_text,
                         target=f.target_text, gap=f.gap_text)
            lines.append(f"- :{colour}[**{md(f.status.text)}**] {md(item)}")
        st.markdown("\n".join(lines))


def _date_cell(value, lang: str) -> str:
    """A reported date (a date or an ISO text from the ledger) as documents write it: 2023年6月30日."""
    text = text_or_dash(value)
    try:
        return date_text(value if hasattr(value, "year") else dt.date.fromisoformat(text[:10]), lang)
    except ValueError:
        return text


def milestone_lines(ctx, ms: pd.DataFrame) -> str:
    """Milestones as a wrapped list for the phone, overdue first and in red."""
    lang = ctx.lang
    rows = sorted(ms.itertuples(index=False), key=lambda r: (not r.overdue, r.due is None, r.due or dt.date.max))
    out = []
    for r in rows:
        name = md(r.name_en if lang == "en" else r.name_zh)
        due_text = "" if not r.due else ctx.t("present.due_inferred", date=date_text(r.due, lang)) \
            if r.due_inferred else date_text(r.due, lang)
        due = f" · {md(ctx.t('dash.col.due'))} {md(due_text)}" if due_text else ""
        state = md(milestone_label(r.status, lang))
        if r.overdue:
            out.append(f"- :red[**{md(ctx.t('dash.area.overdue'))}**] :red[{name}]{due} · {state}")
        else:
            out.append(f"- {name}{due} · {state}")
    return "\n".join(out)


def _task(ctx, facts, task, note: str, may_edit: bool, user) -> None:
    lang = ctx.lang
    st.divider()
    st.subheader(f"{task.number} {task.name(lang)}")
    sep = "、" if lang == "zh" else ", "
    st.markdown(md(ctx.t("dash.area.units", lead=ctx.year_plan.canonical_unit(task.lead_unit),
                         responsible=sep.join(task.responsible_units))))
    card = facts.card if facts is not None else None
    if card is None:
        table = plan_only_table(ctx, task.id)
        if len(table):
            table_(table)
        _milestones(ctx, task, series.year_milestones(ctx.year_plan, ctx.store, task.id), may_edit, user)
        return
    assessed = facts.of_task(task.id)
    if assessed:
        # One view per task: count targets as the progress chart (its labels carry completion, actual and target,
        # worst first); the other kinds (growth, ceilings, levels) as one table. Never both for the same rows.
        counts = [f for f in assessed if f.spec.chart == "progress"]
        others = [f for f in charts.worst_first(assessed) if f.spec.chart != "progress"]
        if counts:
            title = ctx.t("dash.chart.progress_title", number=task.number, name=task.name(lang))
            show_chart(lambda: charts.progress_chart(counts, lang, note, title),
                       charts.chart_filename(ctx.period, f"area_{task.area}", task.id), key=f"progress_{task.id}",
                       cache=ctx.cache_key + ("progress", task.id))
        if others:
            table_(lambda: subtarget_table(ctx, tuple(others)), status_col=ctx.t("col.status"),
                   cache=ctx.cache_key + ("subtargets", task.id))
    tracked = series.task_tracked(card, task.id)
    if tracked:
        st.markdown("**" + md(ctx.t("dash.area.tracked")) + "**")
        table_(lambda: tracked_table(ctx, tracked), cache=ctx.cache_key + ("tracked", task.id))
    if not assessed and not tracked:
        st.caption(ctx.t("dash.area.no_numbers"))
    _milestones(ctx, task, _task_milestones(ctx.cache_key, task.id, card), may_edit, user)


@st.cache_resource(max_entries=256, show_spinner=False)
def _task_milestones(cache_key: tuple, task_id: str, _card) -> pd.DataFrame:
    """A task's milestones, filtered once per (store generation, view) for every session; read only."""
    return series.task_milestones(_card, task_id)


def _milestones(ctx, task, ms: pd.DataFrame, may_edit: bool, user) -> None:
    if len(ms):
        st.markdown("**" + md(ctx.t("dash.area.milestones", n=len(ms))) + "**")
        table_(lambda: milestone_table(ctx, ms), cache=ctx.cache_key + ("milestones", task.id),
               colours=milestone_colours(ctx))
        if may_edit:
            _edit_form(ctx, user, task.id, ms)

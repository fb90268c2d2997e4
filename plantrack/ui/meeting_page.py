"""汇报模式: a full-screen slide sequence for the projector — the five headline cards, the red items, then
each work-task area — in large type, without the sidebar or Streamlit's chrome.

Next / previous: the buttons under the slide, the arrow keys, and Page Up / Page Down (what presenter clickers
send). The key listener is a constant script that clicks those same buttons, so keyboard and mouse share one
code path. Optional timed advance: a fragment that reruns every N seconds (st.fragment(run_every=…)) and moves
on when N seconds have passed since the last change, looping to the first slide after the last.

Safety: the CSS and the script are constants of this module; no data is ever put into unsafe HTML. Data reaches
the slide through st.markdown of escaped text (colour badges are Streamlit markdown directives).
"""
from __future__ import annotations

import time

import streamlit as st

from ..model.i18n import MILESTONE_ICONS, milestone_label
from ..present import charts, series
from ..present.meeting_slides import Slide, build_slides, slide_index
from . import whatif_panel as whatif
from .context import ViewContext
from .layout import is_compact
from .widgets import compact_status_list, headline_card, md, show_chart

BADGE = {"green": "green", "yellow": "orange", "red": "red", "no_data": "gray"}
MS_BADGE = {"done": "green", "in_progress": "blue", "not_started": "gray", "delayed": "red", "not_reported": "violet"}
AUTO_CHOICES = (15, 30, 60, 120)

# Our own CSS, constant: hide the sidebar, header, toolbar and footer; projector-sized type on the stage (never
# below 24 px); the presenter controls float over the bottom edge and show only after the mouse moves or a key
# is pressed (KEYS_JS sets body.pt-presenting for a few seconds), so the projected slide is the slide alone.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.0rem 2.2rem 0.4rem !important; }
.st-key-meeting_stage { min-height: calc(100vh - 1.6rem); gap: 0.7rem !important; }
.st-key-meeting_stage h1 { font-size: 2.7rem !important; line-height: 1.2; padding: 0 0 0.2rem 0;
  overflow-wrap: anywhere; }
.st-key-meeting_stage h2 { font-size: 2.2rem !important; }
.st-key-meeting_stage h3 { font-size: 1.9rem !important; }
.st-key-meeting_stage [data-testid="stMarkdownContainer"] p,
.st-key-meeting_stage [data-testid="stMarkdownContainer"] li,
.st-key-meeting_stage [data-testid="stMarkdownContainer"] td,
.st-key-meeting_stage [data-testid="stMarkdownContainer"] th { font-size: 1.6rem !important; line-height: 1.38;
  overflow-wrap: anywhere; }
.st-key-meeting_stage [data-testid="stMarkdownContainer"] li { margin-bottom: 0.15rem; }
.st-key-meeting_stage [data-testid="stMarkdownContainer"] span { font-size: inherit; }
.st-key-meeting_stage [class*="st-key-figure_"] p { font-size: 3.6rem !important; }
.st-key-meeting_stage [class*="st-key-chip_"] p { font-size: 1.7rem !important; }
.st-key-meeting_stage [class*="st-key-gap_"] p { font-size: 1.8rem !important; }
.st-key-meeting_stage [class*="st-key-cardname_"] p { font-size: 1.7rem !important; }
.st-key-meeting_stage [class*="st-key-change_"] p { font-size: 1.5rem !important; }
.st-key-meeting_stage .stMarkdownBadge { font-size: 1.5rem !important; font-weight: 700; padding: 0.05em 0.4em; }
.st-key-meeting_stage [data-testid="stHeaderActionElements"] { display: none !important; }
.st-key-meeting_stage [data-testid="stCaptionContainer"] p { font-size: 1.5rem !important; }
.st-key-meeting_stage table { width: 100%; }
/* 红灯事项: the table fills the slide below its title; rows share the height, type as large as fits */
.st-key-meeting_stage [class*="st-key-red_table_"] table { height: calc(100vh - 15rem); }
.st-key-meeting_stage [class*="st-key-red_table_"] td, .st-key-meeting_stage [class*="st-key-red_table_"] th {
  font-size: 1.75rem !important; line-height: 1.3; overflow-wrap: normal; word-break: keep-all; }
.st-key-meeting_stage .st-key-red_table_roomy td, .st-key-meeting_stage .st-key-red_table_roomy th {
  font-size: 2.2rem !important; }
.st-key-meeting_stage [class*="st-key-red_table_"] td:nth-child(1),
.st-key-meeting_stage [class*="st-key-red_table_"] td:nth-child(3),
.st-key-meeting_stage [class*="st-key-red_table_"] td:nth-child(4) { white-space: nowrap; }
.st-key-meeting_stage [class*="st-key-red_table_"] th { color: #555555; font-weight: 600; }
.st-key-meeting_stage td:nth-child(4) { white-space: nowrap; }
.st-key-meeting_stage td, .st-key-meeting_stage th { padding: 0.25rem 0.5rem !important; }
.st-key-meeting_controls { position: fixed !important; left: 0; right: 0; bottom: 0; z-index: 1000;
  background: rgba(255, 255, 255, 0.96); border-top: 1px solid #cccccc; padding: 0.5rem 2.2rem !important;
  opacity: 0; pointer-events: none; transition: opacity 0.25s; }
.st-key-meeting_settings { position: fixed !important; left: 0; right: 0; bottom: 3.9rem; z-index: 1000;
  background: rgba(255, 255, 255, 0.96); padding: 0.3rem 2.2rem !important;
  opacity: 0; pointer-events: none; transition: opacity 0.25s; }
body.pt-presenting .st-key-meeting_controls, body.pt-presenting .st-key-meeting_settings {
  opacity: 1; pointer-events: auto; }
.st-key-meeting_controls p { font-size: 1.1rem !important; }
/* a shared meeting link opened on a phone: readable and inside the screen, not projector-sized */
@media (max-width: 480px) {
  [data-testid="stMainBlockContainer"] { padding: 0.6rem 0.6rem 0.4rem !important; }
  .st-key-meeting_stage h1 { font-size: 1.5rem !important; }
  .st-key-meeting_stage [data-testid="stMarkdownContainer"] p,
  .st-key-meeting_stage [data-testid="stMarkdownContainer"] li,
  .st-key-meeting_stage [data-testid="stMarkdownContainer"] td,
  .st-key-meeting_stage [data-testid="stMarkdownContainer"] th { font-size: 0.95rem !important; }
  .st-key-meeting_stage .stMarkdownBadge { font-size: 0.95rem !important; }
  .st-key-meeting_stage td:nth-child(4) { white-space: normal; }
  .st-key-meeting_stage [class*="st-key-figure_"] p { font-size: 2.2rem !important; }
  .st-key-meeting_stage [class*="st-key-chip_"] p, .st-key-meeting_stage [class*="st-key-gap_"] p,
  .st-key-meeting_stage [class*="st-key-cardname_"] p { font-size: 1.1rem !important; }
  .st-key-meeting_controls, .st-key-meeting_settings { padding: 0.3rem 0.6rem !important; }
}
.st-key-meeting_controls button { min-height: 2.6rem; font-size: 1.2rem; }
</style>
"""

# Constant script: arrow keys and Page Up/Down click the slide buttons; a mouse move or a key shows the
# presenter controls for a few seconds. Installed once per browser tab.
KEYS_JS = """
<script>
(function () {
  var w = (window.parent && window.parent.document) ? window.parent : window;
  if (w.__plantrackMeetingKeys) { return; }
  w.__plantrackMeetingKeys = true;
  var NEXT = ["ArrowRight", "ArrowDown", "PageDown"];
  var PREV = ["ArrowLeft", "ArrowUp", "PageUp"];
  var hideTimer = null;
  function present() {
    var body = w.document.body;
    if (!body) { return; }
    body.classList.add("pt-presenting");
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      var c = w.document.querySelector(".st-key-meeting_controls");
      if (c && c.matches(":hover")) { present(); return; }     /* keep them while the pointer is on them */
      body.classList.remove("pt-presenting");
    }, 3500);
  }
  /* Chromium sends a mousemove when the page changes under a still pointer: only a real move counts */
  var lastX = null, lastY = null;
  w.document.addEventListener("mousemove", function (e) {
    var moved = lastX !== null && (Math.abs(e.screenX - lastX) + Math.abs(e.screenY - lastY)) > 2;
    lastX = e.screenX; lastY = e.screenY;
    if (moved) { present(); }
  }, true);
  w.document.addEventListener("keydown", function (e) {
    present();
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) { return; }
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var which = NEXT.indexOf(e.key) >= 0 ? "next" : (PREV.indexOf(e.key) >= 0 ? "prev" : null);
    if (!which) { return; }
    var button = w.document.querySelector(".st-key-meeting_" + which + " button");
    if (!button) { return; }          /* not in meeting mode: leave the key alone */
    e.preventDefault();
    if (!button.disabled) { button.click(); }
  }, true);
})();
</script>
"""


def badge(status) -> str:
    """A target's status (plantrack.present StatusFacts): colour, icon and its own label."""
    return f":{BADGE[status.status]}-badge[{md(status.text)}]"


def ms_badge(state: str, lang: str) -> str:
    return f":{MS_BADGE[state]}-badge[{md(milestone_label(state, lang))}]"


# ─────────────────────────── navigation state ───────────────────────────

def _go(n_slides: int, step: int, wrap: bool = False) -> None:
    i = st.session_state.get("meeting_index", 0) + step
    st.session_state["meeting_index"] = i % n_slides if wrap else max(0, min(n_slides - 1, i))
    st.session_state["meeting_changed_at"] = time.monotonic()


def _start_index(slides: list[Slide]) -> int:
    """On the first visit in a session: a shared link's ?slide=KEY or ?area=ID, else the first slide."""
    key = st.query_params.get("slide")
    area = st.session_state.pop("_link_area", None)
    return slide_index(slides, key=key, area=area)


# ─────────────────────────── slides ───────────────────────────

def _district(ctx: ViewContext) -> str:
    """The district in the slide's language (an English title never carries a Chinese name)."""
    return ctx.year_plan.district_en if ctx.lang == "en" else ctx.plan.app.home_district


def _headline_slide(ctx: ViewContext, s: Slide) -> None:
    """The five cards (the dashboard's own, status first) and the five growth paths as small multiples."""
    st.markdown(f"# {md(ctx.t('meeting.headline_title', district=_district(ctx), period=ctx.period_label()))}")
    cols = st.columns(len(s.headline), gap="medium")
    for col, a in zip(cols, s.headline):
        with col:
            headline_card(ctx, a, detail=False)
    card = ctx.scorecard()
    if card is not None and not is_compact():    # a phone gets the cards; the small multiples need a screen
        fig = charts.headline_multiples(series.headline_series(ctx.plan, ctx.store, card), ctx.lang,
                                        charts.footnote(ctx.lang, ctx.period_obj), height=390)
        show_chart(fig, charts.chart_filename(ctx.period, "meeting", "headline"), key="meeting_multiples")


def red_rows(ctx: ViewContext, s: Slide) -> list[list[str]]:
    """The red items as table rows (状态 | 事项 | 实际 / 目标 | 差距或进展 | 所属任务 | 牵头单位), markdown-escaped, in
    the one order of plantrack.present (grouped by kind, worst first). The task is named, never its internal
    number ("完善基础设施", not "任务2.2"); a headline target says 主要目标."""
    rows = []
    for r in s.red:
        task_name = r.task_name or ctx.t("meeting.headline_target")
        lead = r.lead_unit or "—"
        if r.target is not None:
            f = r.target
            rows.append([f":{BADGE[f.status.status]}[**{md(f.status.text)}**]", f"**{md(r.name)}**",
                         md(f"{f.actual_text} / {f.target_text}"), md(f.gap_text), md(task_name), md(lead)])
        else:
            detail = r.state_text + (("，" if ctx.lang == "zh" else ", ") + ctx.t("meeting.due", date=r.due_text)
                                     if r.due_text else "")
            rows.append([f":red[**{md(MILESTONE_ICONS['delayed'] + ' ' + ctx.t('meeting.overdue'))}**]",
                         f"**{md(r.name)}**", "—", md(detail), md(task_name), md(lead)])
    return rows


def _part(ctx: ViewContext, s: Slide) -> str:
    """A continued slide's place in its run: （1/3） in Chinese titles (full-width brackets), " (1/3)" in English."""
    if s.pages <= 1:
        return ""
    return f"（{s.page}/{s.pages}）" if ctx.lang == "zh" else f" ({s.page}/{s.pages})"


def _red_slide(ctx: ViewContext, s: Slide) -> None:
    """红灯事项 as one table that fills the slide: the fewer the rows, the larger the type (never under 24 px)."""
    st.markdown(f"# {md(ctx.t('meeting.red_title'))}{md(_part(ctx, s))}")
    if not s.red:
        st.markdown(":green-badge[" + md("✔ " + ctx.t("meeting.no_red")) + "]")
        return
    if is_compact():   # a shared link on a phone: one item per row, the rest of the row under its name
        items = [f"- {r[0]} {r[1]}  \n  " + " · ".join(x for x in r[2:] if x not in ("—", ""))
                 for r in red_rows(ctx, s)]
        with st.container(key="statuslist"):
            st.markdown("\n".join(items))
        return
    head = [ctx.t(f"meeting.red_col.{k}") for k in ("status", "item", "figure", "gap", "task", "lead")]
    lines = ["| " + " | ".join(md(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in red_rows(ctx, s)]
    # density by the number of rows (a constant class name, no data in the style): few rows, large type
    density = "roomy" if len(s.red) <= 6 else "full"
    with st.container(key=f"red_table_{density}"):
        st.markdown("\n".join(lines))


def _target_line(ctx: ViewContext, f) -> str:
    name = md(f.name)
    if f.spec.chart == "growth":
        fig = ctx.t("meeting.growth_line", actual=f.actual_text, target=f.target_text, gap=f.gap_text)
    elif f.spec.chart == "progress":
        fig = ctx.t("meeting.count_line", actual=f.actual_text, target=f.target_text,
                    completion=f.completion_text, progress=f.time_progress_text)
        if f.year_end and f.shortfall_text:
            fig += ("，" if ctx.lang == "zh" else ", ") + f.shortfall_text
    else:   # ceilings and held levels: the rate against the target as the model writes it (≤5%, 保持100%)
        key = "meeting.ceiling_line" if f.spec.operator == "≤" else "meeting.level_line"
        fig = ctx.t(key, actual=f.actual_text, target=f.target_text)
    return f"- {badge(f.status)} **{name}** · {md(fig)}"


def _area_slide(ctx: ViewContext, s: Slide) -> None:
    """One area: its counts, the status table (指标 | 实际 | 目标 | 差距 | 状态, worst first) beside the progress
    chart of its count targets, and the overdue milestones in red."""
    lang = ctx.lang
    area = ctx.year_plan.area(s.area)
    st.markdown(f"# {area.number}\\. {md(area.name(lang))}{md(_part(ctx, s))}")
    st.markdown(" ".join(f":{BADGE[k]}-badge[{md(text)} {n}]" for k, text, n in s.counts.items()))
    counts = [f for f in s.targets if f.spec.chart == "progress"] if not is_compact() else []   # phone: the table
    if s.targets:
        left, right = st.columns([11, 9] if counts else [1, 0.001], gap="large")
        with left:
            compact_status_list(ctx, s.targets)
        if counts:
            with right:
                fig = charts.progress_chart(counts, lang, charts.footnote(lang, ctx.period_obj), "",
                                            amounts=False)
                fig.update_layout(height=min(680, 190 + 56 * len(counts)), margin=dict(t=70, r=20),
                                  font=dict(size=17))
                show_chart(fig, charts.chart_filename(ctx.period, "meeting", s.area), key=f"meeting_{s.key}")
    else:
        st.markdown(md(ctx.t("meeting.no_targets")))
    ms = s.milestones
    if s.page == s.pages and ms is not None and not ms.empty:
        counts_ms = ms.status.value_counts()
        summary = " ".join(f"{ms_badge(k, lang)} {int(counts_ms.get(k, 0))}"
                           for k in ("done", "in_progress", "not_started", "delayed", "not_reported"))
        overdue = ms[ms.overdue]
        line = f"**{md(ctx.t('meeting.milestones'))}** {summary}"
        if len(overdue):
            names = ("、" if lang == "zh" else ", ").join(
                (r.name_en if lang == "en" else r.name_zh) for r in overdue.head(3).itertuples(index=False))
            more = ctx.t("meeting.more", n=len(overdue) - 3) if len(overdue) > 3 else ""
            line += "  \n" + f":red-badge[{md(ctx.t('meeting.overdue'))} {len(overdue)}] :red[{md(names + more)}]"
        st.markdown(line)


def _empty_slide(ctx: ViewContext) -> None:
    st.markdown(f"# {md(ctx.t('nav.meeting'))}")
    if ctx.period:
        st.markdown(md(ctx.t("app.no_data_period", period=ctx.period_label())))
    else:
        st.markdown(md(ctx.t("app.no_data_year", year=ctx.year)))


RENDERERS = {"headline": _headline_slide, "whatif": whatif.slide, "red": _red_slide, "area": _area_slide}


# ─────────────────────────── page ───────────────────────────

def render(ctx: ViewContext) -> None:
    st.html(CSS)
    st.html(KEYS_JS, unsafe_allow_javascript=True)
    slides = build_slides(ctx.scorecard(), ctx.lang, ctx.facts())
    n = len(slides)
    if "meeting_index" not in st.session_state:
        st.session_state["meeting_index"] = _start_index(slides)
        st.session_state["meeting_changed_at"] = time.monotonic()
    st.session_state["meeting_index"] = min(st.session_state["meeting_index"], n - 1)
    auto = bool(st.session_state.get("meeting_auto", False))
    seconds = int(st.session_state.get("meeting_seconds", AUTO_CHOICES[1]))

    @st.fragment(run_every=seconds if auto and n > 1 else None)
    def stage() -> None:
        if auto and n > 1 and time.monotonic() - st.session_state.get("meeting_changed_at", 0) >= seconds - 0.5:
            _go(n, +1, wrap=True)
        i = st.session_state["meeting_index"]
        slide = slides[i]
        if st.query_params.get("slide") != slide.key:
            st.query_params["slide"] = slide.key    # the link opens this slide
        with st.container(key="meeting_stage"):
            if slide.kind == "empty":
                _empty_slide(ctx)
            else:
                RENDERERS[slide.kind](ctx, slide)
        with st.container(key="meeting_controls"):
            prev_col, pos_col, next_col = st.columns([1, 2, 1], vertical_alignment="center")
            prev_col.button(ctx.t("meeting.prev"), key="meeting_prev", icon=":material/arrow_back:",
                            on_click=_go, args=(n, -1), disabled=i == 0, width="stretch")
            pos_col.markdown(md(ctx.t("meeting.position", i=i + 1, n=n, period=ctx.period_label(),
                                      keys=ctx.t("meeting.keys")))
                             + (f"  \n:orange-badge[{md(ctx.t('meeting.sample'))}]" if ctx.sample_shown else ""))
            next_col.button(ctx.t("meeting.next"), key="meeting_next", icon=":material/arrow_forward:",
                            on_click=_go, args=(n, +1), disabled=i == n - 1, width="stretch")

    stage()
    with st.container(key="meeting_settings"):
        c1, c2, c3 = st.columns([1, 1, 2], vertical_alignment="center")
        c1.toggle(ctx.t("meeting.auto"), key="meeting_auto")
        c2.selectbox(ctx.t("meeting.seconds"), AUTO_CHOICES, key="meeting_seconds", index=1,
                     label_visibility="collapsed", format_func=lambda x: ctx.t("meeting.every", s=x))
        with c3:
            _exit_link(ctx)


def _exit_link(ctx: ViewContext) -> None:
    try:
        st.page_link("pages/overview.py", label=ctx.t("meeting.exit"), icon=":material/close_fullscreen:")
    except Exception:   # no overview page in this navigation (tests, a trimmed registry): nothing to link to
        pass

"""情景测算 on the overview and in meeting mode: for each headline indicator a number per remaining quarter
(default: the required pace), the projected full year with the status it would have and the gap, and the
dashed projection on the trajectory chart. The scenario lives in the link (?whatif=gdp:Q3=7.5,Q4=8) so it can
be shared; it is kept in the session only — never stored, never mixed into the reported figures — and every
view of it says 测算.
"""
from __future__ import annotations

import streamlit as st

from ..model.i18n import fmt_pp, fmt_rate, t
from ..model.plan import get_plan
from ..present import charts, series
from ..present.whatif import (
    Projection,
    Scenario,
    ScenarioError,
    check_scenario,
    comparable_bases,
    defaults_text,
    format_scenario,
    parse_scenario,
    project,
    reason_text,
    remaining_spans,
    round_half_up,
    scenario_title,
    span_label,
    status_of,
    status_rule,
    still_needed_text,
)
from ..present.whatif_chart import add_projection
from .context import store_at
from .widgets import STATUS_TEXT, md, show_chart, status_badge

PARAM = "whatif"
STATE = "_whatif_scenario"      # the session's scenario: indicator → {quarter: growth %}


@st.cache_data(max_entries=32, show_spinner=False)
def _bases(store_path: str, period: str, generation):
    # `generation` keys the cache to the store's content, like context.cached_scorecard.
    return comparable_bases(get_plan(), store_at(store_path), period)


def scenario(ctx) -> Scenario:
    """The session's scenario, limited to the quarters still to come at the selected period.

    On the session's first run it is read from the link; a scenario that cannot apply falls back to none with
    a notice, like any bad parameter."""
    if "_whatif_init" not in st.session_state:
        st.session_state["_whatif_init"] = True
        raw, found = st.query_params.get(PARAM), {}
        if raw:
            try:
                found = parse_scenario(raw)
                check_scenario(found, ctx.year_plan, ctx.period_obj)
            except ScenarioError:
                found = {}
                notice = t("app.bad_param", ctx.lang, name=PARAM, value=raw)
                st.toast(md(notice))
                st.info(md(notice))
        st.session_state[STATE] = found
    spans = {k for k, _, _ in remaining_spans(ctx.period_obj)} if ctx.period_obj else set()
    headline = {x.id for x in ctx.year_plan.headline}
    out = {}
    for iid, rates in st.session_state.get(STATE, {}).items():
        kept = {q: v for q, v in rates.items() if q in spans}
        if iid in headline and kept:
            out[iid] = kept
    return out


def projections(ctx) -> dict[str, Projection]:
    """Every headline indicator under the session's scenario (nothing set: all at the required pace)."""
    if ctx.period is None:
        return {}
    chosen = scenario(ctx)
    bases = _bases(str(ctx.store.path), ctx.period, ctx.generation)
    return {b.indicator.id: project(b, chosen.get(b.indicator.id), ctx.plan.status) for b in bases}


def _write_link(ctx, chosen: Scenario) -> None:
    text = format_scenario(chosen, tuple(x.id for x in ctx.year_plan.headline))
    if text:
        if st.query_params.get(PARAM) != text:
            st.query_params[PARAM] = text
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def _key(prefix: str, period: str, iid: str, quarter: str) -> str:
    return f"whatif_{prefix}_{period}_{iid}_{quarter}"


def _changed(iid: str, quarter: str, key: str, default: float) -> None:
    """A number was edited: set that quarter (or unset it when put back on the required pace)."""
    chosen = st.session_state.setdefault(STATE, {})
    value = st.session_state[key]
    rates = chosen.setdefault(iid, {})
    if value is None or round_half_up(value, 4) == round_half_up(default, 4):
        rates.pop(quarter, None)
    else:
        rates[quarter] = float(value)
    if not rates:
        chosen.pop(iid, None)


def _reset(prefix: str, period: str) -> None:
    st.session_state[STATE] = {}
    for k in [k for k in st.session_state if str(k).startswith(f"whatif_{prefix}_{period}_")]:
        del st.session_state[k]


def panel(ctx, prefix: str = "ov") -> dict[str, Projection]:
    """The inputs and the projected full years; returns the projections for the charts. `prefix` keeps the
    overview's and meeting mode's widgets apart."""
    period = ctx.period_obj
    out = projections(ctx)
    _write_link(ctx, scenario(ctx))
    if period is None or not remaining_spans(period):
        st.caption(md(t("whatif.reason.year_end", ctx.lang)))
        return out
    lang = ctx.lang
    st.caption(md(t("whatif.panel_help", lang, period=period.label(lang, with_year=True))) + "  \n"
               + md(status_rule(ctx.plan.status, lang)))
    spans = remaining_spans(period)
    for target in ctx.year_plan.headline:
        p = out.get(target.id)
        name = target.indicator.short(lang)
        cols = st.columns([2.2] + [1.1] * len(spans) + [3.2], vertical_alignment="bottom")
        with cols[0]:
            note = t("whatif.required_note", lang, current=fmt_rate(p.base.growth, lang),
                     pace=fmt_rate(p.required_pace, lang)) if p.required_pace is not None else \
                t("whatif.current_only", lang, current=fmt_rate(p.base.growth, lang))
            st.markdown(f"**{md(name)}**  \n" + md(note))
        if p.reason is not None and p.reason != "no_quarter_level":
            cols[-1].markdown(md(reason_text(p, lang)))
            continue
        for col, (q, _, _) in zip(cols[1:], spans):
            key = _key(prefix, ctx.period, target.id, q)
            default = round_half_up(p.required_pace, 1)
            if key not in st.session_state:
                st.session_state[key] = p.rates.get(q, default) if q in p.set_quarters else default
            span = span_label(period, q, lang)
            col.number_input(t("whatif.input_label", lang, span=span), key=key, step=0.5, format="%.1f",
                             min_value=-99.9, max_value=999.0, on_change=_changed, args=(target.id, q, key, default),
                             help=t("whatif.input_help", lang, name=target.indicator.name(lang), span=span,
                                    pace=fmt_rate(p.required_pace, lang)))
        with cols[-1]:
            if p.full_year_growth is None:
                st.markdown(md(reason_text(p, lang)))
            else:
                gap = t("whatif.gap_text", lang, value=fmt_pp(p.gap, lang))
                needed = ("；" if lang == "zh" else "; ").join(
                    x for x in (defaults_text(p, lang), still_needed_text(p, lang)) if x)
                st.markdown(status_badge(status_of(p, lang)) + " " + md(t("whatif.result", lang,
                                                                      value=fmt_rate(p.full_year_growth, lang),
                                                                      gap=gap))
                            + (f"  \n{md(needed)}" if needed else ""))
    if scenario(ctx):
        st.button(t("whatif.reset", lang), key=f"whatif_reset_{prefix}", icon=":material/restart_alt:",
                  on_click=_reset, args=(prefix, ctx.period))
    return out


def overview_section(ctx) -> dict[str, Projection]:
    """The overview's 情景测算 block: open when a scenario is set (e.g. from a shared link)."""
    if ctx.period_obj is None or not remaining_spans(ctx.period_obj):
        return {}
    with st.expander(t("whatif.panel_title", ctx.lang), expanded=bool(scenario(ctx)), icon=":material/calculate:"):
        return panel(ctx, "ov")


def compact_section(ctx) -> None:
    """A phone's 情景测算 (the compact overview has no inputs): a shared ?whatif= link shows its scenario there too
    — for each indicator it sets, the projected status word and name, then the quarters set, the projected full
    year and the gap, every line marked 测算. Nothing when no scenario is set."""
    if ctx.period_obj is None or not remaining_spans(ctx.period_obj):
        return
    chosen = [p for p in projections(ctx).values() if p.is_set]
    if not chosen:
        return
    lang, period = ctx.lang, ctx.period_obj
    items = []
    for p in chosen:
        status = status_of(p, lang)
        # a figure and its unit stay together on a phone (no-break spaces inside a value, as the status list)
        rates = ("、" if lang == "zh" else "; ").join(
            t("whatif.rate_set", lang, span=span_label(period, q, lang), value=fmt_rate(p.rates[q], lang))
            for q in p.set_quarters)
        if p.full_year_growth is None:
            figures = reason_text(p, lang)
        else:
            figures = " · ".join([
                t("whatif.projected", lang, value=fmt_rate(p.full_year_growth, lang).replace(" ", "\u00a0")),
                t("whatif.gap", lang, value=fmt_pp(p.gap, lang).replace(" ", "\u00a0"))])
        needed = still_needed_text(p, lang)
        items.append(f"- :{STATUS_TEXT[status.status]}[**{md(status.text)}**] **{md(p.base.indicator.short(lang))}**"
                     f"  \n  {md(rates)}  \n  {md(figures)}" + (f"  \n  {md(needed)}" if needed else ""))
    st.markdown(f"**{md(t('whatif.panel_title', lang))}**")
    with st.container(key="statuslist_whatif"):    # the status list's style (layout.STYLE)
        st.markdown("\n".join(items))


def decorate(fig, projected: dict[str, Projection], indicator_id: str, lang: str):
    """The trajectory chart with the dashed projection, when the scenario sets that indicator."""
    p = projected.get(indicator_id)
    return add_projection(fig, p, lang) if p is not None and p.is_set else fig


def active_note(ctx, projected: dict[str, Projection]) -> None:
    if any(p.is_set and p.full_year_growth is not None for p in projected.values()):
        st.caption(md(t("whatif.active_note", ctx.lang)))


# Constant: the numbers typed on the projector read at the slide's type size.
SLIDE_CSS = """
<style>
.st-key-meeting_stage [data-testid="stNumberInput"] input { font-size: 1.8rem !important; min-height: 3.2rem; }
</style>
"""


def slide(ctx, s) -> None:
    """Meeting mode's 情景测算 slide: the same panel in projector type."""
    period = ctx.period_obj
    st.html(SLIDE_CSS)
    st.markdown(f"# {md(t('whatif.slide_title', ctx.lang, title=scenario_title(period, ctx.lang)))}")
    projected = panel(ctx, "mt")
    chosen = [p for p in projected.values() if p.is_set and p.full_year_growth is not None]
    if not chosen:
        return
    # the indicators the meeting has set, each on its trajectory with the dashed projection
    by_id = {x.indicator.id: x for x in series.headline_series(ctx.plan, ctx.store, ctx.scorecard())}
    note = charts.footnote(ctx.lang, ctx.period_obj)
    for col, p in zip(st.columns(max(len(chosen), 2)), chosen):
        with col:
            fig = add_projection(charts.growth_chart(by_id[p.id], ctx.lang, note), p, ctx.lang)
            show_chart(fig, charts.chart_filename(ctx.period, "meeting_whatif", p.id), key=f"whatif_chart_{p.id}")

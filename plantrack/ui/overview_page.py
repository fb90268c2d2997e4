"""总览: five headline cards, growth through the year against the target, the status of every sub-target."""
from __future__ import annotations

import streamlit as st

from ..model.plan import get_plan
from ..present import PeriodFacts, charts, series
from . import whatif_panel as whatif
from .context import cached_scorecard, store_at
from .layout import is_compact
from .widgets import compact_status_list, footnote, headline_card, md, show_chart, status_counts_md

PAGE = "overview"


def indicators(year_plan) -> tuple[str, ...]:
    """What this page shows: the headline targets (the area pages show the rest)."""
    return series.overview_indicators(year_plan)


@st.cache_data(max_entries=32, show_spinner=False)
def _headline_series(store_path: str, period: str, generation: tuple[int, int]):
    # `generation` keys the cache to the store's content, like context.cached_scorecard.
    card = cached_scorecard(store_path, period, generation)
    return series.headline_series(get_plan(), store_at(store_path), card)


def render(ctx) -> None:
    lang = ctx.lang
    st.title(f"{ctx.t('nav.overview')} · {ctx.period_label()}" if ctx.period else ctx.t("nav.overview"))
    district = ctx.year_plan.district_en if lang == "en" else ctx.year_plan.district_zh
    st.caption(md(f"{ctx.year_plan.title(lang)} · {district}"))
    if ctx.period is None:
        st.info(ctx.t("app.no_data_year", year=ctx.year))
        _area_links(ctx, None)
        return
    card = ctx.scorecard()
    facts = ctx.facts()
    if not card.has_data:
        st.info(ctx.t("app.no_data_period", period=ctx.period_label()))

    if is_compact():   # phone: one status list, worst first, then each area's counts; charts left out
        compact_status_list(ctx, facts.headline, ctx.t("dash.overview.headline"))
        whatif.compact_section(ctx)     # a shared scenario link shows its scenario on a phone too
        _area_links(ctx, facts)
        return
    st.subheader(ctx.t("dash.overview.headline"))
    cols = st.columns(len(facts.headline))
    for col, f in zip(cols, facts.headline):
        with col:
            headline_card(ctx, f)
    projected = whatif.overview_section(ctx)    # 情景测算: its dashed projections go on the charts below

    st.subheader(ctx.t("dash.overview.growth"))
    whatif.active_note(ctx, projected)
    note = footnote(ctx)
    scenario_set = {i for i, p in projected.items() if p.is_set}   # this session's own projection: not shared
    all_series = _headline_series(str(ctx.store.path), ctx.period, ctx.generation)
    for i in range(0, len(all_series), 2):
        cols = st.columns(2)
        for col, s in zip(cols, all_series[i:i + 2]):
            with col:
                show_chart(lambda s=s: whatif.decorate(charts.growth_chart(s, lang, note), projected, s.indicator.id,
                                                       lang),
                           charts.chart_filename(ctx.period, PAGE, s.indicator.id), key=f"growth_{s.indicator.id}",
                           cache=None if s.indicator.id in scenario_set else ctx.cache_key + ("growth", s.indicator.id))

    st.subheader(ctx.t("dash.overview.subtargets"))
    left, right = st.columns(2)
    with left:
        show_chart(lambda: charts.status_summary_chart(facts.tally(), lang, note),
                   charts.chart_filename(ctx.period, PAGE, "status_summary"), key="status_summary",
                   cache=ctx.cache_key + ("status_summary",))
    with right:
        _area_links(ctx, facts)


def _area_links(ctx, facts: PeriodFacts | None) -> None:
    """Each area: a link to its page and, with data, its counts by status (plantrack.present) and overdue
    milestones."""
    overdue = series.area_status_counts(facts.card).set_index("area").overdue if facts is not None else None
    for area in ctx.year_plan.areas:
        with st.container(border=True):
            st.page_link(f"pages/area_{area.id}.py", label=f"{area.number}. {area.name(ctx.lang)}",
                         icon=":material/arrow_forward:")
            if facts is not None:
                # an area without sub-targets says so (an empty card read as a fault)
                line = status_counts_md(facts.tally(facts.of_area(area.id))) or \
                    f":gray-badge[{md(ctx.t('dash.chart.no_subtargets'))}]"
                if int(overdue[area.id]):
                    line += " " + md(ctx.t("dash.overview.overdue", n=int(overdue[area.id])))
                st.markdown(line)

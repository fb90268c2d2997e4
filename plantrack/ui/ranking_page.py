"""全市排名: the district's growth against the other districts and the city, rank and change, per headline
indicator; a bar chart per indicator with the home district highlighted and the city total as a line."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..analysis.city_ranking import (
    Ranking,
    change_text,
    city_periods,
    headline_rankings,
    ranking_period,
    ranking_sentence,
)
from ..model.i18n import fmt_pp, fmt_rate, t
from ..model.periods import parse_key
from ..model.plan import get_plan
from ..present.charts import chart_config, chart_filename, footnote, ranking_chart
from .auth import current_user
from .context import ViewContext, store_at
from .layout import is_compact
from .page_registry import has_role
from .widgets import compact_table, md, table


@st.cache_data(max_entries=32, show_spinner=False)
def cached_rankings(store_path: str, period: str, generation: tuple[int, int]) -> list[Ranking]:
    # `generation` is part of the cache key: any import, edit or rollback invalidates the entry.
    return headline_rankings(get_plan(), store_at(store_path), period)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_city_periods(store_path: str, year: int, home: str, generation: tuple[int, int]) -> list[str]:
    return city_periods(store_at(store_path), year, home)


def rankings(ctx: ViewContext, period: str | None = None) -> list[Ranking]:
    period = period or ctx.period
    return cached_rankings(str(ctx.store.path), period, ctx.store.generation()) if period else []


def choose_period(ctx: ViewContext) -> str | None:
    """The period to rank: the latest with a city table (at or before the sidebar's), a choice among those
    periods, and a line saying so when it is not the sidebar's period."""
    with_city = cached_city_periods(str(ctx.store.path), ctx.year, ctx.plan.app.home_district,
                                    ctx.store.generation())
    default = ranking_period(with_city, ctx.period)
    if default is None:
        return None
    if len(with_city) > 1:
        key = f"ranking_period_{ctx.year}_{ctx.period}"
        if st.session_state.get(key) not in with_city:
            st.session_state[key] = default
        chosen = st.selectbox(ctx.t("ranking.period_choice"), with_city, key=key,
                              format_func=lambda k: ctx.period_label(k))
    else:
        chosen = default
    if chosen != ctx.period:
        st.info(ctx.t("ranking.other_period", shown=ctx.period_label(chosen), chosen=ctx.period_label()),
                icon=":material/event:")
    return chosen


def rank_text(r: Ranking, lang: str) -> str:
    if r.home_rank is None:
        return "—"
    if r.n_ranked > 1:
        return t("ranking.rank_of", lang, rank=r.home_rank, n=r.n_ranked)
    return t("ranking.rank_only", lang, rank=r.home_rank)


def summary_frame(ctx: ViewContext, rs: list[Ranking]) -> pd.DataFrame:
    rows = []
    for r in rs:
        home = r.home_row
        growth = home.growth_pct if home else None
        city = r.city.growth_pct if r.city else None
        rows.append({ctx.t("ranking.col_indicator"): ctx.plan.indicator(r.indicator).name(ctx.lang),
                     ctx.t("ranking.col_growth"): fmt_rate(growth),
                     ctx.t("ranking.col_city"): fmt_rate(city),
                     ctx.t("ranking.col_vs_city"): fmt_pp(None if growth is None or city is None else growth - city,
                                                          ctx.lang),
                     ctx.t("ranking.col_rank"): rank_text(r, ctx.lang),
                     ctx.t("ranking.col_change"): change_text(r, ctx.lang) or "—"})
    return pd.DataFrame(rows)


def render(ctx: ViewContext) -> None:
    st.title(ctx.t("ranking.title"))
    st.caption(ctx.t("ranking.caption", district=ctx.plan.app.home_district))
    if not ctx.period:
        st.info(ctx.t("app.no_data_year", year=ctx.year))
        return
    period = choose_period(ctx) or ctx.period
    rs = rankings(ctx, period)
    label = ctx.period_label(period)
    user = current_user()
    # only someone who can upload is told to upload
    no_data = "ranking.no_data" if user is not None and has_role(user.role, "analyst") else "ranking.no_data_viewer"
    if not any(r.has_data for r in rs):
        st.info(ctx.t(no_data, period=label))
        return
    frame = summary_frame(ctx, rs)
    if is_compact():   # phone: indicator, growth, city, rank — wrapped, nothing off screen
        compact_table(frame[[frame.columns[i] for i in (0, 1, 2, 4)]], "ranking")
    else:
        table(frame)
    sentences = [s for s in (ranking_sentence(r, ctx.plan, ctx.lang) for r in rs) if s]
    if sentences:
        st.markdown(f"**{ctx.t('ranking.summary')}:** " + ("；" if ctx.lang == "zh" else "; ").join(sentences)
                    + ("。" if ctx.lang == "zh" else "."))
    warnings = [w for r in rs for w in r.warnings]
    if warnings:
        with st.expander(f"{ctx.t('ranking.warnings')} ({len(warnings)})", expanded=True):
            for w in warnings:
                st.warning(md(w))
    tabs = st.tabs([ctx.plan.indicator(r.indicator).short(ctx.lang) for r in rs])
    note = footnote(ctx.lang, parse_key(period))   # the ranking's own period: 数据截至2023年6月底
    for tab, r in zip(tabs, rs):
        with tab:
            st.markdown(ranking_sentence(r, ctx.plan, ctx.lang) or ctx.t(no_data, period=label))
            if r.n_ranked > 1:
                name = chart_filename(period, "ranking", r.indicator)
                st.plotly_chart(ranking_chart(r, ctx.plan, ctx.lang, note), width="stretch", theme=None,
                                key=f"rank_{r.indicator}", config=chart_config(name))
            elif r.home_rank is not None:
                st.info(ctx.t("ranking.only_own"))

"""全市排名: the district's growth against the other districts and the city, rank and change, per headline
indicator; a bar chart per indicator with the home district highlighted and the city total as a line."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..i18n import fmt_pp, fmt_rate, t
from ..plan import get_plan
from ..ranking import Ranking, change_text, headline_rankings, ranking_sentence
from ..charts import chart_config, chart_filename, ranking_chart
from .context import ViewContext, _store
from .widgets import table


@st.cache_data(max_entries=32, show_spinner=False)
def cached_rankings(store_path: str, period: str, generation: tuple[int, int]) -> list[Ranking]:
    # `generation` is part of the cache key: any import, edit or rollback invalidates the entry.
    return headline_rankings(get_plan(), _store(store_path), period)


def rankings(ctx: ViewContext) -> list[Ranking]:
    return cached_rankings(str(ctx.store.path), ctx.period, ctx.store.generation()) if ctx.period else []


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
    rs = rankings(ctx)
    label = ctx.period_label()
    if not any(r.has_data for r in rs):
        st.info(ctx.t("ranking.no_data", period=label))
        return
    table(summary_frame(ctx, rs))
    sentences = [s for s in (ranking_sentence(r, ctx.plan, ctx.lang) for r in rs) if s]
    if sentences:
        st.markdown(f"**{ctx.t('ranking.summary')}:** " + ("；" if ctx.lang == "zh" else "; ").join(sentences)
                    + ("。" if ctx.lang == "zh" else "."))
    warnings = [w for r in rs for w in r.warnings]
    if warnings:
        with st.expander(f"{ctx.t('ranking.warnings')} ({len(warnings)})", expanded=True):
            for w in warnings:
                st.warning(w)
    tabs = st.tabs([ctx.plan.indicator(r.indicator).short(ctx.lang) for r in rs])
    note = ctx.t("app.source_footnote", source=ctx.t("app.data_source"), cutoff=label)
    for tab, r in zip(tabs, rs):
        with tab:
            st.markdown(ranking_sentence(r, ctx.plan, ctx.lang) or ctx.t("ranking.no_data", period=label))
            if r.n_ranked > 1:
                name = chart_filename(ctx.period, "ranking", r.indicator)
                st.plotly_chart(ranking_chart(r, ctx.plan, ctx.lang, note), width="stretch", theme=None,
                                key=f"rank_{r.indicator}", config=chart_config(name))
            elif r.home_rank is not None:
                st.info(ctx.t("ranking.only_own"))

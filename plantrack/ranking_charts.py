"""Figures for the city ranking and meeting mode, as pure functions returning plotly Figures. No streamlit.

(Kept apart from plantrack/charts.py while that module was being written; same conventions: the CJK font
family named explicitly, an explicit template — never Streamlit's, which exports black bars — units on the
axis, a source/cut-off footnote inside the figure.) The home district is told apart by colour *and* a hatch
pattern *and* a "▶" before its name, so it reads on a black-and-white printout.
"""
from __future__ import annotations

import plotly.graph_objects as go

from .i18n import fmt_rate, t
from .plan import Plan
from .ranking import Ranking

FONT_FAMILY = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
FONT_SIZE = 16
HOME_COLOUR = "#c55a11"
OTHER_COLOUR = "#9dc3e6"
CITY_COLOUR = "#222222"
MUTED = "#666666"


def ranking_chart(ranking: Ranking, plan: Plan, lang: str, note: str = "", height: int | None = None) -> go.Figure:
    """Horizontal bars of district growth, highest on top; the home district highlighted; the city total as a
    dashed line. Districts without a growth figure are left out (they have no rank)."""
    ind = plan.indicator(ranking.indicator)
    rows = list(ranking.ranked)
    labels = [(f"▶ {r.region}" if r.is_home else r.region) + f"  ({r.rank})" for r in rows]
    colours = [HOME_COLOUR if r.is_home else OTHER_COLOUR for r in rows]
    fig = go.Figure(go.Bar(
        x=[r.growth_pct for r in rows], y=labels, orientation="h", name=t("ranking.chart_districts", lang),
        marker=dict(color=colours, line=dict(color="#333333", width=[2 if r.is_home else 0.5 for r in rows]),
                    pattern=dict(shape=["/" if r.is_home else "" for r in rows], fgcolor="#333333")),
        text=[fmt_rate(r.growth_pct) for r in rows], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    if ranking.city is not None and ranking.city.growth_pct is not None:
        fig.add_vline(x=ranking.city.growth_pct, line=dict(color=CITY_COLOUR, dash="dash", width=2),
                      annotation=dict(text=t("ranking.chart_city", lang, region=ranking.city.region,
                                             growth=fmt_rate(ranking.city.growth_pct)),
                                      font=dict(size=FONT_SIZE - 1, color=CITY_COLOUR), yanchor="bottom"),
                      annotation_position="top")
    title = t("ranking.chart_title", lang, indicator=ind.name(lang), period=ranking.period.label(lang, True))
    fig.update_layout(
        template="plotly_white", height=height or max(360, 120 + 34 * len(rows)),
        title=dict(text=title, x=0.01, xanchor="left", font=dict(size=FONT_SIZE + 4)),
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color="#222222"), showlegend=False,
        margin=dict(l=20, r=60, t=90, b=90), bargap=0.25, paper_bgcolor="white", plot_bgcolor="white")
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont=dict(size=FONT_SIZE))
    fig.update_xaxes(title=dict(text=t("ranking.chart_axis", lang)), ticksuffix="%", zeroline=True,
                     zerolinecolor="#999999", gridcolor="#e3e3e3", automargin=True)
    if not rows:
        fig.add_annotation(text=t("ranking.no_districts", lang), x=0.5, y=0.5, xref="paper", yref="paper",
                           showarrow=False, font=dict(size=FONT_SIZE + 2, color=MUTED))
    if note:
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                           yshift=-50, showarrow=False, align="left", font=dict(size=FONT_SIZE - 3, color=MUTED),
                           name="footnote")
    return fig

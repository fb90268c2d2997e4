"""The 情景测算 projection drawn on a headline trajectory chart: dashed, in its own colour, every label saying
测算, so it can never be read as a reported figure."""
from __future__ import annotations

import plotly.graph_objects as go

from ..model.i18n import fmt_rate, t
from ..model.periods import Period
from .charts import FONT_SIZE, fit_legend
from .whatif import Projection

ESTIMATE_COLOUR = "#c55a11"   # apart from the actual line's blue and the status colours


def _label_positions(xs: list[int]) -> list[str]:
    """Labels below and above the dashed line in turn, from the year end back, so neighbours on a flat
    projection never run into each other on a half-width chart; the year-end one leans left, off the edge."""
    out = []
    for k, x in enumerate(reversed(xs)):
        side = "bottom" if k % 2 == 0 else "top"
        out.append(f"{side} left" if x == 12 else f"{side} center")
    return list(reversed(out))


def add_projection(fig: go.Figure, p: Projection | None, lang: str) -> go.Figure:
    """Append the projection from the period's actual growth to each projected quarter end (in place)."""
    if p is None or p.full_year_growth is None or p.base.growth is None:
        return fig
    year, start = p.base.period.year, p.base.period.end_month
    xs = [start] + [m for m, _ in p.points]
    ys = [p.base.growth] + [g for _, g in p.points]
    word = t("whatif.chart_label", lang)
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="lines+markers+text", name=t("whatif.chart_trace", lang),
        line=dict(color=ESTIMATE_COLOUR, width=3, dash="dash"),
        marker=dict(size=[0] + [12] * len(p.points), symbol="diamond-open", color=ESTIMATE_COLOUR,
                    line=dict(width=2, color=ESTIMATE_COLOUR)),
        text=[""] + [f"{word}{fmt_rate(g, lang)}" for _, g in p.points], textposition=_label_positions(xs),
        textfont=dict(size=FONT_SIZE, color=ESTIMATE_COLOUR),
        customdata=[Period(year, m).label(lang) for m in xs],
        hovertemplate="%{customdata}: %{y:.1f}% (" + word + ")<extra></extra>"))
    lo, hi = fig.layout.yaxis.range or (min(ys), max(ys))
    pad = max((max(ys) - min(ys)) * 0.15, 1.0)
    fig.update_yaxes(range=[min(lo, min(ys) - pad), max(hi, max(ys) + pad)])
    return fit_legend(fig)     # one more legend entry: maybe one more row

"""The charts of a briefing, in deck order, prepared for export and rendered once for every file."""
from __future__ import annotations

from dataclasses import dataclass
import re
from typing import Callable, Iterable

import plotly.graph_objects as go

from .. import charts as _charts
from ..i18n import t
from ..plan import Plan
from ..present import period_facts
from ..scorecard import Scorecard
from ..series import headline_series
from ..store import Store
from . import png as _png
from .footer import basis_text, footer_text, sample_in_store

Progress = Callable[[float, str], None]


@dataclass
class Chart:
    area: str            # "overview" or an area id
    indicator: str       # indicator id, or "progress" / "status" for a chart of several
    title: str
    figure: go.Figure    # prepared for export
    png: bytes | None = None

    def filename(self, period_key: str) -> str:
        return f"{period_key}_{self.area}_{self.indicator}.png"


def _safe_name(s: str) -> str:
    return re.sub(r"[^0-9A-Za-z_]+", "_", s)


def _figure_title(fig: go.Figure) -> str:
    return fig.layout.title.text or ""


def briefing_charts(plan: Plan, store: Store, card: Scorecard, areas: Iterable[str] | None = None,
                    lang: str = "zh", sample: bool | None = None) -> list[Chart]:
    """Every chart of the briefing, prepared for export (not yet rendered), in deck order.

    overview: one growth chart per headline indicator and the status summary;
    each area: the progress chart of its count targets ("progress"), then one chart per sub-target with data.
    """
    sample = sample_in_store(store) if sample is None else sample
    period = card.period
    year_plan = card.plan
    area_ids = [a.id for a in year_plan.areas if areas is None or a.id in set(areas)]
    charts: list[Chart] = []

    def add(area: str, indicator: str, fig: go.Figure, basis: str, title: str | None = None) -> None:
        foot = footer_text(period, lang, basis, sample)
        prepared = _png.prepare_figure(fig, title, foot, sample, lang)
        charts.append(Chart(area, _safe_name(indicator), _figure_title(prepared), prepared))

    series = {s.indicator.id: s for s in headline_series(plan, store, card)}
    for a in card.headline:
        basis = basis_text("growth", lang, a.target.indicator.price_basis)
        add("overview", a.id, _charts.growth_chart(series[a.id], lang, ""), basis)
    facts = period_facts(card, lang)
    fig = _charts.status_summary_chart(facts.counts, lang, "")
    add("overview", "status", fig, basis_text("mixed", lang))

    for area_id in area_ids:
        area = year_plan.area(area_id)
        rows = facts.of_area(area_id)
        progress_rows = [f for f in rows if f.spec.chart == "progress"]
        count_basis = basis_text("cumulative", lang, period=period)
        title = t("export.area_chart_title", lang, area=area.short(lang))
        if progress_rows:
            add(area_id, "progress", _charts.progress_chart(progress_rows, lang, "", title), count_basis, title=title)
        for f in rows:
            if f.actual is None:
                continue  # shown as 暂无数据 in the area's progress chart; no empty image per indicator
            if f.spec.chart == "progress":
                add(area_id, f.id, _charts.progress_chart([f], lang, "", f.name), count_basis, title=f.name)
            else:
                add(area_id, f.id, _charts.limit_chart(f, lang, ""), t(f"kind.{f.kind}", lang))
    return charts


def render_charts(charts: list[Chart], progress: Progress | None = None, lang: str = "zh",
                  start: float = 0.0, end: float = 1.0) -> None:
    """Render each chart once (warm server, under the lock); the bytes are reused by ZIP, PPTX and DOCX."""
    n = len(charts)
    for i, c in enumerate(charts):
        if progress:
            progress(start + (end - start) * i / max(n, 1), t("export.progress_chart", lang, i=i + 1, n=n,
                                                                name=c.title or c.indicator))
        if c.png is None:
            c.png = _png.render_png(c.figure)


"""The charts of a briefing, in deck order, prepared for export and rendered once for every file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

import plotly.graph_objects as go

from ..analysis.scorecard import Scorecard
from ..model.i18n import t
from ..model.plan import Plan
from ..present import charts as _charts
from ..present import period_facts
from ..present.series import headline_series
from ..store.database import Store
from . import png as _png
from .footer import basis_text, footer_text, sample_in_store

Progress = Callable[[float, str], None]

# Where a chart goes on a 16:9 slide (13.333 × 7.5 in): below the title, above the footer, 0.5 in from the sides.
SLIDE_PICTURE_IN = (0.5, 1.3, 12.333, 5.55)     # left, top, width, height
SLIDE_CHARTS = {"headline_multiples"}            # the charts the deck places on a slide


@dataclass
class Chart:
    area: str            # "overview" or an area id
    indicator: str       # indicator id, or "progress" / "status" for a chart of several
    title: str
    figure: go.Figure    # prepared for export
    png: bytes | None = None
    area_label: str = ""     # 内需挖掘 / 主要指标: the words of the human file name
    name: str = ""           # 50米以上高层建筑 / 地区生产总值 / 年度目标完成进度
    # the bare render for a slide (no title, stamp or footer; laid out at its placed size in points)
    slide_figure: go.Figure | None = None
    slide_png: bytes | None = None

    def ascii_filename(self, period_key: str) -> str:
        """2023Q2_demand_towers_50m.png: for a system that only takes ASCII names."""
        return f"{period_key}_{self.area}_{self.indicator}.png"

    def filename(self, span: str) -> str:
        """2023年上半年_内需挖掘_50米以上高层建筑.png (span from `file_span`)."""
        return _charts.safe_filename(f"{span}_{self.area_label}_{self.name}") + ".png"


def file_span(period, lang: str = "zh") -> str:
    """2023年上半年 / 2023年 (the year end names no span) / Jan–Jun_2023: charts.file_span, one form for the
    export's PNGs and the screens' downloads."""
    return _charts.file_span(period, lang)


safe_filename = _charts.safe_filename


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

    def add(area: str, indicator: str, fig: go.Figure, basis: str, title: str | None = None,
            name: str = "") -> None:
        foot = footer_text(period, lang, basis, sample)
        prepared = _png.prepare_figure(fig, title, foot, sample, lang)
        label = t("export.file_overview", lang) if area == "overview" else year_plan.area(area).short(lang)
        slide = None
        if indicator in SLIDE_CHARTS:
            _, _, w_in, h_in = SLIDE_PICTURE_IN
            slide = _png.prepare_slide_figure(fig, w_in * 72, h_in * 72)
        charts.append(Chart(area, _safe_name(indicator), _figure_title(prepared), prepared, area_label=label,
                            name=name or indicator, slide_figure=slide))

    series = {s.indicator.id: s for s in headline_series(plan, store, card)}
    for a in card.headline:
        ind = a.target.indicator
        basis = basis_text("growth", lang, ind.price_basis)
        # the plan's full name in the title (一般公共预算地方收入, not 地方收入), as the slides and the text say it
        title = t("dash.chart.growth_title", lang, name=ind.name(lang), basis=t(f"basis.{ind.price_basis}", lang))
        add("overview", a.id, _charts.growth_chart(series[a.id], lang, ""), basis, title=title,
            name=ind.name(lang))
    facts = period_facts(card, lang)
    fig = _charts.status_summary_chart(facts.counts, lang, "")
    add("overview", "status", fig, basis_text("mixed", lang), name=t("export.file_status", lang))
    # the five trajectories side by side, one slide in the deck (same 0-based axis in every panel)
    title = t("export.multiples_title", lang)
    add("overview", "headline_multiples",
        _charts.headline_multiples([series[a.id] for a in card.headline], lang, "", title, cols=3, full_names=True),
        basis_text("mixed", lang), title=title, name=t("export.file_multiples", lang))

    for area_id in area_ids:
        area = year_plan.area(area_id)
        rows = facts.of_area(area_id)
        progress_rows = [f for f in rows if f.spec.chart == "progress"]
        count_basis = basis_text("cumulative", lang, period=period)
        title = t("export.area_chart_title", lang, area=area.short(lang))
        if progress_rows:
            # the area's chart shows completion and status; the figures are in the report's table beside it
            # and in each indicator's own chart (long "29,410平方米 / 40,773平方米" labels do not fit 19 rows)
            add(area_id, "progress", _charts.progress_chart(progress_rows, lang, "", title, amounts=False),
                count_basis, title=title,
                name=t("export.file_progress", lang))
        for f in rows:
            if f.actual is None:
                continue  # shown as 暂无数据 in the area's progress chart; no empty image per indicator
            if f.spec.chart == "progress":
                add(area_id, f.id, _charts.progress_chart([f], lang, "", f.name), count_basis, title=f.name,
                    name=f.name)
            else:
                add(area_id, f.id, _charts.limit_chart(f, lang, ""), t(f"kind.{f.kind}", lang), name=f.name)
    return charts


def render_charts(charts: list[Chart], progress: Progress | None = None, lang: str = "zh",
                  start: float = 0.0, end: float = 1.0) -> None:
    """Render each chart once (warm server, under the lock); the bytes are reused by ZIP, PPTX and DOCX."""
    n = len(charts)
    for i, c in enumerate(charts):
        if progress:
            progress(start + (end - start) * i / max(n, 1), t("export.progress_chart", lang, i=i + 1, n=n,
                                                                name=c.title or c.indicator))
        if c.png is None:     # 16:9, or taller for a chart of many rows (prepare_figure)
            c.png = _png.render_png(c.figure, c.figure.layout.width, c.figure.layout.height)
        if c.slide_figure is not None and c.slide_png is None:
            f = c.slide_figure
            c.slide_png = _png.render_png(f, f.layout.width, f.layout.height, _png.SLIDE_SCALE)


"""Every dashboard figure, as a pure function returning a plotly Figure. No streamlit here.

Each figure is self-contained so the same object can be shown in the browser and exported server-side
(kaleido): the title and the source/cut-off footnote are inside it, the font family is named explicitly and
our own template "plantrack" is applied (Streamlit's template fills colours in the browser only, so a PNG
exported with it comes out with black bars). Status is always colour + marker shape + text, so it reads on
a black-and-white printout and for colour-blind readers.
"""
from __future__ import annotations

import math
import re

import plotly.graph_objects as go
import plotly.io as pio

from ..model.i18n import STATUS_COLOURS, STATUS_ICONS, fmt_rate, status_label, t, unit_label
from ..model.periods import Period
from .facts import (
    LABEL_KEYS,
    Counts,
    Tally,
    TargetFacts,
    cutoff_line,
    period_phrase,
    status_facts,
    target_text,
)
from .facts import (
    pace_text as _pace_text,
)
from .series import STATUS_ORDER, GrowthSeries, worst_first

TEMPLATE = "plantrack"
# Named explicitly: Chinese renders as boxes in exported PNGs unless a CJK family is asked for by name.
FONT_FAMILY = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
# Projector sizes: 16 px reads from the back of a meeting room; titles a step up.
FONT_SIZE = 16
TITLE_SIZE = 22
INK = "#222222"
MUTED = "#666666"
ACTUAL_COLOUR = "#1f4e79"
TARGET_COLOUR = "#444444"
# Shapes echo the text icons (● ▲ ■ ○) so status survives without colour.
STATUS_SYMBOLS = {"green": "circle", "yellow": "triangle-up", "red": "square", "no_data": "circle-open"}
# Fill patterns for stacked bars, for the same reason.
STATUS_PATTERNS = {"green": "", "yellow": "/", "red": "x", "no_data": "."}
# An empty small line under a point's figure: keeps "8.8%" off the ▲ below it (plotly has no text offset).
LABEL_LIFT = "<br><span style='font-size:1px'> </span>"
FOOTNOTE_SHIFT = -70
# The trajectory chart: the legend's top (px from the top, under the title) and a top margin for three rows.
GROWTH_HEIGHT = 460
LEGEND_TOP_PX = 44
LEGEND_ROW_PX = 26
LEGEND_MIN_WIDTH = 480   # px: a chart in a half-width column of the 1600 px overview

pio.templates[TEMPLATE] = go.layout.Template(layout=go.Layout(
    font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=INK),
    # Title pinned to the top edge and the legend just above the plot, so a wrapped legend never runs into it.
    title=dict(font=dict(family=FONT_FAMILY, size=TITLE_SIZE, color=INK), x=0.01, xanchor="left",
               yref="container", y=0.98, yanchor="top"),
    paper_bgcolor="white",
    plot_bgcolor="white",
    colorway=[ACTUAL_COLOUR, "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6"],
    xaxis=dict(showgrid=False, linecolor="#888888", ticks="outside", automargin=True,
               title=dict(font=dict(size=FONT_SIZE))),
    yaxis=dict(gridcolor="#e3e3e3", zerolinecolor="#999999", linecolor="#888888", automargin=True,
               title=dict(font=dict(size=FONT_SIZE))),
    legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", font=dict(size=FONT_SIZE - 1)),
    hoverlabel=dict(font=dict(family=FONT_FAMILY, size=FONT_SIZE)),
    margin=dict(l=70, r=40, t=100, b=110),
))


# ─────────────────────────── shared pieces ───────────────────────────

def footnote(lang: str, period: Period | None) -> str:
    """数据来源：…；数据截至2023年6月底 — the cut-off phrase of the documents (present.cutoff_line)."""
    line = cutoff_line(period, lang) if period is not None else t("present.cutoff_line", lang, cutoff="—")
    return t("app.source_footnote", lang, source=t("app.data_source", lang),
             cutoff_line=line if lang == "zh" else line[:1].lower() + line[1:])


_UNSAFE_FILE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_filename(name: str) -> str:
    """A name every file system takes: no path separators or characters Windows refuses, no trailing dot."""
    return _UNSAFE_FILE.sub("_", name).strip(" .") or "_"


def file_span(period: Period, lang: str = "zh") -> str:
    """2023年上半年 / 2023年1—5月 / 2023年 (the year end names no span) / Jan–Jun_2023: the period in file names."""
    if lang == "en":
        return str(period.year) if period.end_month == 12 else f"{period.label(lang)}_{period.year}"
    return period_phrase(period, lang, with_year=True)


def chart_file_stem(period: Period | None, group: str, name: str, lang: str = "zh") -> str:
    """2023年上半年_内需挖掘_50米以上高层建筑: the one file-name form of a chart, for the PNGs of the export and the
    browser's "download as png" on the screens (plotly adds .png)."""
    parts = ([file_span(period, lang)] if period is not None else []) + [group, name]
    return safe_filename("_".join(p for p in parts if p))


# chart keys the screens use that are not an indicator, task or area of the plan: their words
_CHART_WORDS = {"status_summary": "export.file_status", "headline": "export.file_multiples",
                "headline_multiples": "export.file_multiples", "progress": "export.file_progress",
                "status_by_lead_unit": "dash.chart.task_force_title"}
_PAGE_WORDS = {"overview": "export.file_overview", "meeting": "nav.meeting", "ranking": "nav.ranking",
               "task_force": "nav.task_force", "meeting_whatif": "whatif.title"}


def chart_filename(period_key: str | None, page: str, name: str, lang: str = "zh") -> str:
    """The browser's download name of an on-screen chart, as the export names the same chart:
    chart_filename("2023Q2", "area_demand", "towers_50m") → 2023年上半年_内需挖掘_50米以上高层建筑.

    The ids the screens pass are turned into the plan's words (area short name, indicator or task name); a key
    the plan does not know is kept as it is rather than guessed."""
    from ..model.periods import is_key, parse_key
    from ..model.plan import get_plan
    period = parse_key(period_key) if period_key and is_key(period_key) else None
    try:
        plan = get_plan()
        year_plan = plan.year(period.year if period is not None else plan.latest_year)
    except Exception:      # no plan at hand (a bare test): the ids
        plan = year_plan = None

    def words(key: str, table: dict) -> str | None:
        return t(table[key], lang) if key in table else None

    group = words(page, _PAGE_WORDS)
    if group is None and page.startswith("area_") and year_plan is not None:
        try:
            group = year_plan.area(page.removeprefix("area_")).short(lang)
        except Exception:
            group = None
    label = words(name, _CHART_WORDS)
    if label is None and plan is not None:
        for lookup in ((lambda k: plan.indicator(k).name(lang)), (lambda k: year_plan.task(k).name(lang)),
                       (lambda k: year_plan.area(k).short(lang))):
            try:
                label = lookup(name)
                break
            except Exception:
                continue
    return chart_file_stem(period, group or page, label or name, lang)


def chart_config(filename: str, compact: bool = False) -> dict:
    """Plotly config for st.plotly_chart: the browser's PNG button at 3× with a meaningful file name.
    Compact (phone) layout: no toolbar at all — on a narrow screen it covers the chart's title, and the
    export page gives the same PNGs."""
    if compact:
        return {"displayModeBar": False, "displaylogo": False, "responsive": True}
    return {"toImageButtonOptions": {"format": "png", "scale": 3, "filename": filename}, "displaylogo": False}


def coloured(text: str, status: str) -> str:
    """A label part in its status colour (plotly text takes <span style>): a glyph next to a number then has the
    colour of the mark and the legend entry it stands for, never a black ■ beside a red point."""
    return f"<span style='color:{STATUS_COLOURS[status]}'>{text}</span>"


def _by_word(statuses) -> list[tuple[str, str, list[int]]]:
    """Positions grouped by status word (StatusFacts of the presentation model), in the model's order: one trace
    per word, so a legend says 提前完成 / 序时推进 / 严重滞后 exactly as the cards and lists do."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, st_ in enumerate(statuses):
        groups.setdefault((st_.status, st_.label), []).append(i)
    order = {k: n for n, k in enumerate(LABEL_KEYS)}
    first_key = {k: min(order.get(statuses[i].key, len(order)) for i in idx) for k, idx in groups.items()}
    keys = sorted(groups, key=lambda k: (STATUS_ORDER.index(k[0]), first_key[k]))
    return [(k[0], k[1], groups[k]) for k in keys]


def _finish(fig: go.Figure, title: str, note: str, height: int) -> go.Figure:
    fig.update_layout(template=TEMPLATE, height=height,
                      title=dict(text=title),
                      font=dict(family=FONT_FAMILY, size=FONT_SIZE))
    fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=FOOTNOTE_SHIFT, showarrow=False, align="left",
                       font=dict(size=FONT_SIZE - 3, color=MUTED), name="footnote")
    return fig


def _pattern(statuses: list[str]) -> dict:
    # "overlay": white hatching drawn over the bar's own status colour ("replace" loses the colour in kaleido).
    return dict(shape=[STATUS_PATTERNS[s] for s in statuses], fgcolor="white", fillmode="overlay", solidity=0.3)


def _no_data(fig: go.Figure, lang: str) -> None:
    fig.add_annotation(text=coloured(status_label("no_data", lang), "no_data"), xref="paper", yref="paper",
                       x=0.5, y=0.5, showarrow=False, font=dict(size=TITLE_SIZE, color=MUTED), name="no_data")


def pace_text(series_or_period: GrowthSeries | Period, required: float | None, lang: str) -> str:
    """"下半年需增长12.3%": the growth the rest of the year needs (plantrack.present.pace_text)."""
    period = series_or_period.period if isinstance(series_or_period, GrowthSeries) else series_or_period
    return _pace_text(period, required, lang)


# ─────────────────────────── (1) growth through the year ───────────────────────────

def growth_chart(series: GrowthSeries, lang: str, note: str) -> go.Figure:
    """Cumulative growth at each period against the target line, with the required pace dashed to year end."""
    ind = series.indicator
    year = series.period.year
    months = sorted({3, 6, 9, 12} | {p.end_month for p in series.points})
    labels = [Period(year, m).label(lang) for m in months]
    basis = t(f"basis.{ind.price_basis}", lang)
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=months, y=[series.target] * len(months), mode="lines",
        name=t("dash.chart.target_line", lang, value=target_text(series.target, "growth", "%", lang)),
        line=dict(color=TARGET_COLOUR, width=2, dash="dot"), hoverinfo="skip"))
    pts = series.points
    if pts:
        fig.add_trace(go.Scatter(
            x=[p.end_month for p in pts], y=[p.growth for p in pts], mode="lines",
            name=t("dash.chart.actual", lang, basis=basis), line=dict(color=ACTUAL_COLOUR, width=3),
            hoverinfo="skip"))
        # One marker trace per status word: the legend shows each point's own shape and colour with the cards'
        # word (■ 低于目标 for red squares), and the label is the figure alone, in the status colour.
        words = [status_facts("growth", p.status, lang, p.end_month == 12) for p in pts]
        for status, label, idx in _by_word(words):
            mine = [pts[i] for i in idx]
            fig.add_trace(go.Scatter(
                x=[p.end_month for p in mine], y=[p.growth for p in mine], mode="markers+text",
                # no legendgroup: a group stacks its entries in a column, so two statuses made the horizontal
                # legend a row taller and it ran into the title (地方收入 with 接近目标 and 低于目标)
                name=label,
                # the trailing small line lifts the figure clear of the mark (a triangle's apex touched it)
                text=[fmt_rate(p.growth, lang) for p in mine], texttemplate="%{text}" + LABEL_LIFT,
                textposition="top center",
                textfont=dict(size=FONT_SIZE + 1, color=STATUS_COLOURS[status]),
                marker=dict(size=15, color=STATUS_COLOURS[status], symbol=STATUS_SYMBOLS[status],
                            line=dict(color=INK, width=1)),
                customdata=[Period(year, p.end_month).label(lang) for p in mine],
                hovertemplate="%{customdata}: %{y:.1f}%<extra></extra>"))
        last = pts[-1]
        pace = pace_text(series, series.required_growth, lang)
        if pace and last.end_month == series.period.end_month:
            fig.add_trace(go.Scatter(
                x=[last.end_month, 12], y=[last.growth, series.target], mode="lines",
                name=t("dash.chart.projection", lang),
                line=dict(color=ACTUAL_COLOUR, width=2, dash="dash"), hoverinfo="skip"))
            fig.add_annotation(x=12, y=series.target, text=pace, showarrow=True, arrowhead=0, ax=-10, ay=-40,
                               xanchor="right", font=dict(size=FONT_SIZE, color=ACTUAL_COLOUR), name="pace")
    else:
        _no_data(fig, lang)
    ys = [series.target, 0.0] + [p.growth for p in pts]
    lo, hi = min(ys), max(ys)
    pad = max((hi - lo) * 0.25, 1.0)
    # From 0 when nothing is negative (an axis to −2% on all-positive data reads as a fall); room above for labels.
    fig.update_xaxes(tickmode="array", tickvals=months, ticktext=labels, range=[months[0] - 1, 12.8],
                     tickangle=0, title=dict(text=t("dash.chart.period_axis", lang)))
    fig.update_yaxes(title=dict(text=t("dash.chart.growth_axis", lang)), ticksuffix="%",
                     range=[0.0 if lo >= 0 else lo - pad, hi + pad])
    title = t("dash.chart.growth_title", lang, name=ind.short(lang), basis=basis)
    return fit_legend(_finish(fig, title, note, height=GROWTH_HEIGHT))


def fit_legend(fig: go.Figure) -> go.Figure:
    """Hang the legend under the title and size the top margin for the rows it takes at the narrowest width the
    chart is shown at (a half-width column): up to seven entries (target, actual, three statuses, pace, a
    情景测算 trace) wrap to four rows there, and a legend above the plot grew up into the title. Call again after
    adding a trace."""
    size = FONT_SIZE - 1
    # plotly's horizontal legend: 40 px of symbol and gap, then the text; when the entries do not fit on one row
    # they are set in columns as wide as the widest entry
    widths = [40 + sum(size if ord(c) > 0x2E80 else 0.65 * size for c in tr.name) + 6
              for tr in fig.data if tr.showlegend is not False and tr.name]
    room = LEGEND_MIN_WIDTH - 110          # the template's left and right margins
    if not widths or sum(widths) <= room:
        rows = 1
    else:
        rows = math.ceil(len(widths) / max(1, int(room // max(widths))))
    height = fig.layout.height or GROWTH_HEIGHT
    fig.update_layout(legend=dict(yref="container", y=1 - LEGEND_TOP_PX / height, yanchor="top"),
                      margin=dict(t=LEGEND_TOP_PX + rows * LEGEND_ROW_PX + 12))
    return fig


# ─────────────────────────── (2) progress per sub-target ───────────────────────────

def progress_chart(targets: list[TargetFacts] | tuple[TargetFacts, ...], lang: str, note: str,
                   title: str, amounts: bool = True) -> go.Figure:
    """Bullet chart for count/amount sub-targets, worst first: completion % of the annual target per row (one
    bar trace per status, so the legend shows each colour and hatch), the time-progress marker (时间进度) on
    each row, and the annual target at 100 %. A row at 0 gets its status mark on the zero line, so a target
    with nothing done is seen, not an empty row (and its PNG is not an empty canvas)."""
    # Rows are plantrack.present facts whose kind charts as "progress": every text is the facts' own (status
    # label, completion, actual / target); bar lengths are the unrounded completion.
    rows = worst_first([f for f in targets if f.spec.chart == "progress"])
    names = [f.name for f in rows]
    completion = [f.assessment.completion_pct if f.completion is not None else 0.0 for f in rows]
    text = []
    for f in rows:
        if f.completion is None:
            text.append(coloured(f.status.text, "no_data"))
        else:
            label = coloured(f.status.label, f.status.status)
            figures = f"{f.actual_text} / {f.target_text}"
            text.append(f"{f.completion_text} {label}" if not amounts  # beside a table that has them
                        else f"{f.completion_text}（{figures}）{label}" if lang == "zh"
                        else f"{f.completion_text} ({figures}) {label}")
    tp = rows[0].assessment.time_progress_pct if rows else 0.0
    fig = go.Figure()
    for status, label, idx in _by_word([f.status for f in rows]):
        fig.add_trace(go.Bar(
            y=[names[i] for i in idx], x=[completion[i] for i in idx], orientation="h",
            name=label, legendgroup=status,
            marker=dict(color=STATUS_COLOURS[status], pattern=_pattern([status] * len(idx)),
                        line=dict(color=INK, width=1)),
            customdata=[rows[i].remaining_text for i in idx],
            hovertemplate="%{y}: %{x:.1f}%<br>%{customdata}<extra></extra>", width=0.55))
    zero = [i for i, f in enumerate(rows) if f.completion is not None and completion[i] < 1.0]
    if zero:
        fig.add_trace(go.Scatter(
            y=[names[i] for i in zero], x=[0.0] * len(zero), mode="markers", name="zero", showlegend=False,
            cliponaxis=False, hoverinfo="skip",
            marker=dict(size=16, color=[rows[i].status.colour for i in zero],
                        symbol=[STATUS_SYMBOLS[rows[i].status.status] for i in zero], line=dict(color=INK, width=1))))
    fig.add_trace(go.Scatter(
        y=names, x=[tp] * len(rows), mode="markers", name=t("dash.chart.time_progress", lang, value=fmt_rate(tp, lang)),
        marker=dict(symbol="line-ns", size=34, line=dict(color=INK, width=4), color=INK),
        hovertemplate=t("dash.chart.time_progress", lang, value="%{x:.0f}%") + "<extra></extra>"))
    top = max([100.0, tp] + completion)
    # Labels in their own column right of the 100 % line, so the time-progress marker never crosses them.
    fig.add_trace(go.Scatter(
        y=names, x=[top * 1.03] * len(rows), mode="text", text=text, textposition="middle right",
        textfont=dict(size=FONT_SIZE - 1, color=INK), showlegend=False, hoverinfo="skip", name="labels"))
    fig.add_vline(x=100, line=dict(color=TARGET_COLOUR, width=2, dash="dot"))
    fig.add_annotation(x=100, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=t("dash.chart.annual_target", lang), font=dict(size=FONT_SIZE - 2, color=MUTED))
    ticks = [0, 25, 50, 75, 100]
    fig.update_xaxes(range=[0, top * (1.75 if amounts else 1.3)], tickmode="array", tickvals=ticks,
                     ticktext=[f"{v}%" for v in ticks], tickangle=0,
                     title=dict(text=t("dash.chart.completion_axis", lang)), showgrid=True,
                     gridcolor="#eeeeee")
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed", showgrid=False)
    fig.update_layout(bargap=0.35, showlegend=True, barmode="overlay")
    return _finish(fig, title, note, height=200 + 56 * max(len(rows), 1))


def limit_chart(f: TargetFacts, lang: str, note: str) -> go.Figure:
    """A ceiling (≤ 5 %) or a level to hold (≥ 95 %): the actual rate against the limit, in the unit itself
    (texts from the plantrack.present facts)."""
    a = f.assessment
    ind = a.target.indicator
    unit, limit = f.unit, f.target
    held = f.spec.operator == "≥"      # a level to hold; a ceiling otherwise
    key = "dash.chart.level_line" if held else "dash.chart.ceiling_line"
    fig = go.Figure()
    actual = a.actual
    name = f.name
    # The figure, then the status word in its colour: the bar's colour and hatch are the mark, the legend
    # entry names the same status (no black glyph floating beside a coloured bar).
    text = coloured(f.status.text, "no_data") if actual is None else \
        f"{f.actual_text}  {coloured(f.status.text, f.status.status)}"
    fig.add_trace(go.Bar(
        y=[name], x=[actual if actual is not None else 0.0], orientation="h", name=f.status.label,
        marker=dict(color=f.status.colour, pattern=_pattern([f.status.status]),
                    line=dict(color=INK, width=1)),
        width=0.5, customdata=[f.actual_text], hovertemplate="%{y}: %{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(
        y=[name], x=[limit], mode="markers", name=t(key, lang, value=f.target_text),   # ≤5% / 保持100%
        marker=dict(symbol="line-ns", size=44, line=dict(color=INK, width=4), color=INK),
        hoverinfo="skip"))
    vals = [limit] + ([actual] if actual is not None else [])
    # Bars start at 0 (a bar from 86 % makes 94 % look like twice 90 %). A rate held near 100 % is drawn on
    # 0–100 % — never past 100 % unless a value is — with the label inside the plot, right-aligned at the end.
    lo = 0.0
    if held and unit == "%" and max(vals) <= 100.0:
        hi = 100.0
    else:
        hi = max(vals) * (1.05 if held else 1.6)
    if held:   # the axis ends at the value: the label goes in the right margin, outside the plot
        fig.add_annotation(xref="paper", x=1.0, xanchor="left", y=name, text=text, showarrow=False, xshift=10,
                           font=dict(size=FONT_SIZE, color=INK), align="left", name="labels")
        fig.update_layout(margin=dict(r=40 + 9 * len(text.split("<")[0]) + 90))
    else:
        fig.add_trace(go.Scatter(y=[name], x=[max(vals) + (hi - lo) * 0.03], mode="text", text=[text],
                                 textposition="middle right", textfont=dict(size=FONT_SIZE, color=INK),
                                 showlegend=False, hoverinfo="skip", name="labels"))
    unit_txt = unit_label(unit, lang)
    fig.update_xaxes(range=[lo, hi], ticksuffix="%" if unit == "%" else "", tickangle=0,
                     title=dict(text=t("dash.chart.axis_with_unit", lang, name=ind.name(lang), unit=unit_txt)))
    fig.update_yaxes(showticklabels=False, showgrid=False)
    title = f"{ind.name(lang)}：{t(f'kind.{f.kind}', lang)} {f.target_text}" if lang == "zh" \
        else f"{ind.name(lang)}: {t(f'kind.{f.kind}', lang).lower()} {f.target_text}"
    return _finish(fig, title, note, height=300)


# ─────────────────────────── (3) status summary ───────────────────────────

def status_summary_chart(counts: Counts | Tally, lang: str, note: str, title: str | None = None) -> go.Figure:
    """How many targets are in each status: by status word (a Tally: 提前完成 / 序时推进 / 低于目标 …, as screens
    count) or by count category (Counts, as the briefing counts: at year end 完成 / 未完成, no yellow)."""
    items = counts.items()
    order = [s for s, _, _ in items]
    labels = [text for _, text, _ in items]
    values = [n for _, _, n in items]
    fig = go.Figure(go.Bar(
        y=labels, x=values, orientation="h",
        marker=dict(color=[STATUS_COLOURS[s] for s in order],
                    pattern=_pattern(order),
                    line=dict(color=INK, width=1)),
        text=[t("dash.chart.count_text", lang, n=v) for v in values], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>", name=t("present.count_axis", lang)))
    # every target is counted (headline too): the axis says 目标数, not 子目标数 as the task-force chart does
    fig.update_xaxes(title=dict(text=t("present.count_axis", lang)), range=[0, max(values + [1]) * 1.3],
                     dtick=max(1, round(max(values + [1]) / 5)), showgrid=True, gridcolor="#eeeeee")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(showlegend=False)
    return _finish(fig, title or t("present.status_title", lang, n=counts.total), note, height=380)


# ─────────────────────────── (4) task force: status by lead unit ───────────────────────────

def task_force_chart(summary, tallies, lang: str, note: str) -> go.Figure:
    """Stacked bars: each lead unit's sub-targets by status word (a DataFrame from series.task_force_summary and
    one plantrack.present Tally per row, in the same order).

    Counts are written once at the end of each bar with their icons ("● 3  ▲ 3  ■ 1"): numbers inside hatched
    segments do not read on a projector.
    """
    units = list(summary["lead_unit"])
    words: dict[tuple[str, str], None] = {}
    for tl in tallies:
        for s, label, _ in tl.rows:
            words.setdefault((s, label))
    words_sorted = sorted(words, key=lambda k: STATUS_ORDER.index(k[0]))
    fig = go.Figure()
    for s, label in words_sorted:
        vals = [next((n for s2, l2, n in tl.rows if (s2, l2) == (s, label)), 0) for tl in tallies]
        fig.add_trace(go.Bar(
            y=units, x=vals, orientation="h", name=label, legendgroup=s,
            marker=dict(color=STATUS_COLOURS[s], pattern=_pattern([s] * len(vals)), line=dict(color=INK, width=1)),
            hovertemplate="%{y}: %{x}<extra>" + f"{STATUS_ICONS[s]} {label}" + "</extra>"))
    totals = [tl.total for tl in tallies]
    labels = ["  ".join(f"{coloured(STATUS_ICONS[s], s)} {int(r[s])}" for s in STATUS_ORDER if int(r[s]))
              or t("dash.chart.no_subtargets", lang) for _, r in summary.iterrows()]
    most = max(totals + [1])
    fig.add_trace(go.Scatter(y=units, x=[v + most * 0.02 for v in totals], mode="text", text=labels,
                             textposition="middle right", textfont=dict(size=FONT_SIZE - 1, color=INK),
                             showlegend=False, hoverinfo="skip", name="labels"))
    fig.update_layout(barmode="stack", legend=dict(traceorder="normal"))
    fig.update_xaxes(title=dict(text=t("dash.chart.count_axis", lang)), range=[0, most * 1.5],
                     dtick=1 if most <= 12 else None, showgrid=True, gridcolor="#eeeeee")
    fig.update_yaxes(autorange="reversed", showgrid=False)
    return _finish(fig, t("dash.chart.task_force_title", lang), note, height=200 + 44 * max(len(units), 1))


__all__ = ["TEMPLATE", "FONT_FAMILY", "chart_config", "chart_filename", "footnote", "growth_chart", "progress_chart",
           "limit_chart", "status_summary_chart", "task_force_chart", "target_text", "pace_text"]


# ─────────────────────────── city ranking (全市排名) ───────────────────────────

HOME_COLOUR = "#c55a11"
OTHER_COLOUR = "#9dc3e6"


def ranking_chart(ranking, plan, lang: str, note: str) -> go.Figure:
    """Districts' growth as horizontal bars, highest on top, each labelled with its rank; the home district
    told apart by colour, a hatch pattern and "▶" (so it reads in black and white); the city total as a dashed
    line (it is not ranked). `ranking` is a plantrack.analysis.city_ranking.Ranking; districts without growth are
    left out."""
    ind = plan.indicator(ranking.indicator)
    rows = list(ranking.ranked)
    fig = go.Figure(go.Bar(
        x=[r.growth_pct for r in rows],
        y=[(f"▶ {r.region}" if r.is_home else r.region) + f"  ({r.rank})" for r in rows],
        orientation="h", name=t("ranking.chart_districts", lang),
        marker=dict(color=[HOME_COLOUR if r.is_home else OTHER_COLOUR for r in rows],
                    line=dict(color=INK, width=[2 if r.is_home else 0.5 for r in rows]),
                    pattern=dict(shape=["/" if r.is_home else "" for r in rows], fgcolor=INK)),
        text=[fmt_rate(r.growth_pct) for r in rows], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>"))
    if ranking.city is not None and ranking.city.growth_pct is not None:
        fig.add_vline(x=ranking.city.growth_pct, line=dict(color=INK, dash="dash", width=2),
                      annotation=dict(text=t("ranking.chart_city", lang, region=ranking.city.region,
                                             growth=fmt_rate(ranking.city.growth_pct)),
                                      font=dict(size=FONT_SIZE - 1, color=INK), yanchor="bottom"),
                      annotation_position="top")
    if not rows:
        _no_data(fig, lang)
    title = t("ranking.chart_title", lang, indicator=ind.name(lang), period=ranking.period.label(lang, True))
    fig = _finish(fig, title, note, height=max(380, 150 + 34 * len(rows)))
    fig.update_layout(showlegend=False, bargap=0.25)
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=FONT_SIZE))
    fig.update_xaxes(title=dict(text=t("ranking.chart_axis", lang)), ticksuffix="%", zeroline=True,
                     zerolinecolor="#999999")
    return fig


__all__ += ["ranking_chart"]


# ─────────────────────────── meeting mode: the headline targets side by side ───────────────────────────

def label_position(value: float, target: float, span: float, room: float = 0.14) -> str:
    """Where a point's figure goes: above the point, unless the point sits just under the target line (within
    `room` of the axis span), where a figure above would be drawn on the line — then below it, to the right
    (the line to the point comes from the left)."""
    return "bottom right" if 0 < target - value < room * span else "top center"


def headline_multiples(all_series, lang: str, note: str, title: str = "", height: int = 400,
                       cols: int | None = None, full_names: bool = False) -> go.Figure:
    """Small multiples for the projector: one panel per headline indicator (growth through the year, the
    target dotted), the same 0-based % axis in every panel so the panels compare at a glance. Points carry
    their status mark and colour; each panel's title is the indicator's short name (full_names: the plan's
    full name, as documents use). cols: panels per row (default all in one row; the exported deck uses 3 so
    the tick labels keep their size)."""
    import math

    from plotly.subplots import make_subplots
    all_series = list(all_series)
    n = max(len(all_series), 1)
    cols = min(cols or n, n)
    rows = math.ceil(n / cols)
    names = [s.indicator.name(lang) if full_names else s.indicator.short(lang) for s in all_series]
    fig = make_subplots(rows=rows, cols=cols, shared_yaxes="all", horizontal_spacing=0.025 if rows == 1 else 0.04,
                        vertical_spacing=0.3 if rows > 1 else 0.3, subplot_titles=names)
    top = max([s.target for s in all_series] + [p.growth for s in all_series for p in s.points] + [1.0])
    low = min([0.0] + [p.growth for s in all_series for p in s.points])
    span = top * 1.3 - (low - (1.0 if low < 0 else 0.0))    # the y axis range below
    seen = set()
    for k, s in enumerate(all_series, 1):
        row, col = (k - 1) // cols + 1, (k - 1) % cols + 1
        months = sorted({3, 6, 9, 12} | {p.end_month for p in s.points})
        fig.add_trace(go.Scatter(x=months, y=[s.target] * len(months), mode="lines", showlegend=k == 1,
                                 name=t("dash.chart.target_line", lang, value="").strip(), legendgroup="target",
                                 line=dict(color=TARGET_COLOUR, width=2, dash="dot"), hoverinfo="skip"), row, col)
        if s.points:
            fig.add_trace(go.Scatter(x=[p.end_month for p in s.points], y=[p.growth for p in s.points],
                                     mode="lines", line=dict(color=ACTUAL_COLOUR, width=3), showlegend=False,
                                     hoverinfo="skip"), row, col)
        point_words = [status_facts("growth", p.status, lang, p.end_month == 12) for p in s.points]
        for status, label, idx in _by_word(point_words):   # the legend says the cards' words (低于目标 …)
            mine = [s.points[i] for i in idx]
            fig.add_trace(go.Scatter(
                x=[p.end_month for p in mine], y=[p.growth for p in mine], mode="markers+text",
                name=label, legendgroup=label, showlegend=label not in seen,
                text=[fmt_rate(p.growth, lang) for p in mine],
                textposition=[label_position(p.growth, s.target, span) for p in mine],
                textfont=dict(size=FONT_SIZE + 2, color=STATUS_COLOURS[status]), cliponaxis=False,
                marker=dict(size=15, color=STATUS_COLOURS[status], symbol=STATUS_SYMBOLS[status],
                            line=dict(color=INK, width=1)),
                hovertemplate="%{y:.1f}%<extra></extra>"), row, col)
            seen.add(label)
        fig.update_xaxes(tickmode="array", tickvals=[3, 6, 9, 12],
                         ticktext=[Period(s.period.year, m).label(lang) for m in (3, 6, 9, 12)],
                         range=[1.5, 13], tickangle=0, tickfont=dict(size=FONT_SIZE - 3), row=row, col=col)
    fig.update_yaxes(range=[low - (1.0 if low < 0 else 0.0), top * 1.3], ticksuffix="%", gridcolor="#e3e3e3",
                     zerolinecolor="#999999")
    for r in range(1, rows + 1):
        fig.update_yaxes(title=dict(text=t("dash.chart.growth_axis", lang)), row=r, col=1)
        fig.update_yaxes(showticklabels=True, row=r, col=1)
    for ann in fig.layout.annotations:      # the panel titles: larger, left of the panel
        ann.font = dict(size=FONT_SIZE + 2, color=INK)
    fig = _finish(fig, title, note, height=height)
    fig.update_layout(margin=dict(l=70, r=20, t=95 if not title else 120, b=110),
                      legend=dict(y=1.32, x=1, xanchor="right", font=dict(size=FONT_SIZE)))
    if rows * cols > n:   # a grid with a free cell: the legend goes there, clear of every panel title
        hs, vs = 0.04, 0.3
        w, h = (1 - hs * (cols - 1)) / cols, (1 - vs * (rows - 1)) / rows
        fig.update_layout(legend=dict(orientation="v", x=(n % cols) * (w + hs) + 0.03, xanchor="left",
                                      y=h, yanchor="top", font=dict(size=FONT_SIZE + 2)))
    return fig


__all__ += ["headline_multiples"]

"""Briefing export: chart PNGs (kaleido + the system Chromium), a PPTX deck, a DOCX report and a ZIP. No streamlit.

PNG facts this module is built around (measured, see /work/shared/DESIGN.md and bench/bench_export.py):
- A cold kaleido export starts a Chromium per call (seconds); `kaleido.start_sync_server()` keeps one warm for
  the process and an export takes a fraction of a second. The warm server returns the *wrong image* when
  called from several threads at once, so every export holds `_LOCK` (Streamlit runs sessions in threads).
- `import streamlit` makes "streamlit" Plotly's default template, whose colours the browser fills in: exported
  server-side they come out black. Every figure is exported as a deep copy with our own template object.
- Chinese renders as boxes unless a CJK family is named: the figure names "Noto Sans CJK SC" (fonts-noto-cjk).

Every PNG is 16:9 (1280×720 layout, scale 3 → 3840×2160) with a title and a footer naming the source, the
data cut-off, the basis (口径: real / nominal / cumulative counts) and 示例数据 when sample data is in the store.
"""
from __future__ import annotations

import atexit
import copy
import datetime as dt
import io
import os
import re
import shutil
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import narrative
from .i18n import STATUS_COLOURS, fmt_number, status_label, t, unit_label
from .narrative import Briefing, build_briefing
from .ranking import briefing_sentences
from .periods import _EN_MONTHS, Period
from .plan import Plan
from .scorecard import Scorecard, build_scorecard
from .store import Store

from . import charts as _charts
from .export_safety import escape_cell
from .series import headline_series

SAMPLE_MARK = "示例数据"
FORMATS = ("png", "zip", "pptx", "docx")
# 16:9 at a size where 16–18 px text is legible; scale 3 gives 3840×2160 for a projector or print.
WIDTH, HEIGHT, SCALE = 1280, 720, 3
# Text sizes in layout px (×3 in the PNG): 18 px is 2.5 % of the height, legible from the back of a meeting room.
FONT_SIZE, TITLE_SIZE, FOOTER_SIZE = 18, 28, 15
ROW_PX_MAX = 110   # tallest row of a horizontal bar chart in the export
FONT_FAMILY = getattr(_charts, "FONT_FAMILY", '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif')
# Office documents name one East-Asian typeface per run (a:ea / w:eastAsia). Noto Sans CJK SC is what the
# PNGs use and what renders here; Office on Windows substitutes its own CJK font when it is not installed.
EA_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Arial"
TEMPLATE = getattr(_charts, "TEMPLATE", "plantrack")
if TEMPLATE not in pio.templates:  # charts.py registers it; a minimal one when it is absent
    pio.templates[TEMPLATE] = go.layout.Template(layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=16, color="#222222"), paper_bgcolor="white", plot_bgcolor="white",
        colorway=["#1f4e79", "#c55a11", "#548235"], xaxis=dict(showgrid=False, linecolor="#888888"),
        yaxis=dict(gridcolor="#e3e3e3", linecolor="#888888"), margin=dict(l=70, r=40, t=100, b=110)))

Progress = Callable[[float, str], None]


# ─────────────────────────── kaleido: one warm server, one lock ───────────────────────────

_LOCK = threading.Lock()
_server_running = False


def _browser_env() -> None:
    # choreographer finds chromium on PATH; name the Debian binary explicitly when PATH is minimal (services).
    if not os.environ.get("BROWSER_PATH"):
        for candidate in (shutil.which("chromium"), "/usr/bin/chromium", shutil.which("google-chrome")):
            if candidate and Path(candidate).exists():
                os.environ["BROWSER_PATH"] = candidate
                break


def _start_server() -> None:
    global _server_running
    import kaleido
    _browser_env()
    kaleido.start_sync_server(silence_warnings=True)
    _server_running = True
    # Registered after kaleido made its temporary browser profile, so (atexit runs last-in first-out) the
    # browser is stopped before that folder is cleaned up; the other order prints an OSError at exit.
    atexit.register(stop_server)


def stop_server() -> None:
    """Stop the warm kaleido server (at exit; tests and the benchmark use it to measure a cold export)."""
    global _server_running
    with _LOCK:
        if _server_running:
            import kaleido
            kaleido.stop_sync_server(silence_warnings=True)
            _server_running = False



def render_png(fig: go.Figure, width: int = WIDTH, height: int = HEIGHT, scale: float = SCALE,
               warm: bool = True) -> bytes:
    """PNG bytes of a figure already prepared for export (see `prepare_figure`).

    warm=True uses the process's kaleido server (started on first use); warm=False starts a fresh Chromium
    for this one image (the cold path, for the benchmark). Either way under the lock.
    """
    import kaleido
    from kaleido import _sync_server
    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    with _LOCK:
        if not warm:
            _browser_env()
            return _sync_server.oneshot_async_run(kaleido.calc_fig, args=(fig,), kwargs={"opts": opts})
        if not _server_running:
            _start_server()
        try:
            return kaleido.calc_fig_sync(fig, opts=opts)
        except Exception:
            # A crashed browser leaves the server unusable: start it again once and retry.
            kaleido.stop_sync_server(silence_warnings=True)
            _start_server()
            return kaleido.calc_fig_sync(fig, opts=opts)


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# ─────────────────────────── footer: source, cut-off, basis, sample ───────────────────────────

def sample_in_store(store: Store) -> bool:
    """True when an active revision came from a file marked 示例数据 (the sample shipped with the app)."""
    h = store.history()
    if h.empty:
        return False
    return bool((h.active.astype(bool) & h.file_name.fillna("").str.contains(SAMPLE_MARK, regex=False)).any())


def cutoff_text(period: Period, lang: str) -> str:
    """数据截至 2023年6月底 / end of Jun 2023."""
    month = _EN_MONTHS[period.end_month] if lang == "en" else period.end_month
    return t("export.cutoff", lang, year=period.year, month=month)


def basis_text(kind: str, lang: str, price_basis: str = "nominal", period: Period | None = None) -> str:
    """口径 of a chart: growth real/nominal, or cumulative counts against time progress."""
    if kind == "growth":
        return t(f"export.basis_{price_basis}", lang)
    if kind == "mixed":
        return t("export.basis_mixed", lang)
    tp = f"{period.time_progress_pct:.0f}%" if period else ""
    return t("export.basis_count", lang, tp=tp)


def footer_text(period: Period, lang: str, basis: str, sample: bool) -> str:
    text = t("export.footer", lang, source=t("app.data_source", lang), cutoff=cutoff_text(period, lang), basis=basis)
    if sample:
        text += ("  |  " if lang == "en" else "  |  ") + t("export.sample_mark", lang)
    return text


# ─────────────────────────── preparing a figure for export ───────────────────────────

def _text_width(text: str, size: float) -> float:
    """Rough rendered width in px: CJK and full-width characters one em, the rest about 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in str(text))


def prepare_figure(fig: go.Figure, title: str | None, footer: str, sample: bool, lang: str = "zh") -> go.Figure:
    """A deep copy at 16:9 with our template, the CJK font, a title and the footer at the bottom-left corner.

    The input figure (perhaps on screen in Streamlit) is not touched. Any footnote the figure carries is
    replaced by the export footer so the PNG says source, cut-off, basis and sample in one place. Text is set
    a step larger than on screen: the PNG is shown full-screen on a projector.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    out.layout.annotations = [a for a in out.layout.annotations if getattr(a, "name", None) != "footnote"]
    for a in out.layout.annotations:
        if a.font.size:
            a.font.size = a.font.size + 2
    for tr in out.data:
        tf = getattr(tr, "textfont", None)
        if tf is not None and tf.size is not None and not isinstance(tf.size, tuple):
            tf.size = tf.size + 3
    out.update_layout(template=pio.templates[TEMPLATE], width=WIDTH, height=HEIGHT, autosize=False,
                      font=dict(family=FONT_FAMILY, size=FONT_SIZE), paper_bgcolor="white",
                      legend=dict(font=dict(size=FONT_SIZE)))
    out.update_xaxes(tickfont=dict(size=FONT_SIZE), title=dict(font=dict(size=FONT_SIZE)))
    out.update_yaxes(tickfont=dict(size=FONT_SIZE), title=dict(font=dict(size=FONT_SIZE)))
    if title:
        out.update_layout(title=dict(text=title))
    out.update_layout(title=dict(font=dict(family=FONT_FAMILY, size=TITLE_SIZE), x=0.02, xanchor="left", y=0.965,
                                 yanchor="top", yref="container"))
    m = out.layout.margin
    top, bottom, right = max(m.t or 0, 100), max(m.b or 0, 120), max(m.r or 0, 40)
    # Annotations cannot be placed relative to the whole image, only to the plot area ("paper"): fix the left
    # margin from the longest category label so the footer can start at the image's left edge like the title.
    labels = [str(v) for tr in out.data if getattr(tr, "orientation", None) == "h" and tr.y is not None
              for v in tr.y]
    if labels and out.layout.yaxis.showticklabels is not False:
        left = int(max(_text_width(x, FONT_SIZE) for x in labels) + 30)
        if out.layout.yaxis.title.text:
            left += FONT_SIZE + 24
        out.update_yaxes(automargin=False)
    else:
        left = max(m.l or 0, 90)
    out.update_layout(margin=dict(t=top, b=bottom, l=left, r=right))
    plot_w, plot_h = WIDTH - left - right, HEIGHT - top - bottom
    rows = list(dict.fromkeys(labels))
    if rows and len(rows) * ROW_PX_MAX < plot_h:
        # One or two bars drawn for a short on-screen chart would fill a 16:9 image as a slab, dwarfing the
        # target and time-progress marks (fixed-size markers): pad the category axis so a row is ≤ ROW_PX_MAX.
        pad = (plot_h / ROW_PX_MAX - len(rows)) / 2
        lo, hi = -0.5 - pad, len(rows) - 0.5 + pad
        reversed_ = out.layout.yaxis.autorange == "reversed"
        out.update_yaxes(range=[hi, lo] if reversed_ else [lo, hi], autorange=False)
    x0 = -(left - 0.02 * WIDTH) / plot_w   # the title's left edge
    out.add_annotation(text=footer, xref="paper", yref="paper", x=x0, y=-(bottom - 12) / plot_h,
                       xanchor="left", yanchor="bottom", showarrow=False, align="left",
                       font=dict(family=FONT_FAMILY, size=FOOTER_SIZE, color="#444444"), name="export_footer")
    if sample:
        out.add_annotation(text=f"<b>{t('export.sample_mark', lang)}</b>", xref="paper", yref="paper",
                           x=1 + (right - 0.02 * WIDTH) / plot_w, y=1 + (top - 0.035 * HEIGHT) / plot_h,
                           xanchor="right", yanchor="top", showarrow=False,
                           font=dict(family=FONT_FAMILY, size=FOOTER_SIZE + 4, color="#c00000"),
                           bordercolor="#c00000", borderwidth=2, borderpad=4, bgcolor="white", name="sample_mark")
    return out


# ─────────────────────────── the charts of a briefing ───────────────────────────

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
        prepared = prepare_figure(fig, title, foot, sample, lang)
        charts.append(Chart(area, _safe_name(indicator), _figure_title(prepared), prepared))

    series = {s.indicator.id: s for s in headline_series(plan, store, card)}
    for a in card.headline:
        basis = basis_text("growth", lang, a.target.indicator.price_basis)
        add("overview", a.id, _charts.growth_chart(series[a.id], lang, ""), basis)
    fig = _charts.status_summary_chart(card.status_counts(card.all), lang, "")
    add("overview", "status", fig, basis_text("mixed", lang))

    for area_id in area_ids:
        area = year_plan.area(area_id)
        ids = {tg.id for tg in year_plan.targets_of_area(area_id, include_tracked=False)}
        rows = [a for a in card.subtargets if a.id in ids]
        cumulative = [a for a in rows if a.kind == "cumulative"]
        count_basis = basis_text("cumulative", lang, period=period)
        title = t("export.area_chart_title", lang, area=area.short(lang))
        if cumulative:
            add(area_id, "progress", _charts.progress_chart(cumulative, lang, "", title), count_basis, title=title)
        for a in rows:
            if a.actual is None:
                continue  # shown as 暂无数据 in the area's progress chart; no empty image per indicator
            name = a.target.indicator.name(lang)
            if a.kind == "cumulative":
                add(area_id, a.id, _charts.progress_chart([a], lang, "", name), count_basis, title=name)
            else:
                add(area_id, a.id, _charts.limit_chart(a, lang, ""), t(f"kind.{a.kind}", lang))
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
            c.png = render_png(c.figure)


# ─────────────────────────── tables ───────────────────────────

def subtarget_rows(card: Scorecard, area_id: str, lang: str) -> list[list[str]]:
    """Rows for an area's table: indicator, target, actual, completion, gap, status, lead unit."""
    plan = card.plan
    ids = {tg.id for tg in plan.targets_of_area(area_id, include_tracked=False)}
    out = []
    for a in card.subtargets:
        if a.id not in ids:
            continue
        unit = a.target.unit
        target = narrative.target_text(a.target.target, unit, lang)
        if a.kind == "ceiling":
            target = "≤" + target
        elif a.kind == "level":
            target = "≥" + target
        actual = "—" if a.actual is None else narrative.value_with_unit(a.actual, unit, lang)
        completion = "—" if a.completion_pct is None else narrative.rate(a.completion_pct)
        if a.gap is None:
            gap = "—"
        elif a.kind == "cumulative" or unit == "%":
            gap = f"{narrative.round1(a.gap):+.1f}"
        else:
            gap = f"{a.gap:+,.2f}".rstrip("0").rstrip(".")
        lead = plan.canonical_unit(plan.task(a.target.task).lead_unit)
        out.append([a.target.indicator.name(lang), target, actual, completion, gap, status_label(a.status, lang),
                    lead, a.status])
    return out


def scorecard_frame(card: Scorecard, lang: str = "zh") -> pd.DataFrame:
    """Every target at the period, for the CSV in the ZIP (text cells escaped against formula injection)."""
    rows = []
    for a in card.all:
        area = "" if a.target.task is None else card.plan.area(card.plan.task(a.target.task).area).short(lang)
        rows.append({t("export.col_period", lang): card.period.key, t("export.col_area", lang): area,
                     t("export.col_indicator", lang): a.target.indicator.name(lang), "id": a.id,
                     t("export.col_unit", lang): unit_label(a.target.unit, lang) if a.kind != "growth" else "%",
                     t("export.col_target", lang): a.target.target, t("export.col_actual", lang): a.actual,
                     t("export.col_completion", lang): None if a.completion_pct is None else round(a.completion_pct, 1),
                     t("export.col_gap", lang): None if a.gap is None else round(a.gap, 1),
                     t("export.col_status", lang): status_label(a.status, lang)})
    df = pd.DataFrame(rows)
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(escape_cell)
    df.columns = [escape_cell(c) for c in df.columns]
    return df


# ─────────────────────────── PPTX ───────────────────────────

def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor
    return RGBColor.from_string(hex_colour.lstrip("#"))


def _pptx_font(run, size: float, bold: bool = False, colour: str = "#222222") -> None:
    """Size, colour and both typefaces: a:latin for Latin text and a:ea for the Chinese (East-Asian) runs."""
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement
    from pptx.util import Pt
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)
    rPr = run._r.get_or_add_rPr()
    latin = rPr.get_or_add_latin()
    latin.set("typeface", LATIN_FONT)
    ea = rPr.find(qn("a:ea"))
    if ea is None:
        ea = OxmlElement("a:ea")
        latin.addnext(ea)  # schema order: latin, ea, cs
    ea.set("typeface", EA_FONT)
    rPr.set("lang", "en-US" if all(ord(ch) < 0x2E80 for ch in run.text) else "zh-CN")


def _textbox(slide, left, top, width, height, lines, size=18, bold=False, colour="#222222", align=None,
             anchor=None, space_after=None):
    """A text box with one paragraph per line; a line is str or (text, size, bold, colour)."""
    from pptx.enum.text import MSO_ANCHOR
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    if anchor is not None:
        tf.vertical_anchor = anchor
    else:
        tf.vertical_anchor = MSO_ANCHOR.TOP
    for i, line in enumerate(lines):
        text, s, b, c = (line, size, bold, colour) if isinstance(line, str) else line
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        if align is not None:
            p.alignment = align
        if space_after is not None:
            p.space_after = space_after
        r = p.add_run()
        r.text = text
        _pptx_font(r, s, b, c)
    return box


def _slide_title(slide, text: str, prs) -> None:
    from pptx.util import Emu, Inches
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.25), Emu(prs.slide_width - Inches(1.0)), \
        Inches(0.85)
    tf = title.text_frame
    tf.text = ""
    p = tf.paragraphs[0]
    from pptx.enum.text import PP_ALIGN
    p.alignment = PP_ALIGN.LEFT
    r = p.add_run()
    r.text = text
    _pptx_font(r, 30, True, "#1f4e79")


def _add_picture_fit(slide, png: bytes, left, top, max_w, max_h):
    w, h = png_size(png)
    scale = min(max_w / w, max_h / h)
    pw, ph = int(w * scale), int(h * scale)
    return slide.shapes.add_picture(io.BytesIO(png), left + (max_w - pw) // 2, top, pw, ph)


def _sample_stamp(slide, prs, lang: str) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches
    box = _textbox(slide, prs.slide_width - Inches(3.6), Inches(0.3), Inches(3.2), Inches(0.5),
                   [(t("export.sample_mark", lang), 14, True, "#c00000")], align=PP_ALIGN.RIGHT)
    box.line.color.rgb = _rgb("#c00000")


def build_pptx(card: Scorecard, briefing: Briefing, charts: list[Chart], lang: str = "zh",
               sample: bool = False, areas: Iterable[str] | None = None) -> bytes:
    """16:9 deck: cover; headline cards; one slide per headline chart; one slide per area; red items."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    W, H = prs.slide_width, prs.slide_height
    blank_title = prs.slide_layouts[5]  # "Title Only"
    period = card.period
    mixed = basis_text("mixed", lang)

    def footer(slide, basis):
        foot = footer_text(period, lang, basis, sample)
        _textbox(slide, Inches(0.5), H - Inches(0.45), W - Inches(1.0), Inches(0.35), [(foot, 11, False, "#666666")])

    def content_slide(title: str, basis: str = mixed):
        s = prs.slides.add_slide(blank_title)
        _slide_title(s, title, prs)
        footer(s, basis)
        if sample:
            _sample_stamp(s, prs, lang)
        return s

    # 1. cover
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    band = cover.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.2), W, Inches(2.6))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb("#1f4e79")
    band.line.fill.background()
    district = card.plan.district_en if lang == "en" else card.plan.district_zh
    _textbox(cover, Inches(0.8), Inches(2.4), W - Inches(1.6), Inches(1.4),
             [(card.plan.title(lang), 40, True, "#ffffff")], align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    _textbox(cover, Inches(0.8), Inches(3.8), W - Inches(1.6), Inches(0.8),
             [(f"{district} · {briefing.period_label}", 26, False, "#ffffff")], align=PP_ALIGN.CENTER)
    _textbox(cover, Inches(0.8), Inches(5.4), W - Inches(1.6), Inches(0.6),
             [(cutoff_line(period, lang), 18, False, "#444444")], align=PP_ALIGN.CENTER)
    if sample:
        _textbox(cover, Inches(0.8), Inches(6.1), W - Inches(1.6), Inches(0.6),
                 [(t("export.sample_mark", lang), 20, True, "#c00000")], align=PP_ALIGN.CENTER)

    # 2. headline cards
    s = content_slide(f"{t('export.cards_title', lang)}({briefing.period_label})" if lang == "zh"
                      else f"{t('export.cards_title', lang)} ({briefing.period_label})")
    n = len(card.headline)
    gapw = Inches(0.25)
    cw = (W - Inches(1.0) - gapw * (n - 1)) // max(n, 1)
    for i, a in enumerate(card.headline):
        left = Inches(0.5) + i * (cw + gapw)
        shape = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, Inches(1.35), cw, Inches(3.3))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb("#f7f7f7")
        shape.line.color.rgb = _rgb(STATUS_COLOURS[a.status])
        shape.line.width = Pt(4)
        shape.adjustments[0] = 0.06
        value = "—" if a.actual is None else narrative.rate(a.actual)
        change = ""
        prev_q = period.previous_quarter()
        if prev_q is not None and a.actual is not None and a.previous_actual is not None:
            d = narrative.round1(narrative.round1(a.actual) - narrative.round1(a.previous_actual))
            change = (f"较{prev_q.label(lang)} {d:+.1f}" if lang == "zh" else f"{d:+.1f} pp vs {prev_q.label(lang)}")
        lines = [(a.target.indicator.short(lang), 20, True, "#222222"),
                 (value, 40, True, STATUS_COLOURS[a.status]),
                 (t("export.card_target", lang, target=f"≥{fmt_number(a.target.target)}%"), 16, False, "#444444"),
                 (status_label(a.status, lang), 20, True, STATUS_COLOURS[a.status])]
        if change:
            lines.append((change, 15, False, "#444444"))
        _textbox(s, left + Inches(0.1), Inches(1.5), cw - Inches(0.2), Inches(3.0), lines, align=PP_ALIGN.CENTER)
    pace = narrative.pace_sentences(card, lang, [])
    body = [(line, 16, False, "#222222") for line in (list(briefing.headline) + pace)]
    _textbox(s, Inches(0.5), Inches(4.85), W - Inches(1.0), Inches(2.1), body)
    s.notes_slide.notes_text_frame.text = "\n".join(briefing.headline)

    by_area: dict[str, list[Chart]] = {}
    for c in charts:
        by_area.setdefault(c.area, []).append(c)
    pic_top, pic_h = Inches(1.15), H - Inches(1.15) - Inches(0.55)

    # 3. headline charts, one slide each, with the sentence as speaker notes
    for c, a, sentence in zip([c for c in by_area.get("overview", []) if c.indicator != "status"], card.headline,
                              briefing.headline):
        s = content_slide(c.title or c.indicator, basis_text("growth", lang, a.target.indicator.price_basis))
        _add_picture_fit(s, c.png, Inches(0.5), pic_top, W - Inches(1.0), pic_h)
        s.notes_slide.notes_text_frame.text = sentence

    # 4. one slide per area: its progress chart; text when it has none
    for at in briefing.areas:
        s = content_slide(at.title, basis_text("cumulative", lang, period=period))
        area_charts = by_area.get(at.area, [])
        main = next((c for c in area_charts if c.indicator == "progress"), None)
        if main is not None and main.png:
            _add_picture_fit(s, main.png, Inches(0.5), pic_top, W - Inches(1.0), pic_h)
        else:
            lines = [(p, 20, False, "#222222") for p in at.paragraphs] or [t("export.no_subtargets", lang)]
            _textbox(s, Inches(0.7), Inches(1.4), W - Inches(1.4), H - Inches(2.2), lines, space_after=Pt(12))
        s.notes_slide.notes_text_frame.text = "\n".join(at.paragraphs)

    # 5. red items, seven to a slide
    items = [r.text for r in briefing.red] or [t("narrative.no_red_items", lang)]
    for k in range(0, len(items), 7):
        s = content_slide(t("export.red_title" if k == 0 else "export.red_continued", lang))
        lines = [(f"■ {x}", 20, False, "#222222") for x in items[k:k + 7]]
        _textbox(s, Inches(0.6), Inches(1.3), W - Inches(1.2), H - Inches(2.0), lines, space_after=Pt(12))

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def cutoff_line(period: Period, lang: str) -> str:
    sep = ":" if lang == "zh" else ": "
    label = "数据截至" if lang == "zh" else "Data as of"
    return f"{label}{sep}{cutoff_text(period, lang)}"


# ─────────────────────────── DOCX ───────────────────────────

def _docx_font(run, size: float | None = None, bold: bool | None = None, colour: str | None = None) -> None:
    """Latin typeface via w:ascii/w:hAnsi and the Chinese one via w:eastAsia on the run's w:rFonts."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor
    run.font.name = LATIN_FONT
    rfonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), EA_FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))


def _docx_style_fonts(doc) -> None:
    from docx.oxml.ns import qn
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption", "Table Grid"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        style.font.name = LATIN_FONT
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), EA_FONT)


def _para(doc, text: str, size: float = 12, bold: bool = False, colour: str | None = None, style: str | None = None):
    p = doc.add_paragraph(style=style)
    r = p.add_run(text)
    _docx_font(r, size, bold, colour)
    return p


def _heading(doc, text: str, level: int):
    h = doc.add_heading(level=level)
    r = h.add_run(text)
    _docx_font(r, 16 if level == 1 else 14, True, "#1f4e79")
    return h


def build_docx(card: Scorecard, briefing: Briefing, charts: list[Chart], lang: str = "zh",
               sample: bool = False) -> bytes:
    """The written report: title, period, the generated paragraphs, sub-target tables and charts."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = Document()
    _docx_style_fonts(doc)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.2)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(title.add_run(briefing.title), 20, True)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(sub.add_run(f"({briefing.period_label})" if lang == "zh" else f"({briefing.period_label})"), 14)
    meta = doc.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(meta.add_run(cutoff_line(card.period, lang)), 10.5, colour="#555555")
    if sample:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _docx_font(p.add_run(t("export.sample_mark", lang)), 12, True, "#c00000")

    by_area: dict[str, list[Chart]] = {}
    for c in charts:
        by_area.setdefault(c.area, []).append(c)
    width = Cm(16.5)
    for section in briefing.sections:
        _heading(doc, section.title, 1)
        if section.key == "headline":
            for sentence in briefing.headline:
                _para(doc, sentence)
            for extra in section.paragraphs[1:]:
                _para(doc, extra, 10.5, colour="#555555")
            for c in by_area.get("overview", []):
                if c.png:
                    doc.add_picture(io.BytesIO(c.png), width=width)
            continue
        for text in section.paragraphs:
            _para(doc, text)
        if section.key.startswith("area:"):
            area_id = section.key.split(":", 1)[1]
            rows = subtarget_rows(card, area_id, lang)
            if rows:
                _docx_table(doc, rows, lang)
            for c in by_area.get(area_id, []):
                if c.indicator == "progress" and c.png:
                    doc.add_picture(io.BytesIO(c.png), width=width)
    foot = doc.sections[0].footer.paragraphs[0]
    _docx_font(foot.add_run(footer_text(card.period, lang, basis_text("mixed", lang), sample)), 9, colour="#666666")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table(doc, rows: list[list[str]], lang: str) -> None:
    heads = [t(f"export.col_{k}", lang) for k in ("indicator", "target", "actual", "completion", "gap", "status",
                                                   "lead")]
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
    widths = [Cm(w) for w in (4.6, 2.0, 2.0, 1.7, 1.4, 2.0, 2.3)]
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    trPr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats when the table runs onto the next page
    repeat.set(qn("w:val"), "true")
    trPr.append(repeat)
    for cell, text, w in zip(header.cells, heads, widths):
        cell.text = ""
        cell.width = w
        _docx_font(cell.paragraphs[0].add_run(text), 10, True)
    for row in rows:
        cells = table.add_row().cells
        status = row[-1]
        for j, (cell, text) in enumerate(zip(cells, row[:-1])):
            cell.text = ""
            cell.width = widths[j]
            colour = STATUS_COLOURS[status] if j == 5 else None
            _docx_font(cell.paragraphs[0].add_run(str(text)), 10, j == 5, colour)
    doc.add_paragraph()


# ─────────────────────────── the pack ───────────────────────────

@dataclass
class Pack:
    period: str
    lang: str
    briefing: Briefing
    charts: list[Chart]
    files: dict[str, bytes] = field(default_factory=dict)   # file name → content


def pack_basename(card: Scorecard, lang: str) -> str:
    return f"{card.period.key}_briefing" + ("_en" if lang == "en" else "")


def build_pack(plan: Plan, store: Store, period_key: str, areas: Iterable[str] | None = None,
               formats: Iterable[str] = ("zip", "pptx", "docx"), lang: str = "zh",
               progress: Progress | None = None) -> Pack:
    """Everything for a period: charts rendered once, then the requested files.

    formats: "png" (one file per chart), "zip" (all PNGs + the scorecard CSV + the text), "pptx", "docx".
    progress(fraction, message) is called as work advances (0 → 1).
    """
    formats = [f.strip().lower() for f in formats if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown export format {bad[0]!r} (choose from {', '.join(FORMATS)})")
    areas = list(areas) if areas is not None else None
    if areas is not None:
        known = {a.id for a in plan.year(int(period_key[:4])).areas}
        unknown = [a for a in areas if a not in known]
        if unknown:
            raise ValueError(f"unknown area {unknown[0]!r} (areas: {', '.join(sorted(known))})")
    report = progress or (lambda f, m: None)
    card = build_scorecard(plan, store, period_key)
    sample = sample_in_store(store)
    briefing = build_briefing(card, lang, areas, ranking=briefing_sentences(plan, store, period_key, lang))
    charts = briefing_charts(plan, store, card, areas, lang, sample)
    render_charts(charts, report, lang, 0.0, 0.8)
    pack = Pack(period=card.period.key, lang=lang, briefing=briefing, charts=charts)
    base = pack_basename(card, lang)
    if "png" in formats:
        for c in charts:
            pack.files[c.filename(card.period.key)] = c.png
    if "pptx" in formats:
        report(0.82, t("export.progress_pptx", lang))
        pack.files[f"{base}.pptx"] = build_pptx(card, briefing, charts, lang, sample, areas)
    if "docx" in formats:
        report(0.9, t("export.progress_docx", lang))
        pack.files[f"{base}.docx"] = build_docx(card, briefing, charts, lang, sample)
    if "zip" in formats:
        report(0.96, t("export.progress_zip", lang))
        pack.files[f"{base}_charts.zip"] = build_zip(card, briefing, charts, lang)
    report(1.0, t("export.progress_done", lang))
    return pack


def build_zip(card: Scorecard, briefing: Briefing, charts: list[Chart], lang: str = "zh") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for c in charts:
            z.writestr(c.filename(card.period.key), c.png, compress_type=zipfile.ZIP_STORED)  # PNG is compressed
        csv = scorecard_frame(card, lang).to_csv(index=False).encode("utf-8-sig")
        z.writestr(f"{card.period.key}_scorecard.csv", csv)
        z.writestr(f"{card.period.key}_briefing.txt", briefing.text().encode("utf-8"))
    return buf.getvalue()


def write_pack(pack: Pack, out_dir: str | os.PathLike) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in pack.files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def export_date() -> str:
    return dt.date.today().isoformat()

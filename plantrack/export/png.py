"""Chart PNGs for the briefing: one warm kaleido server behind a lock, figures prepared for 16:9 export.

PNG facts this module is built around (measured, see bench/bench_export.py and bench/README.md):
- A cold kaleido export starts a Chromium per call (seconds); `kaleido.start_sync_server()` keeps one warm for
  the process and an export takes a fraction of a second. The warm server returns the *wrong image* when
  called from several threads at once, so every export holds `_LOCK` (Streamlit runs sessions in threads).
- `import streamlit` makes "streamlit" Plotly's default template, whose colours the browser fills in: exported
  server-side they come out black. Every figure is exported as a deep copy with our own template object.
- Chinese renders as boxes unless a CJK family is named: the figure names "Noto Sans CJK SC" (fonts-noto-cjk).

Every PNG is 16:9 (1280×720 layout, scale 3 → 3840×2160; a chart of many rows grows taller) with a title and
a footer naming the source, the data cut-off, the basis (口径: real / nominal / cumulative counts) and 示例数据
when sample data is in the store.
"""
from __future__ import annotations

import atexit
import copy
import os
import re
import shutil
import threading
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from ..model.i18n import t
from ..present import charts as _charts

# 16:9 at a size where 16–18 px text is legible; scale 3 gives 3840×2160 for a projector or print.
WIDTH, HEIGHT, SCALE = 1280, 720, 3
# Text sizes in layout px (×3 in the PNG). A stand-alone PNG is placed by the user: filling a 16:9 slide's width
# (960 pt) 24 px is 18 pt, filling half the slide's area 12.7 pt. Charts placed on our own slides are rendered
# at their placed size instead (prepare_slide_figure), where a px is a point.
FONT_SIZE, TITLE_SIZE, FOOTER_SIZE = 24, 32, 20
SLIDE_WIDTH_PT = 960.0
ROW_PX_MAX = 110   # tallest row of a horizontal bar chart in the export
ROW_EM = 1.6       # shortest row, in text heights: more rows than fit at 16:9 make the image taller
FONT_FAMILY = _charts.FONT_FAMILY
TEMPLATE = _charts.TEMPLATE   # registered in plotly's templates by plantrack/present/charts.py


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

# ─────────────────────────── preparing a figure for export ───────────────────────────

def _text_width(text: str, size: float) -> float:
    """Rough rendered width in px: CJK and full-width characters one em, the rest about 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in str(text))


def _wrap_footer(text: str, width_px: float, size: float) -> str:
    """The footer in as many lines as it needs, broken after a ；/; (between its parts, never inside one)."""
    if _text_width(text, size) <= width_px:
        return text
    parts = [p for p in text.replace("；", "；\n").replace("; ", ";\n").replace("  |  ", "\n").split("\n") if p]
    lines, line = [], ""
    for part in parts:
        if line and _text_width(line + part, size) > width_px:
            lines.append(line)
            line = part
        else:
            line += part
    lines.append(line)
    return "<br>".join(lines)


def _legend_rows(fig: go.Figure, width_px: float) -> int:
    """Rows a horizontal legend above the plot takes: entries (symbol + text) laid left to right."""
    # our template puts the legend in a row above the plot (orientation "h", y 1.02) unless a chart says otherwise
    if fig.layout.showlegend is False or (fig.layout.legend.orientation or "h") != "h":
        return 0
    names = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False]
    if len(names) < 2 and fig.layout.showlegend is not True:
        return 0
    rows, used = 1, 0.0
    for name in dict.fromkeys(names):
        w = _text_width(name, FONT_SIZE) * 1.08 + 90   # symbol, gaps; CJK glyphs a little over one em
        if used and used + w > width_px:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def _top_room(fig: go.Figure, titled: bool) -> int:
    """Room above the plot for the title and a legend of however many rows, so the two never overlap."""
    legend = _legend_rows(fig, WIDTH - 90 - 40)
    above = fig.layout.legend.y is None or (fig.layout.legend.y or 0) >= 1
    return int((0.035 * HEIGHT + TITLE_SIZE * 1.5 if titled else 20)
               + (legend * FONT_SIZE * 1.6 + 14 if above and legend else 0) + 12)


_TAG = re.compile(r"<[^>]+>")


def _room_for_right_labels(fig: go.Figure, plot_w: float) -> None:
    """A column of labels written right of the bars ("100.0% 提前完成") ends inside the plot: the x range is
    widened for the longest at the export's text size (the screen's range was sized for smaller text)."""
    rng = fig.layout.xaxis.range
    if not rng or rng[0] is None or rng[1] is None:
        return
    lo, hi = float(rng[0]), float(rng[1])
    for tr in fig.data:
        if tr.type != "scatter" or "text" not in (tr.mode or "") or tr.textposition != "middle right" \
                or tr.x is None or tr.text is None:
            continue
        size = tr.textfont.size or FONT_SIZE
        start = max(float(x) for x in tr.x)
        need = max(_text_width(_TAG.sub("", str(x)), size) for x in tr.text) + 16
        if need >= plot_w * 0.9:
            continue
        # (hi − start) / (hi − lo) of the plot must hold the label: hi = (start − lo·f) / (1 − f), f = need / plot_w
        f = need / plot_w
        hi = max(hi, (start - lo * f) / (1 - f))
    fig.update_xaxes(range=[lo, hi])


def prepare_figure(fig: go.Figure, title: str | None, footer: str, sample: bool, lang: str = "zh") -> go.Figure:
    """A deep copy at 16:9 with our template, the CJK font, a title and the footer at the bottom-left corner.

    The input figure (perhaps on screen in Streamlit) is not touched. Any footnote the figure carries is
    replaced by the export footer so the PNG says source, cut-off, basis and sample in one place. Text is set
    a step larger than on screen: the PNG is shown full-screen on a projector.
    """
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    # the screen's trajectory chart hangs its legend from the top of the container (charts.fit_legend, sized
    # for a half-width column): here the legend goes back above the plot, where _top_room makes room for it
    out.update_layout(legend=dict(yref="paper", y=1.02, yanchor="bottom"))
    out.layout.annotations = [a for a in out.layout.annotations if getattr(a, "name", None) != "footnote"]
    for a in out.layout.annotations:
        a.font.size = max((a.font.size or 0) + 2, FONT_SIZE)
    for tr in out.data:
        tf = getattr(tr, "textfont", None)
        if tf is not None and not isinstance(tf.size, tuple):
            tf.size = max((tf.size or 0) + 3, FONT_SIZE)
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
    footer = _wrap_footer(footer, WIDTH - 0.04 * WIDTH, FOOTER_SIZE)
    footer_lines = footer.count("<br>") + 1
    top = max(m.t or 0, _top_room(out, title is not None or bool(out.layout.title.text)))
    bottom = max(m.b or 0, 120) + (footer_lines - 1) * int(FOOTER_SIZE * 1.3) + (FONT_SIZE - 18) * 2
    right = max(m.r or 0, 40)
    # a label sitting on the plot's top edge (年度目标 100%) gets its own row under the legend
    edge = [a for a in out.layout.annotations if a.yref == "paper" and (a.y or 0) >= 1 and a.yanchor == "bottom"]
    edge_room = int(FONT_SIZE * 1.5) if edge and _legend_rows(out, WIDTH - 130) else 0
    top += edge_room
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
    rows = list(dict.fromkeys(labels))
    height = HEIGHT
    if rows and len(rows) * FONT_SIZE * ROW_EM > HEIGHT - top - bottom:
        # many rows (an area's progress chart with 19 targets): the image grows taller instead of its text
        # shrinking — in the report it is a page-wide figure, and every row keeps the text size of the others
        height = int(top + bottom + len(rows) * FONT_SIZE * ROW_EM)
        out.update_layout(height=height)
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    if edge_room:
        out.update_layout(legend=dict(y=1 + edge_room / plot_h, yanchor="bottom"))
    if rows:
        out.update_yaxes(dtick=1)    # every row named: plotly would otherwise skip labels on a dense axis
    if rows and len(rows) * ROW_PX_MAX < plot_h:
        # One or two bars drawn for a short on-screen chart would fill a 16:9 image as a slab, dwarfing the
        # target and time-progress marks (fixed-size markers): pad the category axis so a row is ≤ ROW_PX_MAX.
        pad = (plot_h / ROW_PX_MAX - len(rows)) / 2
        lo, hi = -0.5 - pad, len(rows) - 0.5 + pad
        reversed_ = out.layout.yaxis.autorange == "reversed"
        out.update_yaxes(range=[hi, lo] if reversed_ else [lo, hi], autorange=False)
    _room_for_right_labels(out, plot_w)
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



# ─────────────────────────── a chart placed on a slide ───────────────────────────

# A chart on a slide is rendered at the size it is placed, one layout px to one point, so a font size in the
# figure is its size on the slide. The slide carries the title, the 示例数据 stamp and the source footer;
# the image has none of them (a second copy would only repeat them smaller).
SLIDE_FONT_PT, SLIDE_SMALL_PT = 18, 16     # body text; tick labels and axis titles
SLIDE_SCALE = 4                            # ≈ 3550 px across the slide: sharp on a 4K projector
_SLIDE_DROP = {"footnote", "export_footer", "sample_mark"}


def prepare_slide_figure(fig: go.Figure, width_pt: float, height_pt: float) -> go.Figure:
    """A deep copy for a slide: no title, stamp or footer (the slide has them), laid out at the placed size in
    points with text ≥ SLIDE_SMALL_PT (ticks, axis titles) and SLIDE_FONT_PT (labels, legend, panel titles)."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    out.layout.annotations = [a for a in out.layout.annotations if getattr(a, "name", None) not in _SLIDE_DROP]
    for a in out.layout.annotations:
        a.font.size = max(a.font.size or 0, SLIDE_FONT_PT)
        a.font.family = FONT_FAMILY
    for tr in out.data:
        tf = getattr(tr, "textfont", None)
        if tf is not None and not isinstance(tf.size, tuple):
            tf.size = max(tf.size or 0, SLIDE_FONT_PT)
    out.update_layout(template=pio.templates[TEMPLATE], width=round(width_pt), height=round(height_pt),
                      autosize=False, title=dict(text=""), paper_bgcolor="white",
                      font=dict(family=FONT_FAMILY, size=SLIDE_FONT_PT),
                      legend=dict(font=dict(size=SLIDE_FONT_PT)))
    out.update_xaxes(tickfont=dict(size=SLIDE_SMALL_PT), title=dict(font=dict(size=SLIDE_SMALL_PT)))
    out.update_yaxes(tickfont=dict(size=SLIDE_SMALL_PT), title=dict(font=dict(size=SLIDE_SMALL_PT)))
    # no title or footer in the image: only room for the first row's panel titles and the tick labels
    out.update_layout(margin=dict(t=int(SLIDE_FONT_PT * 1.8), b=int(SLIDE_SMALL_PT * 2.2), l=80, r=10))
    return out


def text_sizes(fig: go.Figure) -> list[tuple[str, float]]:
    """(what, font size in layout px) of every text a figure draws: the layout font, title, legend, each axis's
    ticks and title, each annotation, each trace's text. For the size checks (text on a slide in points)."""
    lay = fig.layout
    base = lay.font.size or (pio.templates[TEMPLATE].layout.font.size if TEMPLATE in pio.templates else 12)
    out: list[tuple[str, float]] = []
    if lay.title.text:
        out.append(("title", lay.title.font.size or base * 1.4))
    if lay.showlegend is not False and any(getattr(tr, "showlegend", None) is not False for tr in fig.data):
        out.append(("legend", lay.legend.font.size or base))
    for name in dir(lay):
        if not (name.startswith("xaxis") or name.startswith("yaxis")):
            continue
        ax = getattr(lay, name, None)
        if ax is None or not hasattr(ax, "tickfont"):
            continue
        if ax.showticklabels is not False:
            out.append((f"{name} ticks", ax.tickfont.size or base))
        if ax.title.text:
            out.append((f"{name} title", ax.title.font.size or base))
    for a in lay.annotations:
        if a.text:
            out.append((f"annotation {a.name or a.text[:12]}", a.font.size or base))
    for tr in fig.data:
        tf = getattr(tr, "textfont", None)
        mode = getattr(tr, "mode", "") or ""
        has_text = getattr(tr, "text", None) is not None and ("text" in mode or tr.type == "bar")
        if has_text and tf is not None:
            sizes = tf.size if isinstance(tf.size, tuple) else (tf.size,)
            out.extend((f"trace {tr.name or tr.type} text", s or base) for s in sizes)
    return out

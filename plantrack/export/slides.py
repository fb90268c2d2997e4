"""The PPTX deck (python-pptx), 16:9."""
from __future__ import annotations

import io
from typing import Iterable

from ..analysis.scorecard import Scorecard
from ..model.i18n import STATUS_COLOURS, t
from ..present import narrative, period_facts
from ..present.narrative import Briefing
from .figures import SLIDE_PICTURE_IN, Chart
from .footer import basis_text, cutoff_line, footer_text
from .png import png_size

# Office documents name one East-Asian typeface per run (a:ea). The deck names 微软雅黑, which office PCs have.
EA_FONT = "微软雅黑"   # Microsoft YaHei on an office PC; fonts.conf maps it to Noto Sans CJK SC here
LATIN_FONT = "Arial"


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


def _slide_title(slide, text: str, prs, size: float = 30, room_right=0) -> None:
    """The slide's title, left-aligned; room_right keeps clear of the 示例数据 stamp in the top-right corner."""
    from pptx.util import Emu, Inches
    title = slide.shapes.title
    title.left, title.top = Inches(0.5), Inches(0.2)
    title.width, title.height = Emu(prs.slide_width - Inches(1.0) - room_right), Inches(1.0)
    tf = title.text_frame
    tf.text = ""
    p = tf.paragraphs[0]
    from pptx.enum.text import PP_ALIGN
    p.alignment = PP_ALIGN.LEFT
    # balanced lines broken after a comma or between words (gongwen.title_lines), never "6项进/度滞后"
    from .gongwen import title_lines
    lines = title_lines(text, size, title.width / 12700 - 20)
    for k, line in enumerate(lines):
        if k:
            p.add_line_break()
        r = p.add_run()
        r.text = line
        _pptx_font(r, size, True, "#1f4e79")


def _add_picture_fit(slide, png: bytes, left, top, max_w, max_h):
    w, h = png_size(png)
    scale = min(max_w / w, max_h / h)
    pw, ph = int(w * scale), int(h * scale)
    return slide.shapes.add_picture(io.BytesIO(png), left + (max_w - pw) // 2, top, pw, ph)


def _add_slide_chart(slide, chart: Chart):
    """The chart's bare render (no title, stamp or footer: the slide has them) in the slide's picture area, at
    the size it was laid out for, so its font sizes are points on the slide."""
    from pptx.util import Inches
    left, top, width, height = SLIDE_PICTURE_IN
    if chart.slide_png is None:
        raise ValueError(f"chart {chart.indicator!r} has no slide render (figures.SLIDE_CHARTS)")
    return _add_picture_fit(slide, chart.slide_png, Inches(left), Inches(top), Inches(width), Inches(height))


def _sample_stamp(slide, prs, lang: str) -> None:
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches
    box = _textbox(slide, prs.slide_width - Inches(3.6), Inches(0.3), Inches(3.2), Inches(0.55),
                   [(t("export.sample_mark", lang), STAMP_PT, True, "#c00000")], align=PP_ALIGN.CENTER)
    box.line.color.rgb = _rgb("#c00000")


BODY_PT = 18          # the smallest text a meeting room reads at 16:9 (the footer excepted)
FOOTER_PT = 14        # source and cut-off: read when projected, one line across the slide
STAMP_PT = 18         # 示例数据，非正式统计, red in a red box
TABLE_ROWS = 9        # rows of an area's status table on one slide (worst first; the rest counted in a line)


def area_takeaway(card: Scorecard, area_id: str, lang: str) -> str:
    """产业发展：12项中10项序时推进，2项进度滞后 — counts by status label from the presentation model."""
    rows = period_facts(card, lang).of_area(area_id)
    area = card.plan.area(area_id).short(lang)
    if not rows:
        return f"{area}：{t('export.no_subtargets', lang).rstrip('。')}" if lang == "zh" else area
    return takeaway(area, rows, lang)


def takeaway(subject: str, rows, lang: str) -> str:
    """主要经济指标：5项中4项低于目标，1项接近目标 — counts by status label, worst last, as a slide title."""
    by_label: dict[str, int] = {}
    for f in sorted(rows, key=lambda f: STATUS_RANK[f.status.status]):
        by_label[f.status.label] = by_label.get(f.status.label, 0) + 1
    if len(by_label) == 1:   # all in one status: 主要经济指标：5项均未完成 (never "5项中5项未完成")
        return t("export.takeaway_all", lang, area=subject, total=len(rows), label=next(iter(by_label)))
    parts = [t("export.takeaway_part", lang, n=n, label=label) for label, n in by_label.items()]
    return t("export.takeaway", lang, area=subject, total=len(rows),
             parts=t("export.takeaway_sep", lang).join(parts))


STATUS_RANK = {"green": 0, "yellow": 1, "red": 2, "no_data": 3}
WORST_FIRST = ("red", "yellow", "no_data", "green")


def _status_table(slide, rows, lang: str, left, top, width, height) -> None:
    """指标 / 完成 / 年度目标 / 差距 / 状态, worst first, 18 pt; a last line counts what did not fit.

    Columns fitted to their text (gongwen.fit_widths at 18 pt: figures and the status never wrap, the name
    takes the rest), figures right-aligned, every cell vertically centred; the gap's unit in its header
    (tables.gap_column) so "+10.0个百分点" never wraps in a narrow cell."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Emu, Pt

    from .gongwen import CELL_MARGIN_PT, fit_widths
    from .tables import gap_column
    worst = sorted(rows, key=lambda f: WORST_FIRST.index(f.status.status))
    shown = worst[:TABLE_ROWS]
    extra = len(worst) - len(shown)
    gap_head, gaps = gap_column(shown, lang)
    heads = [t("export.col_indicator", lang), t("export.col_actual", lang), t("export.col_target", lang),
             gap_head, t("export.col_status", lang)]
    values = [heads] + [[f.name, f.actual_text, f.target_text, g, f.status.text] for f, g in zip(shown, gaps)]
    align = "lrrrl"
    n_rows = 1 + len(shown) + (1 if extra else 0)
    row_h = min(int(height / n_rows), int(Emu(Pt(40))))
    shape = slide.shapes.add_table(n_rows, len(heads), left, top, width, row_h * n_rows)
    table = shape.table
    widths_pt = fit_widths(heads, values[1:], align, width_pt=width / 12700, size=BODY_PT)
    for j, w in enumerate(widths_pt):
        table.columns[j].width = int(w * 12700)
    table.columns[0].width += width - sum(c.width for c in table.columns)   # rounding: the table fills its width
    for i, vals in enumerate(values):
        table.rows[i].height = row_h
        for j, text in enumerate(vals):
            cell = table.cell(i, j)
            cell.text = ""
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            # the margins fit_widths reckons with (python-pptx's default 0.1 in would wrap a fitted figure)
            cell.margin_left = cell.margin_right = Pt(CELL_MARGIN_PT)
            p = cell.text_frame.paragraphs[0]
            p.alignment = PP_ALIGN.CENTER if i == 0 else PP_ALIGN.RIGHT if align[j] == "r" else PP_ALIGN.LEFT
            r = p.add_run()
            r.text = text
            colour = shown[i - 1].status.colour if (i and j == 4) else ("#ffffff" if i == 0 else "#222222")
            _pptx_font(r, BODY_PT, i == 0 or j == 4, colour)
    if extra:
        cell = table.cell(n_rows - 1, 0)
        cell.merge(table.cell(n_rows - 1, len(heads) - 1))
        cell.vertical_anchor = MSO_ANCHOR.MIDDLE
        r = cell.text_frame.paragraphs[0].add_run()
        r.text = t("export.table_more", lang, n=extra)
        _pptx_font(r, BODY_PT, False, "#444444")


def build_pptx(card: Scorecard, briefing: Briefing, charts: list[Chart], lang: str = "zh",
               sample: bool = False, areas: Iterable[str] | None = None) -> bytes:
    """16:9 deck for the meeting: cover; headline cards; red items; one slide per headline chart titled with its
    message; one slide per area titled with its takeaway, with a status table. Text ≥ 18 pt but the footer."""
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
        # the 示例数据 stamp is on the slide itself (top right), so the footer leaves it out and stays one line
        foot = footer_text(period, lang, basis, False)
        _textbox(slide, Inches(0.5), H - Inches(0.6), W - Inches(1.0), Inches(0.45),
                 [(foot, FOOTER_PT, False, "#555555")], anchor=MSO_ANCHOR.MIDDLE)

    def content_slide(title: str, basis: str = mixed, title_pt: float = 30):
        s = prs.slides.add_slide(blank_title)
        _slide_title(s, title, prs, title_pt, Inches(3.4) if sample else 0)
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
    # the one title of the briefing (narrative.document_title), as on the DOCX and the file names
    from .gongwen import title_lines
    cover_lines = title_lines(briefing.title, 36, (W - Inches(1.6)) / 12700 - 20)
    _textbox(cover, Inches(0.8), Inches(2.3), W - Inches(1.6), Inches(1.7),
             [(line, 36, True, "#ffffff") for line in cover_lines], align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
    _textbox(cover, Inches(0.8), Inches(4.0), W - Inches(1.6), Inches(0.7),
             [(cutoff_line(period, lang), 24, False, "#ffffff")], align=PP_ALIGN.CENTER)
    if sample:
        _textbox(cover, Inches(0.8), Inches(5.6), W - Inches(1.6), Inches(0.6),
                 [(t("export.sample_mark", lang), 24, True, "#c00000")], align=PP_ALIGN.CENTER)

    # 2. headline cards
    facts = period_facts(card, lang)
    # the title carries the message: how the headline indicators stand (主要经济指标：5项中4项低于目标，1项接近目标)
    s = content_slide(takeaway(t("export.cards_subject", lang), facts.headline, lang),
                      title_pt=26)
    n = len(card.headline)
    gapw = Inches(0.25)
    cw = (W - Inches(1.0) - gapw * (n - 1)) // max(n, 1)
    for i, f in enumerate(facts.headline):
        left = Inches(0.5) + i * (cw + gapw)
        shape = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, Inches(1.35), cw, Inches(3.3))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb("#f7f7f7")
        shape.line.color.rgb = _rgb(f.status.colour)
        shape.line.width = Pt(4)
        shape.adjustments[0] = 0.06
        change = f.change_phrase
        lines = [(f.short, 20, True, "#222222"),
                 (f.actual_text, 40, True, f.status.colour),
                 (t("export.card_target", lang, target=f.target_text), BODY_PT, False, "#444444"),
                 (f.status.text, 20, True, f.status.colour)]
        if change:
            lines.append((change, BODY_PT, False, "#444444"))
        _textbox(s, left + Inches(0.1), Inches(1.5), cw - Inches(0.2), Inches(3.0), lines, align=PP_ALIGN.CENTER)
    pace = narrative.pace_sentences(card, lang, [])
    summary = next((sec.paragraphs[0] for sec in briefing.sections if sec.key == "summary"), "")
    body = [(line, BODY_PT, False, "#222222") for line in (pace or [summary])]
    _textbox(s, Inches(0.5), Inches(4.85), W - Inches(1.0), Inches(2.1), body)
    s.notes_slide.notes_text_frame.text = "\n".join(briefing.headline)

    by_area: dict[str, list[Chart]] = {}
    for c in charts:
        by_area.setdefault(c.area, []).append(c)

    # 3. red items second, in the presentation model's order, in colour; seven to a slide
    items = list(briefing.red)
    colours = [STATUS_COLOURS["red"]] * len(items)
    lines_all = [(f"■ {r.text}", BODY_PT, False, c) for r, c in zip(items, colours)] or \
        [(t("narrative.no_red_items", lang), BODY_PT, False, "#222222")]
    for k in range(0, len(lines_all), 7):
        # at the year end the red items are what was not done: the title says so, as the report's section does
        key = "export.red_title_year_end" if period.end_month == 12 else "export.red_title"
        s = content_slide(t(key if k == 0 else key.replace("title", "continued"), lang))
        _textbox(s, Inches(0.6), Inches(1.3), W - Inches(1.2), H - Inches(2.0), lines_all[k:k + 7],
                 space_after=Pt(10))

    # 4. the headline trajectories as small multiples on one slide; the headline sentences as its notes
    multiples = [c for c in by_area.get("overview", []) if c.indicator == "headline_multiples"]
    if multiples:
        s = content_slide(multiples[0].title or t("export.multiples_title", lang), basis_text("mixed", lang),
                          title_pt=24)
        _add_slide_chart(s, multiples[0])
        s.notes_slide.notes_text_frame.text = "\n".join(briefing.headline)

    # 5. one slide per area: the takeaway as its title, a status table (worst first), the text as notes
    for at in briefing.areas:
        rows = facts.of_area(at.area)
        s = content_slide(area_takeaway(card, at.area, lang), basis_text("cumulative", lang, period=period),
                          title_pt=24)
        if rows:
            _status_table(s, rows, lang, Inches(0.5), Inches(1.35), W - Inches(1.0), H - Inches(1.35) - Inches(0.6))
        else:
            lines = [(p, BODY_PT, False, "#222222") for p in at.paragraphs] or [t("export.no_subtargets", lang)]
            _textbox(s, Inches(0.7), Inches(1.4), W - Inches(1.4), H - Inches(2.2), lines, space_after=Pt(12))
        s.notes_slide.notes_text_frame.text = "\n".join(at.paragraphs)

    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


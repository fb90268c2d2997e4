"""The PPTX deck (python-pptx), 16:9."""
from __future__ import annotations

import io
from typing import Iterable

from .. import narrative
from ..i18n import t
from ..present import period_facts
from ..narrative import Briefing
from ..scorecard import Scorecard
from .figures import Chart
from .footer import basis_text, cutoff_line, footer_text
from .png import png_size

# Office documents name one East-Asian typeface per run (a:ea / w:eastAsia). Noto Sans CJK SC is what the
# PNGs use and what renders here; Office on Windows substitutes its own CJK font when it is not installed.
EA_FONT = "Noto Sans CJK SC"
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
    s = content_slide(f"{t('export.cards_title', lang)}（{briefing.period_label}）" if lang == "zh"
                      else f"{t('export.cards_title', lang)} ({briefing.period_label})")
    n = len(card.headline)
    gapw = Inches(0.25)
    cw = (W - Inches(1.0) - gapw * (n - 1)) // max(n, 1)
    facts = period_facts(card, lang)
    for i, f in enumerate(facts.headline):
        left = Inches(0.5) + i * (cw + gapw)
        shape = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, Inches(1.35), cw, Inches(3.3))
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb("#f7f7f7")
        shape.line.color.rgb = _rgb(f.status.colour)
        shape.line.width = Pt(4)
        shape.adjustments[0] = 0.06
        change = ""
        if f.change is not None:
            change = (f"较{f.previous_label} {f.change_text}" if lang == "zh"
                      else f"{f.change_text} vs {f.previous_label}")
        lines = [(f.short, 20, True, "#222222"),
                 (f.actual_text, 40, True, f.status.colour),
                 (t("export.card_target", lang, target=f.target_text), 16, False, "#444444"),
                 (f.status.text, 20, True, f.status.colour)]
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


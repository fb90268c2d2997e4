"""The written report (python-docx)."""
from __future__ import annotations

import io

from ..i18n import STATUS_COLOURS, t
from ..narrative import Briefing
from ..scorecard import Scorecard
from .figures import Chart
from .footer import basis_text, cutoff_line, footer_text
from .slides import EA_FONT, LATIN_FONT
from .tables import subtarget_rows


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
    _docx_font(sub.add_run(f"（{briefing.period_label}）" if lang == "zh" else f"({briefing.period_label})"), 14)
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


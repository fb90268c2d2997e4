"""催报通知 as a DOCX in 公文 layout (GB/T 9704 as the reference): A4, margins 37/35/28/26 mm, title in 2号
小标宋, body in 3号 仿宋 at a fixed 28 pt line, numbered units in 黑体, signature and date right-aligned.

Font names are the official ones (Word/WPS on an office PC picks them; elsewhere the system falls back).
Kept minimal on purpose: when the shared 公文 document setup of the briefing lands, this uses it instead.
"""
from __future__ import annotations

import io

from ..present.reminder_text import Reminder

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SIZE_2 = 22      # 2号, pt
SIZE_3 = 16      # 3号, pt
LINE_PT = 28


def _run(paragraph, text: str, font: str, size: float, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run = paragraph.add_run(text)
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), font)
    return run


def _paragraph(doc, align=None, indent: bool = False):
    from docx.shared import Pt
    from docx.enum.text import WD_LINE_SPACING
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(SIZE_3 * 2)      # 首行缩进两字
    if align is not None:
        p.alignment = align
    return p


def build_reminder_docx(reminder: Reminder) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    _run(_paragraph(doc, WD_ALIGN_PARAGRAPH.CENTER), reminder.title, TITLE_FONT, SIZE_2)
    _paragraph(doc)
    _run(_paragraph(doc), reminder.addressee, BODY_FONT, SIZE_3)
    _run(_paragraph(doc, indent=True), reminder.opening, BODY_FONT, SIZE_3)
    for heading, items in reminder.units:
        p = _paragraph(doc, indent=True)
        _run(p, heading, HEADING_FONT, SIZE_3)
        _run(p, items, BODY_FONT, SIZE_3)
    _run(_paragraph(doc, indent=True), reminder.closing, BODY_FONT, SIZE_3)
    _paragraph(doc)
    _run(_paragraph(doc, WD_ALIGN_PARAGRAPH.RIGHT), reminder.signature, BODY_FONT, SIZE_3)
    _run(_paragraph(doc, WD_ALIGN_PARAGRAPH.RIGHT), reminder.date, BODY_FONT, SIZE_3)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

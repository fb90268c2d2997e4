"""催报通知 as a DOCX in the project's 公文 layout (plantrack.export.gongwen: A4, GB/T 9704 margins, 小标宋 title,
仿宋 3号 body on the line grid, "— 1 —" page numbers): title, 主送, the opening, one paragraph per unit whose
heading (一、区发改局（截止日期…）) is in 黑体 with
one paragraph per kind of missing item, the closing (with the new date) and the contact, then the office and
the date right-aligned."""
from __future__ import annotations

import io

from ..present.reminder_text import Reminder
from .gongwen import HEI, add_body, add_title, new_document, set_fonts


def build_reminder_docx(reminder: Reminder) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = new_document()
    if reminder.sample_note:
        from docx.shared import RGBColor
        note = add_body(doc, "")
        note.paragraph_format.first_line_indent = Pt(0)
        run = note.add_run(reminder.sample_note)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    add_title(doc, reminder.title)
    add_body(doc, reminder.addressee).paragraph_format.first_line_indent = Pt(0)   # 主送 starts at the margin
    add_body(doc, reminder.opening)
    for heading, lines in reminder.units:
        p = add_body(doc, "")
        set_fonts(p.add_run(heading)._r.get_or_add_rPr(), HEI)
        for line in lines:             # one paragraph per kind of missing item
            add_body(doc, line)
    add_body(doc, reminder.closing)
    if reminder.contact:
        add_body(doc, reminder.contact)
    add_body(doc, "")
    for line in (reminder.signature, reminder.date):
        p = add_body(doc, line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

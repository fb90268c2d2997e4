"""Briefing export: chart PNGs (kaleido + the system Chromium), a PPTX deck, a DOCX report and a ZIP. No streamlit.

Modules, one job each:
    png      one warm kaleido server behind a lock; a figure prepared for 16:9 export (title, footer, stamp)
    footer   what every file states once: source, data cut-off, basis (口径), the 示例数据 mark
    figures  the charts of a briefing in deck order, rendered once and reused by every file
    tables   rows of an area's sub-target table, and the scorecard CSV
    slides   the PPTX deck
    report   the DOCX report
    pack     build_pack / write_pack: the files for a period
"""
from __future__ import annotations

from ..present.export_safety import escape_cell
from .figures import Chart, Progress, briefing_charts, render_charts
from .footer import SAMPLE_MARK, basis_text, cutoff_line, cutoff_text, footer_text, sample_in_store
from .pack import FORMATS, Pack, build_pack, build_zip, export_date, pack_basename, write_pack
from .png import FONT_FAMILY, HEIGHT, SCALE, TEMPLATE, WIDTH, png_size, prepare_figure, render_png, stop_server
from .report import build_docx
from .slides import EA_FONT, LATIN_FONT, build_pptx
from .tables import scorecard_frame, subtarget_rows

__all__ = ["Chart", "EA_FONT", "FONT_FAMILY", "FORMATS", "HEIGHT", "LATIN_FONT", "Pack", "Progress", "SAMPLE_MARK",
           "SCALE", "TEMPLATE", "WIDTH", "basis_text", "briefing_charts", "build_docx", "build_pack", "build_pptx",
           "build_zip", "cutoff_line", "cutoff_text", "escape_cell", "export_date", "footer_text", "pack_basename",
           "png_size", "prepare_figure", "render_charts", "render_png", "sample_in_store", "scorecard_frame",
           "stop_server", "subtarget_rows", "write_pack"]

"""导出简报 — the briefing pack: chart PNGs (ZIP), PPTX deck, DOCX report, with the generated analysis text."""
from plantrack.ui import export_page
from plantrack.ui.context import get_context

export_page.render(get_context())

"""导出简报 — the briefing pack: chart PNGs (ZIP), PPTX deck, DOCX report, with the generated analysis text."""
from plantrack.ui import export
from plantrack.ui.context import get_context

export.render(get_context())

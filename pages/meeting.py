"""汇报模式 — full-screen slides for the meeting room: headline cards, red items, each area."""
from plantrack.ui import meeting_page
from plantrack.ui.context import get_context

meeting_page.render(get_context())

"""汇报模式 — full-screen slides for the meeting room: headline cards, red items, each area."""
from plantrack.ui import meeting
from plantrack.ui.context import get_context

meeting.render(get_context())

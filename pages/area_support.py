"""保障要素 — tasks, sub-targets, tracked indicators and milestones of area `support`."""
from plantrack.ui import area
from plantrack.ui.context import get_context

area.render(get_context(), "support")

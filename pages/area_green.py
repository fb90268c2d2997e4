"""绿色发展 — tasks, sub-targets, tracked indicators and milestones of area `green`."""
from plantrack.ui import area
from plantrack.ui.context import get_context

area.render(get_context(), "green")

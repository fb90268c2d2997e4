"""内需挖掘 — tasks, sub-targets, tracked indicators and milestones of area `demand`."""
from plantrack.ui import area
from plantrack.ui.context import get_context

area.render(get_context(), "demand")

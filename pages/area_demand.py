"""内需挖掘 — tasks, sub-targets, tracked indicators and milestones of area `demand`."""
from plantrack.ui import area_page
from plantrack.ui.context import get_context

area_page.render(get_context(), "demand")

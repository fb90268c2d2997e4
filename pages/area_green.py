"""绿色发展 — tasks, sub-targets, tracked indicators and milestones of area `green`."""
from plantrack.ui import area_page
from plantrack.ui.context import get_context

area_page.render(get_context(), "green")

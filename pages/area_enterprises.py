"""市场主体 — tasks, sub-targets, tracked indicators and milestones of area `enterprises`."""
from plantrack.ui import area_page
from plantrack.ui.context import get_context

area_page.render(get_context(), "enterprises")

"""市场主体 — tasks, sub-targets, tracked indicators and milestones of area `enterprises`."""
from plantrack.ui import area
from plantrack.ui.context import get_context

area.render(get_context(), "enterprises")

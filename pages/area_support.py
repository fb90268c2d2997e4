"""保障要素 — tasks, sub-targets, tracked indicators and milestones of area `support`."""
from plantrack.ui import area_page
from plantrack.ui.context import get_context

area_page.render(get_context(), "support")

"""总览 — headline cards, growth through the year against the target, status of every sub-target."""
from plantrack.ui import overview_page
from plantrack.ui.context import get_context

overview_page.render(get_context())

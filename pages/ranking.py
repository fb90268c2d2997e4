"""全市排名 — the district's growth and rank among the city's districts, per headline indicator."""
from plantrack.ui import ranking_page
from plantrack.ui.context import get_context

ranking_page.render(get_context())

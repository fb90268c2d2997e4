"""年度对比 / 年终回顾 — the same period across years; the year-end figures against the targets."""
from plantrack.ui import review_page
from plantrack.ui.context import get_context

review_page.render(get_context())

"""年度对比 / 年终回顾 — the same period across years; the year-end figures against the targets."""
from plantrack.ui import review
from plantrack.ui.context import get_context

review.render(get_context())

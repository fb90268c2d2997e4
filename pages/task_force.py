"""专班调度 — one row per lead unit, and the red items (红灯事项) worst first."""
from plantrack.ui import task_force_page
from plantrack.ui.context import get_context

task_force_page.render(get_context())

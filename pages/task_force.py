"""专班调度 — one row per lead unit, and the red items (红灯事项) worst first."""
from plantrack.ui import task_force
from plantrack.ui.context import get_context

task_force.render(get_context())

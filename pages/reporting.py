"""报送情况 — who has reported for a quarter, what is late or missing, the 催报通知 (analysts and above)."""
from plantrack.ui import auth, reporting_page
from plantrack.ui.context import get_context

ctx = get_context()
user = auth.require_role(ctx, "analyst", "report.need_role")
reporting_page.render(ctx, user)

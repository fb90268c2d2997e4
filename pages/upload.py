"""数据上传 — upload spreadsheets, preview, confirm; revision history."""
from plantrack.ui import auth, upload_page
from plantrack.ui.context import get_context

ctx = get_context()
user = auth.require_role(ctx, "analyst")
upload_page.render(ctx, user)

"""数据上传 — upload spreadsheets, preview, confirm; revision history."""
from plantrack.ui import upload_page
from plantrack.ui.context import get_context

upload_page.render(get_context())   # it checks the role itself, on its own code path

"""系统管理 — audit log, revisions (rollback / restore), accounts. Admins only."""
from plantrack.ui import admin_page, auth
from plantrack.ui.context import get_context

ctx = get_context()
user = auth.require_role(ctx, "admin")
admin_page.render(ctx, user)

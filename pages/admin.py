"""系统管理 — audit log, revisions (rollback / restore), accounts. Admins only."""
from plantrack.ui import admin_page
from plantrack.ui.context import get_context

admin_page.render(get_context())   # it checks the role itself, on its own code path

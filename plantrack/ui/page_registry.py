"""The page registry: titles and icons per language, grouped into sections; pages for a role only."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..model.i18n import t
from ..store.accounts import has_role

# (file, title key, icon, minimum role); area pages are added from the plan. A file that does not exist
# yet is left out, so the registry can name pages before they land.
_DASHBOARD = [("overview", "nav.overview", ":material/dashboard:", "viewer")]
_AFTER_AREAS = [("task_force", "nav.task_force", ":material/groups:", "viewer"),
                ("reporting", "nav.reporting", ":material/assignment_late:", "analyst"),
                ("ranking", "nav.ranking", ":material/leaderboard:", "viewer"),
                ("review", "nav.review", ":material/history:", "viewer")]
_BRIEFING = [("meeting", "nav.meeting", ":material/slideshow:", "viewer"),
             ("export", "nav.export", ":material/download:", "viewer")]
_DATA = [("upload", "nav.upload", ":material/upload_file:", "analyst"),
         ("admin", "nav.admin", ":material/admin_panel_settings:", "admin")]
AREA_ICONS = {"industry": ":material/factory:", "demand": ":material/shopping_cart:",
              "enterprises": ":material/storefront:", "green": ":material/eco:", "support": ":material/shield:"}


def navigation_pages(ctx, user, root: Path) -> dict:
    role = getattr(user, "role", None) or "viewer"
    lang = ctx.lang

    def make(items):
        out = []
        for name, key, icon, needed in items:
            path = root / "pages" / f"{name}.py"
            if path.exists():
                # A page above the user's role is hidden from the menu but still routed, so a typed or shared
                # link shows that page's own "please sign in" message instead of silently the overview.
                out.append(st.Page(str(path), title=t(key, lang), icon=icon, url_path=name,
                                   default=(name == "overview"),
                                   visibility="visible" if has_role(role, needed) else "hidden"))
        return out

    areas = []
    for area in ctx.year_plan.areas:
        path = root / "pages" / f"area_{area.id}.py"
        if path.exists():
            areas.append(st.Page(str(path), title=f"{area.number}. {area.short(lang)}",
                                 icon=AREA_ICONS.get(area.id, ":material/folder:"), url_path=f"area_{area.id}"))
    sections = {t("nav.section_dashboard", lang): make(_DASHBOARD) + areas + make(_AFTER_AREAS),
                t("nav.section_briefing", lang): make(_BRIEFING),
                t("nav.section_data", lang): make(_DATA)}
    return {k: v for k, v in sections.items() if v}

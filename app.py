"""plantrack — entry point: navigation, sidebar (language, year, period), sample banner. Nothing else."""
from pathlib import Path

import streamlit as st

from plantrack.store.owner_files import private_umask
from plantrack.ui import auth, layout
from plantrack.ui.context import build_context, follow_page, sync_query_params
from plantrack.ui.failsafe import store_failure_message
from plantrack.ui.page_registry import navigation_pages
from plantrack.ui.widgets import md

st.set_page_config(page_title="打好经济增长主动仗 · plantrack", page_icon="📈", layout="wide")
private_umask()   # the store, its WAL and lock, backups, accounts: owner-only (plantrack/store/owner_files.py)

with store_failure_message():   # a damaged store: one plain message with the recovery command, no traceback
    layout.read_link()        # ?layout=compact from a shared link, before anything is drawn
    ctx = build_context()
    layout.apply_style()
    user = auth.sidebar(ctx)
    page = st.navigation(navigation_pages(ctx, user, Path(__file__).parent),
                         position="sidebar" if auth.may_view(ctx, user) else "hidden")
    if "_nav_ready" not in st.session_state:
        # Streamlit 1.67 drops the first interaction with sidebar widgets drawn before a session's first
        # st.navigation(); one immediate rerun makes a visitor's first click (sign-in, language) count.
        # A shared link naming a page (?page=, ?area=) reruns straight on that page: two runs, not three.
        st.session_state["_nav_ready"] = True
        if auth.may_view(ctx, user):
            follow_page(ctx, page)    # st.switch_page when the link names another page; a bad name → notice
        st.session_state["_carried_notices"] = list(ctx.notices)
        st.rerun()
    auth.require_view(ctx, user)   # require_login_to_view: nothing below runs for anonymous visitors
    for notice in st.session_state.pop("_carried_notices", []) + ctx.notices:
        st.toast(md(notice))
        st.info(md(notice))
    if ctx.sample_shown:
        st.warning(ctx.t("app.sample_banner"), icon=":material/science:")
    sync_query_params(ctx, page)   # also opens the page a shared link names (?page=, ?area=)
    layout.measure()               # a phone (≤ 480 px) reruns once in the compact layout
    page.run()

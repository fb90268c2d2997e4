"""The admin page: audit log, revisions with rollback/restore, accounts.

Every action re-checks the role in its own code path (`require_role`), so a button that should not have
been shown still does nothing, and every write is an action (plantrack/actions/) that checks the role again
and writes its audit line: rollback and restore are events (nothing is deleted), account changes name the admin.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..actions import account_admin
from ..actions.revisions import set_revision_active
from ..present.export_safety import safe_csv_bytes
from ..store.accounts import ROLES, AccountError, Accounts
from .auth import require_role
from .widgets import md, table


def _accounts(ctx) -> Accounts:
    return Accounts.from_plan(ctx.plan)


def audit_table(ctx, limit: int = 1000) -> pd.DataFrame:
    log = ctx.store.audit_log(limit=limit)
    if log.empty:
        return log
    return pd.DataFrame({"#": log.event_id, ctx.t("col.time"): log.event_at.dt.strftime("%Y-%m-%d %H:%M:%S"),
                         ctx.t("col.user"): log.user_name, ctx.t("admin.event"): log.action,
                         ctx.t("admin.detail"): log.detail})


def audit_panel(ctx) -> None:
    require_role(ctx, "admin")
    st.subheader(ctx.t("admin.audit"))
    log = audit_table(ctx)
    if log.empty:
        st.caption(ctx.t("admin.no_audit"))
        return
    table(log, fit=False)
    st.download_button(ctx.t("admin.audit_download"), data=lambda: safe_csv_bytes(audit_table(ctx, 10 ** 9)),
                       file_name="plantrack_audit_log.csv", mime="text/csv", icon=":material/download:")


def history_table(ctx, h: pd.DataFrame | None = None, with_kind: bool = False) -> pd.DataFrame:
    """The revisions as the upload page and the admin page show them (the admin's with each one's kind)."""
    h = ctx.store.history() if h is None else h
    if h.empty:
        return h
    kind = {ctx.t("admin.kind"): h.kind} if with_kind else {}
    return pd.DataFrame({
        ctx.t("col.revision"): h.revision, **kind, ctx.t("col.file"): h.file_name.fillna(h.note),
        ctx.t("col.user"): h.user_name, ctx.t("col.time"): h.imported_at.dt.strftime("%Y-%m-%d %H:%M:%S"),
        ctx.t("col.records"): h.record_count, ctx.t("col.active"): h.active})


def _revision_label(row) -> str:
    name = row.file_name if isinstance(row.file_name, str) else (row.note or "")
    state = "✔" if row.active else "↩"
    return f"{state} {int(row.revision)} · {row.kind} · {name} · {row.user_name}"


def revisions_panel(ctx) -> None:
    """Roll a revision back or restore it (analyst or admin). The shown values follow at once: the scorecard
    cache is keyed by the store's generation, which every rollback/restore event changes."""
    user = require_role(ctx, "analyst")
    st.subheader(ctx.t("admin.revisions"))
    st.caption(ctx.t("admin.revisions_help"))
    for message in st.session_state.pop("_admin_revision_msg", []):
        st.success(md(message))
    h = ctx.store.history()
    if h.empty:
        st.caption(ctx.t("admin.no_revisions"))
        return
    table(history_table(ctx, h, with_kind=True))
    rows = {int(r.revision): r for r in h.itertuples(index=False)}
    with st.form("admin_revision"):
        rev = st.selectbox(ctx.t("admin.revision"), list(rows), format_func=lambda r: _revision_label(rows[r]),
                           key="admin_revision_pick")
        reason = st.text_input(ctx.t("admin.reason"), max_chars=500, key="admin_revision_reason")
        c1, c2 = st.columns(2)
        do_rollback = c1.form_submit_button(ctx.t("admin.rollback"), icon=":material/undo:")
        do_restore = c2.form_submit_button(ctx.t("admin.restore"), icon=":material/redo:")
    if do_rollback or do_restore:
        user = require_role(ctx, "analyst")
        try:
            set_revision_active(ctx.store, user, int(rev), active=bool(do_restore), reason=reason)
        except ValueError as e:
            st.error(md(str(e)))
            return
        key = "admin.restored" if do_restore else "admin.rolled_back"
        st.session_state["_admin_revision_msg"] = [ctx.t(key, revision=int(rev))]
        st.rerun()


def accounts_panel(ctx) -> None:
    user = require_role(ctx, "admin")
    st.subheader(ctx.t("admin.accounts"))
    for message in st.session_state.pop("_admin_account_msg", []):
        st.success(md(message))
    accounts = _accounts(ctx)
    try:
        listed = accounts.list()
    except AccountError as e:
        st.error(md(ctx.t("auth.accounts_error", error=str(e))))
        return
    now = accounts.clock()
    table(pd.DataFrame({ctx.t("auth.name"): [a.name for a in listed],
                        ctx.t("admin.role"): [ctx.t(f"role.{a.role}") for a in listed],
                        ctx.t("admin.created"): [a.created_at for a in listed],
                        ctx.t("admin.locked"): [a.locked(now) for a in listed]}))

    def done(message: str) -> None:
        st.session_state["_admin_account_msg"] = [message]
        st.rerun()

    c1, c2 = st.columns(2)
    with c1, st.form("admin_add_account", clear_on_submit=True):
        st.markdown(f"**{ctx.t('admin.add_account')}**")
        name = st.text_input(ctx.t("auth.name"), max_chars=64, key="admin_new_name")
        role = st.selectbox(ctx.t("admin.role"), ROLES, index=1, format_func=lambda r: ctx.t(f"role.{r}"),
                            key="admin_new_role")
        pw = st.text_input(ctx.t("auth.new_password"), type="password", key="admin_new_password")
        pw2 = st.text_input(ctx.t("auth.repeat_password"), type="password", key="admin_new_password2")
        add = st.form_submit_button(ctx.t("admin.add"), icon=":material/person_add:")
    if add:
        user = require_role(ctx, "admin")
        if pw != pw2:
            st.error(ctx.t("auth.passwords_differ"))
        else:
            try:
                acc = account_admin.add_account(accounts, ctx.store, user, name.strip(), role, pw)
            except AccountError as e:
                st.error(md(str(e)))
            else:
                done(ctx.t("admin.added", name=acc.name, role=ctx.t(f"role.{acc.role}")))

    names = [a.name for a in listed]
    with c2:
        with st.form("admin_remove_account"):
            st.markdown(f"**{ctx.t('admin.remove_account')}**")
            victim = st.selectbox(ctx.t("auth.name"), names, key="admin_remove_name")
            remove = st.form_submit_button(ctx.t("admin.remove"), icon=":material/person_remove:")
        if remove and victim:
            user = require_role(ctx, "admin")
            if victim == user.name:
                st.error(ctx.t("admin.cannot_remove_self"))
            else:
                try:
                    account_admin.remove_account(accounts, ctx.store, user, victim)
                except AccountError as e:
                    st.error(md(str(e)))
                else:
                    done(ctx.t("admin.removed", name=victim))
        with st.form("admin_reset_password", clear_on_submit=True):
            st.markdown(f"**{ctx.t('admin.reset_password')}**")
            target = st.selectbox(ctx.t("auth.name"), names, key="admin_reset_name")
            npw = st.text_input(ctx.t("auth.new_password"), type="password", key="admin_reset_password")
            reset = st.form_submit_button(ctx.t("admin.reset"), icon=":material/lock_reset:")
        if reset and target:
            user = require_role(ctx, "admin")
            try:
                account_admin.reset_password(accounts, ctx.store, user, target, npw)
            except AccountError as e:
                st.error(md(str(e)))
            else:
                done(ctx.t("admin.reset_done", name=target))


def render(ctx) -> None:
    require_role(ctx, "admin")   # the check lives on the code path, whoever calls render()
    st.title(ctx.t("admin.title"))
    audit_tab, rev_tab, acc_tab = st.tabs([ctx.t("admin.audit"), ctx.t("admin.revisions"), ctx.t("admin.accounts")])
    with audit_tab:
        audit_panel(ctx)
    with rev_tab:
        revisions_panel(ctx)
    with acc_tab:
        accounts_panel(ctx)

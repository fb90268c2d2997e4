"""A damaged store stops the page with one plain message and the recovery command — never a traceback or a
file path for the visitor. The full reason goes to the server log for the operator."""
from __future__ import annotations

import contextlib
import logging

import streamlit as st

from ..model.i18n import LANGS, t
from ..store.database import StoreDamaged

_log = logging.getLogger("plantrack")


@contextlib.contextmanager
def store_failure_message():
    try:
        yield
    except StoreDamaged as e:
        _log.error("%s", e)
        lang = st.session_state.get("lang") or st.query_params.get("lang")
        st.error(t("app.store_damaged", lang if lang in LANGS else "zh"), icon=":material/report:")
        st.stop()

"""How to serve plantrack: `streamlit run serve.py` (see the Makefile's `run`).

The dashboard itself is app.py; this adds the one HTTP route that sets the HttpOnly sign-in cookie, so a
sign-in survives a reload and a shared link (plantrack/ui/cookie_route.py, plantrack/store/sessions.py).
`streamlit run app.py` still works, with sign-ins that last as long as the browser tab's connection."""
import streamlit as st

from plantrack.ui.cookie_route import routes

app = st.App("app.py", routes=routes())

"""Screen layout: the wide dashboard, or the compact (phone) layout, and the app's status styles.

Compact is chosen by a link (`?layout=compact`, kept while the visitor moves between pages; `?layout=wide`
forces the wide one) or measured: a tiny script reports the browser's width when it is at most
COMPACT_MAX_PX (so a desktop never pays a rerun for the measurement) and again when a resize crosses it.

A plain link opened on a phone must not show the desktop page first (it did, for about a second, until the
measurement came back). So the first run guesses from the browser's User-Agent (a phone says "Mobile" /
"iPhone"), and the probe corrects the guess only when the window disagrees. A desktop browser narrowed to a
phone's width still draws the wide page once before the probe's rerun (hiding it with CSS until then was
tried: Streamlit keeps a reused container's key class, so the page stayed hidden).

Status styling is CSS keyed on container keys (`st-key-card_red_gdp`, `st-key-chip_red_…`): data never goes into
HTML, the colours live in this constant stylesheet, and a test checks them against i18n.STATUS_COLOURS.
"""
from __future__ import annotations

import re

import streamlit as st

COMPACT_MAX_PX = 480
LAYOUT_PARAM = "layout"
_STATE = "_layout_compact"        # from the link: True / False; None = not set, go by the measurement
_MEASURED = "_viewport_narrow"
_GUESS = "_viewport_guess"        # the first run's guess from the User-Agent, told to the probe
# Phones and small tablets in portrait: what their browsers put in the User-Agent (iPad says neither).
_PHONE_AGENT = re.compile(r"iPhone|iPod|Android.+Mobile|Mobile Safari|Windows Phone|HarmonyOS.+Mobile|MicroMessenger",
                          re.I)

# Reports {"narrow": true} only when the window is narrow (and false when a narrow window is widened).
_PROBE_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  const limit = 480;
  const guess = !!(data && data.guess);    // what the server drew first (from the User-Agent)
  let last = null;
  function report() {
    const narrow = window.innerWidth <= limit;
    if (narrow === last) { return; }
    if (last === null && narrow === guess) { last = narrow; return; }   // the first run guessed right
    last = narrow;
    setStateValue("narrow", narrow);
  }
  report();
  let timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(report, 250); });
}
"""

_probe = None


def _probe_component():
    global _probe
    if _probe is None:
        try:
            _probe = st.components.v2.component("plantrack_viewport", js=_PROBE_JS)
        except Exception:   # a Streamlit without components v2: the link still works
            _probe = False
    return _probe


def read_link() -> None:
    """On a session's first run: take ?layout=compact / ?layout=wide from the link; without one, guess from
    the User-Agent so a phone's first page is already the compact one (the probe corrects a wrong guess)."""
    if _STATE in st.session_state:
        return
    value = st.query_params.get(LAYOUT_PARAM)
    st.session_state[_STATE] = {"compact": True, "wide": False}.get(value)
    if st.session_state[_STATE] is None:
        guess = is_phone_agent(_user_agent())
        st.session_state[_GUESS] = guess
        st.session_state[_MEASURED] = guess


def is_phone_agent(agent: str) -> bool:
    return bool(_PHONE_AGENT.search(agent or ""))


def _user_agent() -> str:
    try:
        return st.context.headers.get("User-Agent", "") or ""
    except Exception:   # no request context (bare mode, AppTest)
        return ""


def measure() -> None:
    """Mount the width probe (hidden); a narrow browser reruns the page once in the compact layout."""
    probe = _probe_component()
    if not probe:
        return
    guess = bool(st.session_state.get(_GUESS, False))
    with st.container(key="viewport_probe"):
        result = probe(key="viewport", data={"guess": guess}, default={"narrow": guess}, on_narrow_change=lambda: None)
    narrow = getattr(result, "narrow", None)
    if narrow is None and isinstance(result, dict):
        narrow = result.get("narrow")
    st.session_state[_MEASURED] = bool(narrow)


def is_compact() -> bool:
    linked = st.session_state.get(_STATE)
    if linked is not None:
        return bool(linked)
    return bool(st.session_state.get(_MEASURED, False))


def link_param() -> str | None:
    """What the shared link should carry: the layout a link asked for (a measured one is not put in links)."""
    linked = st.session_state.get(_STATE)
    return None if linked is None else ("compact" if linked else "wide")


# Status colours as in i18n.STATUS_COLOURS (green #1a9850, yellow #e6a700, red #d73027, no data #9e9e9e);
# tests/test_layout.py fails when the two disagree. Yellow chips carry dark text: white on #e6a700 is unreadable.
STYLE = """
<style>
/* headline cards: the edge, the big figure and the chip in the status colour (PPTX headline slide style) */
[class*="st-key-card_"] {
  border-left-width: 10px !important; border-left-style: solid !important; gap: 0.45rem !important;
}
[class*="st-key-chip_"] *, [class*="st-key-figure_"] *, [class*="st-key-gap_"] *, [class*="st-key-change_"] *,
[class*="st-key-cardname_"] * { margin-top: 0 !important; margin-bottom: 0 !important; }
/* cards side by side are one height, whatever wraps inside one (overview and the meeting headline slide) */
[data-testid="stColumn"]:has([class*="st-key-card_"]) > [data-testid="stVerticalBlock"] { height: 100%; }
[data-testid="stColumn"] [data-testid="stLayoutWrapper"]:has(> [class*="st-key-card_"]) { flex: 1 1 auto; }
[data-testid="stColumn"] [class*="st-key-card_"] { flex: 1 1 auto; }
[class*="st-key-card_green_"] { border-color: #1a9850 !important; }
[class*="st-key-card_yellow_"] { border-color: #e6a700 !important; }
[class*="st-key-card_red_"] { border-color: #d73027 !important; }
[class*="st-key-card_no_data_"] { border-color: #9e9e9e !important; }
[class*="st-key-figure_"] p { font-size: 2.6rem !important; font-weight: 800 !important; line-height: 1.1 !important;
  margin: 0 !important; white-space: nowrap; }
[class*="st-key-figure_green_"] p { color: #1a9850 !important; }
[class*="st-key-figure_yellow_"] p { color: #b07f00 !important; }
[class*="st-key-figure_red_"] p { color: #d73027 !important; }
[class*="st-key-figure_no_data_"] p { color: #6b6b6b !important; }
[class*="st-key-chip_"] { width: fit-content !important; border-radius: 0.4rem; padding: 0.15rem 0.75rem; }
[class*="st-key-chip_"] p { font-size: 1.25rem !important; font-weight: 700 !important; line-height: 1.5 !important;
  white-space: nowrap; }
[class*="st-key-chip_green_"] { background-color: #1a9850 !important; }
[class*="st-key-chip_yellow_"] { background-color: #e6a700 !important; }
[class*="st-key-chip_red_"] { background-color: #d73027 !important; }
[class*="st-key-chip_no_data_"] { background-color: #9e9e9e !important; }
[class*="st-key-chip_green_"] p, [class*="st-key-chip_red_"] p,
[class*="st-key-chip_no_data_"] p { color: #ffffff !important; }
[class*="st-key-chip_yellow_"] p { color: #222222 !important; }
[class*="st-key-gap_"] p { font-size: 1.3rem !important; font-weight: 700 !important; line-height: 1.3 !important; }
[class*="st-key-change_"] p { color: #6b6b6b !important; font-size: 0.95rem !important; margin: 0 !important; }
[class*="st-key-cardname_"] p { font-size: 1.05rem !important; font-weight: 700 !important; margin: 0 !important; }
/* "what is behind" list on area pages and overdue milestones */
[class*="st-key-behind_"] { border-left: 6px solid #d73027; padding-left: 0.8rem; }
[class*="st-key-behind_yellow_"] { border-left-color: #e6a700; }
[class*="st-key-behind_green_"] { border-left-color: #1a9850; }
/* the phone's status list: a plain table that wraps inside the screen (every column may wrap: an English
   status word such as "Far behind schedule" is wider than a phone's last column) */
[class*="st-key-statuslist"] table { width: 100%; font-size: 0.92rem; border-collapse: collapse; }
[class*="st-key-statuslist"] th,
[class*="st-key-statuslist"] td { padding: 0.3rem 0.35rem !important; vertical-align: top; }
[class*="st-key-statuslist"] td:last-child { min-width: 5.6em; }   /* "■ 严重滞后" on one line */
/* the phone's status list (one item per target): a line breaks between words and figures, never inside one —
   keep-all keeps CJK runs whole (严重滞后, 个百分点), the figures are joined to their units in the text */
[class*="st-key-statuslist"] ul { padding-left: 0 !important; margin: 0; list-style: none; }
[class*="st-key-statuslist"] li,
[class*="st-key-statuslist"] li * { word-break: keep-all; overflow-wrap: anywhere !important; }
.st-key-statuslist li, .st-key-statuslist li *, .st-key-statuslist_whatif li, .st-key-statuslist_whatif li * {
  overflow-wrap: normal !important; }
[class*="st-key-statuslist"] li { padding: 0.45rem 0;
  border-bottom: 1px solid #e6e6e6; margin: 0 !important; line-height: 1.45; }
.st-key-statuslist li strong, .st-key-statuslist_whatif li strong { font-size: 1.02rem; }
/* the width probe takes no room */
.st-key-viewport_probe { display: none !important; }
/* nothing scrolls sideways on a phone: long words wrap, tables and charts stay inside the screen */
@media (max-width: 480px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.7rem !important; padding-right: 0.7rem !important; }
  [data-testid="stMain"] h1 { font-size: 1.6rem !important; overflow-wrap: anywhere; }
  [data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 1.25rem !important; overflow-wrap: anywhere; }
  /* Chinese lines break at punctuation and spaces, not inside a word (进度滞/后): keep-all; a run longer than the
     line still breaks (anywhere), so nothing scrolls sideways */
  [data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] td { overflow-wrap: anywhere;
    word-break: keep-all; }
  .modebar-container { display: none !important; }
  [class*="st-key-figure_"] p { font-size: 2.0rem !important; }
}
</style>
"""


def apply_style() -> None:
    st.html(STYLE)

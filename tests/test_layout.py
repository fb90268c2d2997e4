"""The app's status stylesheet colours each status's card edge and chip with that status's colour (i18n's
STATUS_COLOURS, the colours every chart and document uses), for every status there is."""
from __future__ import annotations

import re

import pytest

from plantrack.model.i18n import STATUS_COLOURS
from plantrack.ui import layout


def _rule(selector: str) -> str:
    m = re.search(re.escape(selector) + r"[^{]*\{([^}]*)\}", layout.STYLE)
    assert m, f"no rule for {selector}"
    return m.group(1)


@pytest.mark.parametrize("status", sorted(STATUS_COLOURS))
def test_chip_and_card_edge_in_the_status_colour(status):
    colour = STATUS_COLOURS[status]
    assert f"background-color: {colour}" in _rule(f'[class*="st-key-chip_{status}_"] {{'.rstrip(" {"))
    assert f"border-color: {colour}" in _rule(f'[class*="st-key-card_{status}_"]')


def test_every_status_has_its_figure_colour():
    for status in STATUS_COLOURS:
        assert f'[class*="st-key-figure_{status}_"] p' in layout.STYLE


def test_compact_threshold_is_the_one_the_probe_uses():
    assert f"limit = {layout.COMPACT_MAX_PX};" in layout._PROBE_JS
    assert f"max-width: {layout.COMPACT_MAX_PX}px" in layout.STYLE


PHONES = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; V2203A Build/TP1A; wv) AppleWebKit/537.36 Chrome/107 Mobile Safari/537.36 MicroMessenger/8.0.47",
    "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 Chrome/99 Mobile Safari/537.36",
]
NOT_PHONES = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "", "curl/8.5.0",
]


@pytest.mark.parametrize("agent", PHONES + NOT_PHONES)
def test_first_run_guesses_the_layout_from_the_user_agent(agent):
    """A phone's browser gets the compact layout on its first run (no desktop page first); tablets and
    desktops the wide one — the width probe corrects a wrong guess either way."""
    from plantrack.ui.layout import is_phone_agent
    assert is_phone_agent(agent) == (agent in PHONES)

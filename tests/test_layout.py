"""The app's status stylesheet colours each status's card edge and chip with that status's colour (i18n's
STATUS_COLOURS, the colours every chart and document uses), for every status there is."""
from __future__ import annotations

import re

import pytest

from plantrack.i18n import STATUS_COLOURS
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

"""Meeting mode and shared links in the real browser: the keys presenters use move the slides; a shared link
opens the view it names. Uses the session's sample-data server from tests/e2e/conftest.py (a free port, a
temporary store via PLANTRACK_DB, /usr/bin/chromium)."""
import re

import pytest

pytestmark = pytest.mark.e2e

POSITION = re.compile(r"第(\d+)/(\d+)页")


def slide_number(ui) -> tuple[int, int]:
    m = POSITION.search(ui.main_text())
    assert m, ui.main_text()[:500]
    return int(m.group(1)), int(m.group(2))


def press(ui, key: str) -> None:
    ui.page.keyboard.press(key)
    ui.wait_idle(settle_ms=400)


def test_keys_move_the_slides(ui):
    ui.page.set_viewport_size({"width": 1920, "height": 1080})
    ui.goto("meeting", period="2023Q2")
    ui.assert_no_exception("meeting")
    assert slide_number(ui)[0] == 1
    assert not ui.sidebar().is_visible()                       # no sidebar in meeting mode
    ui.screenshot("meeting_1_headline", full_page=False)
    press(ui, "ArrowRight")
    assert slide_number(ui)[0] == 2
    assert "slide=red-1" in ui.page.url
    ui.screenshot("meeting_2_red", full_page=False)
    press(ui, "PageDown")
    assert slide_number(ui)[0] == 3
    ui.screenshot("meeting_3_area", full_page=False)
    press(ui, "PageUp")
    assert slide_number(ui)[0] == 2
    press(ui, "ArrowLeft")
    assert slide_number(ui)[0] == 1
    press(ui, "ArrowLeft")                                     # stays on the first slide
    assert slide_number(ui)[0] == 1
    ui.page.mouse.move(200, 200)                                # presenter controls show on a mouse move
    ui.page.mouse.move(220, 220)
    ui.page.wait_for_timeout(400)
    ui.page.get_by_role("button", name=re.compile("下一页")).click()
    ui.wait_idle(settle_ms=400)
    assert slide_number(ui)[0] == 2
    ui.assert_no_exception("meeting after keys")


def test_shared_link_opens_english_view(ui):
    ui.goto("", lang="en", period="2023Q2")
    ui.assert_no_exception("shared link")
    side = ui.sidebar().inner_text()
    assert "Year" in side and "Period" in side
    assert "H1 2023" in ui.main_text() + ui.page.content()      # the period chosen by the link
    ui.goto("", lang="en", period="2023Q2", page="ranking")
    assert "City ranking" in ui.main_text()
    assert "growth ranks 4th in the city" in ui.main_text()
    assert re.search(r"[?&]lang=en", ui.page.url) and "period=2023Q2" in ui.page.url


def test_shared_link_opens_meeting_mode_at_an_area(ui):
    ui.goto("meeting", lang="en", period="2023Q2", area="green")
    ui.assert_no_exception("meeting link")
    assert "slide=area-green" in ui.page.url
    assert re.search(r"Slide \d+ of \d+", ui.main_text())


def test_ranking_page_screenshot(ui):
    ui.page.set_viewport_size({"width": 1920, "height": 1080})
    ui.goto("ranking", period="2023Q2")
    ui.assert_no_exception("ranking")
    ui.page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    assert "地区生产总值增速居全市第4位" in ui.main_text()
    ui.screenshot("ranking_2023Q2", full_page=False)

"""Leaders' screens at the sizes they are read on: a 1600×1000 laptop, a 1920×1080 projector, a 390×844 phone.

On every page and in both languages the browser itself is asked:
- nothing scrolls sideways on the phone (the document, the main area, a table or a data grid inside it);
- no title is cut off: headings, card names, figures and chips show all their text (scrollWidth ≤ clientWidth);
- no status word, CJK run or number with its unit breaks across lines in a status list, chip, gap or figure
  ("严重滞/后", "-5.9个百分/点");
- every status chip has its status's colour (the icon on the chip names the status; the chip's computed
  background must be that status's colour), and every coloured status word in a list is in its status's hue.
The phone layout must be found from the browser's width alone (no ?layout= in the link). Meeting mode: type on
the slide ≥ 24 px, the slide fits the screen, the headline cards equally tall, presenter controls hidden until
the mouse moves. A plain link on a phone never shows the desktop cards first.
Screenshots of what each size shows first go to docs/screenshots/ (NAME_WxH.png).
"""
from __future__ import annotations

import colorsys
import re
import shutil
from pathlib import Path

import pytest

from plantrack.model.i18n import STATUS_COLOURS, STATUS_ICONS

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"1600x1000": (1600, 1000), "1920x1080": (1920, 1080), "390x844": (390, 844)}
PAGES = ["overview", "area_industry", "area_demand", "area_enterprises", "area_green", "area_support", "task_force",
         "ranking", "review", "export"]
SIGNED_IN = ["reporting", "upload", "admin"]      # an analyst's or administrator's pages (zh)
# pages whose phone layout is a status list (ranking: a wrapped table in the same style)
LISTED = {"overview", "area_industry", "area_demand", "area_green", "area_support", "ranking", "task_force", "review"}
SLIDES = ["headline", "red-1", "area-demand", "whatif"]
GLYPH = {g: s for s, g in STATUS_ICONS.items()}

PROBE = r"""() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const doc = document.documentElement;
  const shown = e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed';
  const text = e => (e.innerText || '').trim().slice(0, 80);
  const out = {width: window.innerWidth};
  out.hscroll = Math.max(doc.scrollWidth - doc.clientWidth, main ? main.scrollWidth - main.clientWidth : 0);
  out.sideways = [...document.querySelectorAll(
      '[data-testid="stMain"] .dvn-scroller, [data-testid="stMain"] [data-testid="stMarkdownContainer"] table')]
    .filter(e => shown(e) && e.scrollWidth > e.clientWidth + 1).map(text);
  out.beyond = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementContainer"]')]
    .filter(e => shown(e) && e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(text);
  const titles = 'h1, h2, h3, [class*="st-key-cardname_"] p, [class*="st-key-figure_"] p, [class*="st-key-chip_"] p, '
    + '[class*="st-key-gap_"] p, [data-testid="stMetricLabel"] p, [data-testid="stMetricValue"]';
  out.truncated = [...document.querySelectorAll(titles)]
    .filter(e => shown(e) && (e.scrollWidth > e.clientWidth + 1)).map(text);
  out.chips = [...document.querySelectorAll('[class*="st-key-chip_"]')].filter(shown)
    .map(e => ({text: text(e), bg: getComputedStyle(e).backgroundColor}));
  out.marks = [...document.querySelectorAll(
      '[class*="st-key-statuslist"] td:last-child span, .st-key-statuslist li span[class], .st-key-statuslist_whatif li span[class], [class*="st-key-behind_"] li span[class], [data-testid="stMain"] .stMarkdownBadge')]
    .filter(shown).map(e => ({text: text(e), color: getComputedStyle(e).color}));
  out.fontPx = [...document.querySelectorAll('.st-key-meeting_stage [data-testid="stMarkdownContainer"] p, '
      + '.st-key-meeting_stage [data-testid="stMarkdownContainer"] li, .st-key-meeting_stage td')]
    .filter(shown).map(e => parseFloat(getComputedStyle(e).fontSize));
  const stage = document.querySelector('.st-key-meeting_stage');
  out.stageBottom = stage ? [...stage.querySelectorAll('[data-testid="stElementContainer"]')]
    .filter(shown).reduce((m, e) => Math.max(m, e.getBoundingClientRect().bottom + (main ? main.scrollTop : 0)), 0) : 0;
  // words and figures broken across lines: every CJK run (严重滞后, 个百分点 — keep-all keeps them whole) and every
  // number with its unit (-5.9个百分点, 38,536 m yuan) in status lists, chips, gaps and figures must sit on one line
  const TOKEN = /[-−+]?\\d[\\d,.]*%?(?:[\\s\u00a0]?(?:个百分点|百分点|pp|m yuan|bn yuan|[\u4e00-\u9fff]{1,2}))?|[\u4e00-\u9fff]+/g;
  out.wrapped = [];
  const wrapRoots = document.querySelectorAll('.st-key-statuslist li, .st-key-statuslist_whatif li, [class*="st-key-chip_"] p, '
    + '[class*="st-key-behind_"] p, [class*="st-key-behind_"] li, '
    + '[class*="st-key-gap_"] p, [class*="st-key-figure_"] p');
  for (const root of wrapRoots) {
    if (!shown(root)) continue;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(TOKEN)) {
        if (m[0].length < 2) continue;
        const r = document.createRange();
        r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top / 4)));
        if (tops.size > 1) out.wrapped.push(m[0] + ' in ' + text(root));
      }
    }
  }
  out.cardHeights = [...document.querySelectorAll('[class*="st-key-card_"]')].filter(shown)
    .map(e => Math.round(e.getBoundingClientRect().height));
  // the "what is behind" box: its edge and its sentence (the first coloured text in it) in one status colour
  out.behindBoxes = [...document.querySelectorAll('[class*="st-key-behind_"]')].filter(shown).map(e => {
    const first = [...e.querySelectorAll('p span')].find(x => getComputedStyle(x).color !== getComputedStyle(e).color);
    return {text: text(e), edge: getComputedStyle(e).borderLeftColor, words: first ? getComputedStyle(first).color : null};
  });
  // a page whose run has ended must not be blanked by the stylesheet (a marker left behind hid the whole page)
  out.blanked = [...document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] p')]
    .filter(e => shown(e) && getComputedStyle(e).visibility === 'hidden').map(text).slice(0, 3);
  const controls = document.querySelector('.st-key-meeting_controls');
  out.controlsOpacity = controls ? parseFloat(getComputedStyle(controls).opacity) : null;
  return out;
}"""


def _rgb(css: str) -> tuple[int, int, int]:
    return tuple(int(x) for x in re.findall(r"\d+", css)[:3])


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _status_of(text: str) -> str | None:
    return next((GLYPH[ch] for ch in text if ch in GLYPH), None)


def _hue_family(rgb) -> str:
    h, light, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    if s < 0.2 or light > 0.92 or light < 0.08:
        return "no_data"
    deg = h * 360
    return "red" if deg < 15 or deg >= 330 else "yellow" if deg < 65 else "green" if deg < 175 else "other"


def problems(info: dict, phone: bool) -> list[str]:
    out = []
    if phone:
        if info["hscroll"] > 1:
            out.append(f"scrolls sideways by {info['hscroll']} px")
        out += [f"scrolls sideways inside: {t!r}" for t in info["sideways"]]
        out += [f"wider than the screen: {t!r}" for t in info["beyond"]]
    out += [f"blanked by the stylesheet: {t!r}" for t in info["blanked"]]
    for box in info["behindBoxes"]:
        edge = _hue_family(_rgb(box["edge"]))
        if box["words"] is None or _hue_family(_rgb(box["words"])) != edge:
            out.append(f"what-is-behind box edged {edge} beside {box['words']}: {box['text']!r}")
    out += [f"title cut off: {t!r}" for t in info["truncated"]]
    out += [f"broken across lines: {t!r}" for t in info["wrapped"]]
    for chip in info["chips"]:
        status = _status_of(chip["text"])
        if status is None or _rgb(chip["bg"]) != _hex(STATUS_COLOURS[status]):
            out.append(f"chip {chip['text']!r} is {chip['bg']}, not the colour of {status}")
    for mark in info["marks"]:
        status = _status_of(mark["text"])
        if status is not None and _hue_family(_rgb(mark["color"])) != status:
            out.append(f"status word {mark['text']!r} drawn in {mark['color']}")
    return out


def _save(ui, name: str, size: str) -> None:
    from conftest import SCREENSHOTS
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}_{size}.png"
    ui.page.wait_for_timeout(300)
    ui.page.screenshot(path=str(path), timeout=120_000)   # a loaded shared machine can take a while
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS / path.name)


# Rendered: the app's stylesheet and (in meeting mode) the slide's are in force, and every chart has drawn.
RENDERED = """(meeting) => {
  const probe = document.querySelector('.st-key-viewport_probe');
  if (!probe || getComputedStyle(probe).display !== 'none') return false;
  const controls = document.querySelector('.st-key-meeting_controls');
  if (meeting && (!controls || getComputedStyle(controls).position !== 'fixed')) return false;
  const charts = document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]').length;
  return document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot .main-svg').length >= charts;
}"""


def _open(ui, page: str, lang: str, phone: bool, **params) -> dict:
    ui.goto(page, lang=lang, period="2023Q2", **params)
    if phone and page in LISTED:   # the width probe reruns the page in the compact layout
        ui.page.wait_for_selector('[class*="st-key-statuslist"]', state="attached", timeout=30_000)
        ui.wait_idle()
    elif phone and page != "meeting":   # pages without a status list: let the probe's rerun come and go
        ui.page.wait_for_timeout(1500)
        ui.wait_idle()
    ui.page.wait_for_function(RENDERED, arg=page == "meeting", timeout=60_000)
    ui.page.wait_for_timeout(300)
    ui.assert_no_exception(f"{page} ({lang})")
    return ui.page.evaluate(PROBE)


@pytest.mark.parametrize("size", list(SIZES))
def test_pages_read_at_every_size(ui, size):
    w, h = SIZES[size]
    phone = w <= 480
    ui.page.set_viewport_size({"width": w, "height": h})
    failures = []
    for lang in ("zh", "en"):
        for name in PAGES:
            info = _open(ui, name, lang, phone)
            failures += [f"{name} {lang} {size}: {p}" for p in problems(info, phone)]
            if name in ("overview", "area_demand", "area_support"):
                assert info["chips"] or info["marks"], f"{name} {lang} {size}: no status shown at all"
            heights = info["cardHeights"]
            if heights and max(heights) - min(heights) > 2:
                failures.append(f"{name} {lang} {size}: cards of unequal height {heights}")
            if lang == "zh" or name == "overview":
                _save(ui, name if lang == "zh" else f"{name}_en", size)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("size", list(SIZES))
def test_a_shared_scenario_reads_at_every_size(ui, size):
    """A ?whatif= link (a leader forwards the scenario): on a phone its list, in the status list's style and
    checks; on a screen the open panel. Both languages."""
    w, h = SIZES[size]
    phone = w <= 480
    ui.page.set_viewport_size({"width": w, "height": h})
    failures = []
    for lang in ("zh", "en"):
        info = _open(ui, "overview", lang, phone, whatif="gdp:Q3=7.5,Q4=8;revenue:Q4=12")
        failures += [f"overview+whatif {lang} {size}: {p}" for p in problems(info, phone)]
        shown = ui.page.locator(".st-key-statuslist_whatif li" if phone else '[data-testid="stExpanderDetails"]')
        assert shown.first.is_visible(), f"{lang} {size}: the shared scenario is not shown"
        if phone:
            assert shown.count() == 2
            _save(ui, f"overview_whatif{'_en' if lang == 'en' else ''}", size)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("size", list(SIZES))
def test_signed_in_pages_at_every_size(ui, size):
    """The data pages (报送情况, upload, administration) as an administrator sees them: signed in from the sidebar
    at a desktop width, then read at the size (a phone's window narrows: the probe switches the layout)."""
    w, h = SIZES[size]
    phone = w <= 480
    ui.goto("", period="2023Q2")
    ui.page.wait_for_selector('[data-testid="stSidebar"] input[type="password"]', timeout=90_000)   # a loaded server
    ui.login("admin")
    failures = []
    for name in SIGNED_IN:
        ui.page.set_viewport_size({"width": 1600, "height": 1000})
        ui.open_page(name)
        ui.page.set_viewport_size({"width": w, "height": h})
        ui.wait_idle()
        ui.assert_no_exception(name)
        info = ui.page.evaluate(PROBE)
        # staff pages: a data grid may scroll inside itself on a phone (the page itself must not)
        info["sideways"] = []
        failures += [f"{name} zh {size}: {p}" for p in problems(info, phone)]
        _save(ui, name, size)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("size", list(SIZES))
def test_meeting_slides_fill_the_screen(ui, size):
    w, h = SIZES[size]
    phone = w <= 480
    ui.page.set_viewport_size({"width": w, "height": h})
    failures = []
    for lang in ("zh", "en"):
        for slide in SLIDES:
            info = _open(ui, "meeting", lang, phone, slide=slide)
            where = f"meeting {slide} {lang} {size}"
            failures += [f"{where}: {p}" for p in problems(info, phone)]
            if not phone:
                small = [px for px in info["fontPx"] if px < 24]
                if small:
                    failures.append(f"{where}: slide text under 24 px ({sorted(set(small))})")
                if info["stageBottom"] > h + 2:
                    failures.append(f"{where}: the slide runs {info['stageBottom'] - h:.0f} px past the screen")
                heights = info["cardHeights"]
                if slide == "headline" and heights and max(heights) - min(heights) > 2:
                    failures.append(f"{where}: cards of unequal height {heights}")
                if info["controlsOpacity"] != 0:
                    failures.append(f"{where}: presenter controls shown before the mouse moved")
            if lang == "zh" or slide == "headline":
                _save(ui, f"meeting_{slide}" + ("_en" if lang == "en" else ""), size)
    if not phone:
        ui.page.mouse.move(w / 2, h / 2)
        ui.page.mouse.move(w / 2 + 20, h / 2 + 20)
        ui.page.wait_for_timeout(400)
        assert ui.page.evaluate(PROBE)["controlsOpacity"] == 1, "controls appear when the mouse moves"
    assert not failures, "\n".join(failures)


# Installed before the app's own scripts: records whether a desktop card was ever visible, and when the phone's
# status list first appeared (ms after navigation, reported, never asserted: timing is noisy here).
FLASH_WATCH = """
window.__ptSeenWide = false; window.__ptWideAt = null; window.__ptListAt = null;
new MutationObserver(() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const card = document.querySelector('[class*="st-key-card_"]');
  if (main && card && getComputedStyle(main).visibility !== 'hidden' && card.getBoundingClientRect().height > 0) {
    if (!window.__ptSeenWide) { window.__ptWideAt = performance.now(); }
    window.__ptSeenWide = true;
  }
  if (window.__ptListAt === null && document.querySelector('.st-key-statuslist')) {
    window.__ptListAt = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.4 Mobile/15E148 Safari/604.1")


def test_phone_layout_is_found_from_the_width(ui, browser):
    """No ?layout= in the link: a 390 px browser gets the one status list and a 1600 px one the cards. A phone's
    browser (its User-Agent) gets the list on the first run: the desktop cards are never seen."""
    ui.page.add_init_script(FLASH_WATCH)
    ui.page.set_viewport_size({"width": 390, "height": 844})
    ui.goto("", period="2023Q2")
    ui.page.wait_for_selector(".st-key-statuslist", timeout=30_000)
    ui.wait_idle()
    assert ui.page.locator('[class*="st-key-card_"]').count() == 0
    info = ui.page.evaluate(PROBE)
    assert not info["blanked"], f"the compact page is drawn but blanked: {info['blanked']}"
    # A desktop browser narrowed to 390 px is found by the probe only after the wide run: reported, not asserted
    # (the stylesheet hides the wide page while it waits, but a frame of it can still show under load).
    wide_at = ui.page.evaluate("window.__ptWideAt")
    plain_ms = ui.page.evaluate("window.__ptListAt")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, user_agent=IPHONE, is_mobile=True,
                                has_touch=True, locale="zh-CN")
    try:
        pg = phone.new_page()
        pg.add_init_script(FLASH_WATCH)
        pg.goto(f"{ui.url}/?period=2023Q2")
        pg.wait_for_selector(".st-key-statuslist", timeout=30_000)
        assert not pg.evaluate("window.__ptSeenWide"), "a phone's browser saw the desktop cards first"
        print(f"status list after {plain_ms:.0f} ms (desktop browser at 390 px; wide page seen at {wide_at} ms), "
              f"{pg.evaluate('window.__ptListAt'):.0f} ms (phone User-Agent: compact on the first run)")
    finally:
        phone.close()
    assert ui.page.locator(".modebar-container:visible").count() == 0, "no plotly toolbar on the phone"
    ui.page.set_viewport_size({"width": 1600, "height": 1000})
    ui.goto("", period="2023Q2")
    assert ui.page.locator('[class*="st-key-card_"]').count() == 5
    assert ui.page.locator(".st-key-statuslist").count() == 0

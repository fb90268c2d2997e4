"""Every page, in Chinese and in English: it renders without an exception box, in the chosen language.

Pages open to everyone are walked from the sidebar after opening a link in each language; the data pages need
an account, so an admin signs in, walks them and switches the language in the sidebar.
The zh screenshots of every page are what docs/screenshots/ is refreshed from.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e

CJK = re.compile(r"[\u4e00-\u9fff]")
# The pages the plan promises (issues 3, 4, 5, 7); url path = file stem in pages/.
PUBLIC = ["overview", "area_industry", "area_demand", "area_enterprises", "area_green", "area_support",
          "task_force", "ranking", "review", "meeting", "export"]
SIGNED_IN = ["reporting", "upload", "admin"]
# What each page's title must say (zh, en): a wrong page or a fallback is caught, not only an exception.
TITLES = {"overview": ("总览", "Overview"), "area_industry": ("产业", "ndustr"), "area_demand": ("内需", "emand"),
          "area_enterprises": ("市场主体", "Market"), "area_green": ("绿色", "reen"),
          "area_support": ("保障", "upport"), "task_force": ("专班", "ask force"), "ranking": ("排名", "anking"),
          "review": ("对比", "ompar"), "meeting": (None, None), "export": ("导出简报", "Export"),
          "reporting": ("报送情况", "Reporting"), "upload": ("数据上传", "Upload"), "admin": ("系统管理", "dministration")}


def _check_page(ui, name: str, lang: str) -> None:
    where = f"{name} ({lang})"
    ui.assert_no_exception(where)
    body = ui.main_text()
    assert body.strip(), f"{where}: empty page"
    assert "Traceback" not in body and "Error:" not in body, f"{where}: an error is shown:\n{body[:1500]}"
    zh_title, en_title = TITLES[name]
    title = ui.heading()
    expected = zh_title if lang == "zh" else en_title
    if expected is not None:
        assert expected in (title or body[:400]), f"{where}: title {title!r} does not say {expected!r}"
    if lang == "en" and title:
        # an English page has an English title (proper names such as 岳阳楼区 may follow in brackets)
        assert re.search(r"[A-Za-z]{3}", title), f"{where}: title {title!r} is not in English"
    if lang == "zh" and title:
        assert CJK.search(title), f"{where}: title {title!r} is not in Chinese"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_public_pages(ui, lang):
    """A visitor opens a link in one language and walks every page from the sidebar (meeting mode, which
    hides the sidebar for the projector, last and by link)."""
    failures = []
    ui.goto("", lang=lang)
    for name in [p for p in PUBLIC if p != "meeting"] + ["meeting"]:
        try:
            if name == "meeting":
                ui.goto("meeting", lang=lang)
            elif name != "overview":
                ui.open_page(name)
            assert f"lang={lang}" in ui.page.url, ui.page.url
            _check_page(ui, name, lang)
            if name != "meeting":   # the sidebar is in the chosen language too
                side = ui.sidebar().inner_text()
                assert ("期间" in side) if lang == "zh" else ("Period" in side), f"{name}: sidebar not in {lang}"
        except AssertionError as e:
            failures.append(str(e))
        if lang == "zh" or name == "overview":
            ui.screenshot(name if lang == "zh" else f"{name}_en")
    assert not failures, "\n\n".join(failures)


def test_navigation_lists_every_page(ui):
    ui.goto("")
    ui.login("admin")
    links = ui.nav_links()
    missing = [p for p in PUBLIC + SIGNED_IN if p not in links]
    assert not missing, f"not in the navigation: {missing} (have {sorted(links)})"


def test_signed_in_pages_in_both_languages(ui):
    ui.goto("")
    ui.login("admin")
    for lang in ("zh", "en"):
        if lang == "en":
            ui.set_language("en")
            assert "lang=en" in ui.page.url
        for name in SIGNED_IN:
            ui.open_page(name)
            _check_page(ui, name, lang)
            ui.screenshot(name if lang == "zh" else f"{name}_en")

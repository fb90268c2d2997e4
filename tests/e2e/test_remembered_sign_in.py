"""Served by serve.py (the app plus the route that sets the HttpOnly cookie): a sign-in survives a reload and
a shared link in the same browser; signing out ends it, also for a copy of the cookie; another browser is not
signed in. And text from files renders as text in the browser's own markdown renderer."""
from __future__ import annotations

import pytest
from conftest import App, running_app
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("served"), script="serve.py") as server:
        yield server


def signed_in(ui: App) -> bool:
    return "e2e_analyst" in ui.sidebar().inner_text()


def test_sign_in_survives_reload_and_link_until_sign_out(page, browser, served):
    ui = App(page, served)
    ui.goto("")
    assert not signed_in(ui)
    ui.login("analyst")
    assert signed_in(ui)
    page.wait_for_timeout(500)                    # the cookie frame has loaded
    cookies = {c["name"]: c for c in page.context.cookies()}
    cookie = cookies.get("plantrack_session")
    assert cookie is not None, cookies
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert page.evaluate("document.cookie").find("plantrack_session") < 0, "page scripts cannot read it"

    page.reload()
    ui.wait_idle(settle_ms=500)
    assert signed_in(ui), "signed out by a reload"
    ui.goto("upload", lang="zh", year="2023")      # a shared link, opened in the same browser
    assert signed_in(ui)
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(1)   # the analyst's page

    other = browser.new_context()                  # another browser: not signed in
    try:
        op = other.new_page()
        oui = App(op, served)
        oui.goto("")
        assert not signed_in(oui)
        # sign out in the first browser; a copy of the cookie taken before is then worthless
        button = ui.sidebar().get_by_role("button", name="退出登录")
        button.click()
        ui.wait_idle(settle_ms=500)
        assert not signed_in(ui)
        page.reload()
        ui.wait_idle(settle_ms=500)
        assert not signed_in(ui), "signed in again after sign-out and reload"
        other.add_cookies([{k: cookie[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
        oui.goto("")
        assert not signed_in(oui), "a copied cookie outlived the sign-out"
    finally:
        other.close()


def test_file_text_renders_as_text_in_the_browser(page, served, tmp_path):
    """What AppTest cannot see: the browser's markdown renderer. A refused file whose name and row label are
    payloads (links, image, emphasis, math, icon and emoji codes, bare URL, e-mail) shows them as plain text."""
    ui = App(page, served)
    ui.goto("upload")
    ui.login("analyst")
    name = "[请重新登录](x) ![](y) **b** `c` $m$ :material_home: :smile: www.evil.example a@evil.example.csv"
    bad = tmp_path / name
    bad.write_text("指标代码,指标名称,期间,累计值,单位\ngdp,http://evil.example/login **x** $y$,2023年1-6月,1,吨\n",
                   encoding="utf-8")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(bad)])
    ui.wait_idle(settle_ms=800)
    main = ui.main()
    expect(main.locator('[data-testid="stAlert"]').first).to_be_visible()
    text = ui.main_text().replace("\u2060", "")   # the invisible joiners md() puts after : and @
    assert "[请重新登录](x) ![](y) **b** `c` $m$ :material_home: :smile: www.evil.example a@evil.example" in text, text
    links = [(a.get_attribute("href"), a.inner_text()) for a in main.locator("a").all()]
    external = [h for h, _ in links if h and not h.startswith("#")]   # "#…": the heading's own anchor
    assert not [h for h in external if "evil" in h or h.startswith("mailto") or h == "x"], links
    assert main.locator('img[src="y"], img[src*="evil"]').count() == 0
    for sel in ('[data-testid="stAlert"] strong', '[data-testid="stAlert"] code', ".katex", "h3 strong", "h3 code"):
        assert main.locator(sel).count() == 0, sel
    assert "home" not in main.locator('[data-testid="stIconMaterial"]').all_inner_texts(), "an icon from a name"
    assert "😄" not in text, "an emoji from a name"

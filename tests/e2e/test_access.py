"""Who may do what, as a person in the browser experiences it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_viewer_cannot_reach_upload(ui):
    ui.goto("upload")                             # typed or bookmarked, without signing in
    page = ui.page
    ui.assert_no_exception("upload as viewer")
    expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    text = page.locator("body").inner_text()
    assert "请先登录" in text, "no sign-in message for a viewer on /upload"
    ui.screenshot("upload_viewer")


def test_analyst_signs_in_and_reaches_upload(ui):
    ui.goto("")
    page = ui.page
    assert "未登录" in ui.sidebar().inner_text()
    ui.login("analyst")
    side = ui.sidebar().inner_text()
    assert "e2e_analyst" in side, side
    assert "未登录" not in side
    ui.open_page("upload")
    ui.assert_no_exception("upload as analyst")
    expect(page.locator('[data-testid="stFileUploader"]')).to_be_visible()
    # an analyst is not an admin
    nav = ui.sidebar().inner_text()
    assert "系统管理" not in nav


def test_wrong_password_is_refused(ui):
    ui.goto("")
    ui.login("analyst", password="not-the-password")
    side = ui.sidebar().inner_text()
    assert "用户名或密码错误" in side
    assert "e2e_analyst" not in side.replace("用户名", "")

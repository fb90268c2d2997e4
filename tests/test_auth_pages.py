"""Role checks per page through AppTest: the page's own code path stops without the role (not only a hidden
link); sign-in form, wrong password, lockout, idle expiry, require_login_to_view, SSO only when configured."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _apptest import app, as_user, home, page, setup, sign_in, texts  # noqa: E402

NEED_ANALYST = "只有数据分析员或管理员可以修改数据"
NEED_ADMIN = "只有管理员可以访问此页面"


@pytest.fixture
def root(tmp_path, monkeypatch):
    return setup(tmp_path, monkeypatch)


def test_anonymous_upload_and_admin_pages_stop(root):
    up = page(root, "upload").run()
    assert not up.exception
    assert any(NEED_ANALYST in e for e in texts(up, "error"))
    assert len(up.get("file_uploader")) == 0
    adm = page(root, "admin").run()
    assert not adm.exception
    assert any(NEED_ADMIN in e for e in texts(adm, "error"))
    assert len(adm.dataframe) == 0 and len(adm.tabs) == 0


def test_viewer_cannot_upload(root):
    up = as_user(page(root, "upload"), "vic").run()
    assert any(NEED_ANALYST in e for e in texts(up, "error")) and len(up.get("file_uploader")) == 0


def test_anonymous_app_offers_sign_in_not_data_pages(root):
    at = app(root).run()
    assert not at.exception
    assert [w.key for w in at.sidebar.text_input] == ["auth_name", "auth_password"]
    assert not any(b.label == "单点登录" for b in at.sidebar.button), "no [auth] secrets: no SSO button"
    # upload is hidden from a viewer's menu but routed: a typed or shared link gets the page's own refusal
    at.switch_page(str(root / "pages" / "upload.py")).run()
    assert not at.exception
    assert len(at.get("file_uploader")) == 0
    assert any("请先登录" in e for e in texts(at, "error"))


def test_analyst_signs_in_and_gets_the_uploader_not_admin(root):
    at = sign_in(app(root).run(), "ana")
    assert not at.exception
    assert any("ana" in m for m in texts(at.sidebar, "markdown"))
    at.switch_page(str(root / "pages" / "upload.py")).run()
    assert not at.exception
    assert len(at.get("file_uploader")) == 1 and not texts(at, "error")
    adm = as_user(page(root, "admin"), "ana").run()
    assert any(NEED_ADMIN in e for e in texts(adm, "error")) and len(adm.tabs) == 0


def test_admin_page_for_admin(root):
    at = sign_in(app(root).run(), "boss")
    at.switch_page(str(root / "pages" / "admin.py")).run()
    assert not at.exception
    assert not texts(at, "error")
    assert [t for t in texts(at, "title")] == ["系统管理"]
    log = at.dataframe[0].value
    assert "login" in set(log.iloc[:, 3]) and "boss" in set(log.iloc[:, 2]), "sign-in audited with the user"


def test_wrong_password_then_lockout(root):
    at = app(root).run()
    for _ in range(4):
        sign_in(at, "ana", "wrong-password")
        assert "用户名或密码错误" in texts(at.sidebar, "error")
    sign_in(at, "ana", "wrong-password")           # the 5th failure locks (lockout_after_failures = 5)
    assert any("已锁定" in e for e in texts(at.sidebar, "error"))
    sign_in(at, "ana")                             # the right password is refused while locked
    assert any("已锁定" in e for e in texts(at.sidebar, "error"))
    assert "_auth" not in at.session_state


def test_idle_session_expires(root):
    at = sign_in(app(root).run(), "ana")
    assert at.session_state["_auth"]["name"] == "ana"
    at.session_state["_auth"] = dict(at.session_state["_auth"], seen=time.time() - 61 * 60)
    home(at)
    assert "_auth" not in at.session_state
    assert any("已自动退出登录" in w for w in texts(at.sidebar, "warning"))
    up = page(root, "upload")
    up.session_state["_auth"] = {"name": "ana", "role": "analyst", "via": "local", "seen": time.time() - 7200}
    up.run()
    assert len(up.get("file_uploader")) == 0 and any(NEED_ANALYST in e for e in texts(up, "error"))


def test_removed_account_is_signed_out(root, tmp_path):
    from plantrack.store.accounts import Accounts
    at = sign_in(app(root).run(), "ana")
    Accounts(tmp_path / "accounts.json").remove("ana")
    home(at)
    assert "_auth" not in at.session_state


def test_require_login_to_view_blocks_overview(tmp_path, monkeypatch):
    root = setup(tmp_path, monkeypatch, require_login_to_view=True)
    at = app(root).run()
    assert not at.exception
    assert any("请先在左侧登录" in i for i in texts(at, "info"))
    assert "OVERVIEW-STUB" not in texts(at, "title") and not any("总览" == t for t in texts(at, "title"))
    n_main = len(at.main.children)
    sign_in(at, "vic")
    assert not any("请先在左侧登录" in i for i in texts(at, "info"))
    assert len(at.main.children) > n_main or "OVERVIEW-STUB" in texts(at, "title")


def test_sso_button_only_when_configured(root):
    at = app(root)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "plantrack", "client_secret": "s",
                          "server_metadata_url": "https://idp.example.gov.cn/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert any(b.label == "单点登录" for b in at.sidebar.button)


def test_analyst_rolls_back_and_restores_in_the_app(root, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _safety_files import template_csv

    from plantrack.ingest import parse_file
    from plantrack.model.plan import get_plan
    from plantrack.store.database import Store
    store = Store(tmp_path / "store.duckdb")
    store.import_parsed(parse_file(plan=get_plan(), data=template_csv({"gdp": 300.0}), name="a.csv"), user="ana")
    at = as_user(page(root, "upload"), "ana").run()
    next(b for b in at.button if b.label == "回滚").click().run()
    assert "版本 1 已回滚" in texts(at, "success")
    assert store.history().active.tolist() == [False]
    next(b for b in at.button if b.label == "恢复").click().run()
    assert store.history().active.tolist() == [True]
    log = store.audit_log()
    assert log.action.tolist()[:2] == ["restore", "rollback"] and set(log.user_name[:2]) == {"ana"}

"""An upload that makes the spreadsheet reader abort (a native crash, no Python exception) ends only its
worker process: the analyst sees one line naming the file, the other file of the same upload is previewed,
and the server goes on serving pages.

The aborting file is two cells, A1 and XFD1048576: calamine asks for a 17-billion-cell grid and the Rust
allocator aborts. The importer's own extent check refuses such a file before the reader sees it, so this
module's server runs with ``max_cells`` raised past it — the worker is the last line of defence and this is
its test.
"""
from __future__ import annotations

import re
import urllib.request

import pytest
from conftest import ROOT, App, running_app
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crash_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("app_crash")
    config = workdir / "plan_config.toml"
    text = (ROOT / "plan_config.toml").read_text(encoding="utf-8")
    config.write_text(text.replace("max_cells = 2_000_000", "max_cells = 1_000_000_000_000"), encoding="utf-8")
    assert "max_cells = 1_000_000_000_000" in config.read_text(encoding="utf-8")
    with running_app(workdir, sample=False, config=config) as server:
        yield server


def aborting_xlsx(path) -> None:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "地区生产总值"
    ws.cell(row=1048576, column=16384).value = 1
    wb.save(path)


def test_reader_abort_is_one_line_the_other_file_is_read_and_the_app_stays_up(page, crash_server, tmp_path):
    app = App(page, crash_server)
    crash = tmp_path / "崩溃表.xlsx"
    aborting_xlsx(crash)
    good = tmp_path / "bureau.xlsx"
    good.write_bytes((ROOT / "tests" / "data" / "ingest" / "bureau_2023_h1.xlsx").read_bytes())
    app.goto("")
    app.login("analyst")
    app.open_page("upload")
    app.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files([str(crash), str(good)])
    app.wait_idle(timeout=120_000, settle_ms=800)
    app.assert_no_exception("upload of a file that aborts the reader")
    text = app.main_text()
    assert re.search(r"崩溃表\.xlsx[^\n]*文件解析超出资源限制", text), text[:2000]
    # the other file of the same upload was read and can be imported
    expect(app.page.get_by_role("button", name=re.compile(r"导入\d+个文件"))).to_have_count(1)
    app.screenshot("upload_reader_abort")
    # the server is alive and serves another page
    assert crash_server.proc.poll() is None
    with urllib.request.urlopen(f"{crash_server.url}/_stcore/health", timeout=10) as r:
        assert r.read().strip() == b"ok"
    app.goto("")
    app.assert_no_exception("a page after the crash")
    assert app.heading()

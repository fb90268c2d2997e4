"""The upload preview, as an analyst reads it: no internal ids; each warning beside its row; a figure that
replaces a stored one as "现值 → 新值"; a confirm button that says what will be stored and what was refused."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _apptest import as_user, page, setup  # noqa: E402

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bureau_table(gdp: float, growth: float) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["岳阳楼区2023年1-6月主要经济指标(亿元)"])
    ws.append(["指标", "绝对值", "增长(%)"])
    ws.append(["地区生产总值", gdp, growth])
    ws.append(["社会消费品零售总额", 203.45, 7.4])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _frames(at):
    return [d.value for d in at.dataframe]


def test_preview_says_what_will_be_stored(tmp_path, monkeypatch):
    from plantrack.ingest.sandbox import parse_untrusted
    from plantrack.model.plan import get_plan
    from plantrack.store.database import Store
    root = setup(tmp_path, monkeypatch)
    store = Store(tmp_path / "store.duckdb")
    store.import_parsed(parse_untrusted(get_plan(), bureau_table(385.36, 5.3), "第一版.xlsx", year_hint=2023),
                        user="ana")
    del store
    at = as_user(page(root, "upload"), "ana").run()
    at.file_uploader[0].upload("更正版.xlsx", bureau_table(390.20, 5.3), XLSX) \
        .upload("坏文件.xlsx", b"not a workbook at all", XLSX).run()
    assert not at.exception, at.exception
    preview = next(df for df in _frames(at) if "现值 → 新值" in df.columns)
    assert "id" not in preview.columns, "no internal id column"
    rows = preview.set_index("指标")
    assert rows.loc["地区生产总值", "现值 → 新值"] == "385.36亿元 → 390.2亿元"
    assert rows.loc["社会消费品零售总额", "现值 → 新值"] == "", "unchanged figures say nothing"
    labels = [b.label for b in at.button]
    assert "导入1个文件（2项），1个文件被拒绝" in labels, labels


def test_bilingual_messages_in_the_interface_language():
    from plantrack.ui.upload_page import in_language
    msg = "表1!C3: 地区生产总值 (gdp) 增速不一致 / growth mismatch: reported 9.6%, levels give 8.1%"
    assert in_language(msg, "zh") == "表1!C3: 地区生产总值 (gdp) 增速不一致"
    assert in_language(msg, "en") == "表1!C3: growth mismatch: reported 9.6%, levels give 8.1%"
    assert in_language("只有中文的提示", "en") == "只有中文的提示"

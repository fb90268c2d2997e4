"""Readers and refusals: every bad file is refused with a message naming the file and what was expected."""
from __future__ import annotations

import dataclasses
import io
import sys
import time
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _sheets import xlsx  # noqa: E402

from plantrack.ingest import parse_file
from plantrack.ingest.cells import NotANumber, col_letter, parse_quantity, parse_rank
from plantrack.ingest.readers import decode_text, read_sheets, sniff_delimiter
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

PLAN = load_plan()
SETTINGS = PLAN.import_
DATA = Path(__file__).resolve().parent / "data" / "ingest"


def refused(data: bytes, name: str, code: str, plan=PLAN) -> str:
    with pytest.raises(IngestError) as e:
        parse_file(plan=plan, data=data, name=name)
    assert e.value.code == code, str(e.value)
    assert name in str(e.value)
    return str(e.value)


# ─────────────────────────── cells ───────────────────────────

@pytest.mark.parametrize("cell, expected", [
    (31206.0, (31206.0, None)), ("31,206", (31206.0, None)), ("7.2%", (7.2, "%")), ("－3.5", (-3.5, None)),
    ("-3.5", (-3.5, None)), ("—", (None, None)), ("-", (None, None)), ("--", (None, None)), ("…", (None, None)),
    ("/", (None, None)), ("x", (None, None)), ("", (None, None)), (None, (None, None)), ("  12.5 ", (12.5, None)),
    ("１２．５", (12.5, None)), ("120个", (120.0, "个")), ("3.2亿元", (3.2, "亿元")), ("下降3.5%", (-3.5, "%")),
    ("增长7.2", (7.2, None)), ("1,234,567.5", (1234567.5, None)),
])
def test_parse_quantity(cell, expected):
    assert parse_quantity(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "12abc", "1,23", "7.2.1", "约10"])
def test_parse_quantity_refuses_text(cell):
    with pytest.raises(NotANumber):
        parse_quantity(cell)


def test_rank_and_column_letters():
    assert [parse_rank(v) for v in (3.0, "3", "第3位", "3/13", "—", None)] == [3, 3, 3, 3, None, None]
    assert [col_letter(i) for i in (0, 2, 25, 26, 27, 701)] == ["A", "C", "Z", "AA", "AB", "ZZ"]


# ─────────────────────────── reading ───────────────────────────

def test_xlsx_keeps_numbers_and_merges():
    sheets = read_sheets((DATA / "bureau_2023_h1.xlsx").read_bytes(), "t.xlsx", SETTINGS)
    s = sheets[0]
    assert s.name == "主要指标" and s.visible
    assert s.rows[3][2] == "岳阳楼区2023年1-6月主要经济指标" and s.rows[3][3] is None
    assert s.rows[7][6] == 350.12 and isinstance(s.rows[7][9], float)
    assert (3, 2, 3, 9) in s.merged and (5, 4, 5, 5) in s.merged


def test_csv_encodings_and_delimiters():
    gbk = read_sheets((DATA / "bureau_q3_gbk.csv").read_bytes(), "a.csv", SETTINGS)[0]
    assert gbk.rows[1] == ["指标名称", "单位", "绝对值", "增速(%)"]
    assert gbk.rows[3] == ["地方一般公共预算收入", "万元", "30,000", 9.2]
    bom = read_sheets((DATA / "主要指标_2023.csv").read_bytes(), "b.csv", SETTINGS)[0]
    assert bom.rows[0][0] == "指标" and bom.rows[2] == ["固定资产投资", None, -12.4]
    assert decode_text("指标".encode("utf-16"), "c.csv") == "指标"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";" and sniff_delimiter("a,b\n1,2\n") == ","


# ─────────────────────────── refusals ───────────────────────────

def test_refuses_unknown_extension():
    msg = refused(b"hello", "指标.docx", "bad_type")
    assert ".xlsx, .xls, .ods, .csv" in msg


def test_refuses_content_not_matching_extension():
    msg = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "上半年.xlsx", "bad_type")
    assert "文件扩展名为 .xlsx，但内容不是" in msg and "OLE2" in msg
    msg = refused(xlsx([["地区生产总值", 1]]), "年报.xls", "bad_type")
    assert "named .xls" in msg and "ZIP" in msg
    msg = refused(xlsx([["地区生产总值", 1]]), "年报.ods", "bad_type")
    assert "OpenDocument" in msg


def test_refuses_binary_named_csv():
    msg = refused(bytes(range(256)) * 40, "数据.csv", "bad_type")
    assert "不是电子表格文件 / " in msg and msg.endswith("not a spreadsheet")


def test_refuses_empty_file_and_empty_workbook():
    assert "empty" in refused(b"", "空.xlsx", "empty")
    assert "no non-empty cell" in refused(xlsx([]), "空表.xlsx", "empty")
    assert "no non-empty cell" in refused(b"\n , ,\n", "空.csv", "empty")


def test_refuses_file_over_size_limit_before_reading():
    small = dataclasses.replace(PLAN, import_=dataclasses.replace(SETTINGS, max_file_mb=0.001))
    msg = refused(b"x" * 2000, "大文件.csv", "too_large", plan=small)
    assert "limit is 0.001 MB" in msg


def test_refuses_sheet_over_cell_limit():
    small = dataclasses.replace(PLAN, import_=dataclasses.replace(SETTINGS, max_cells=20))
    msg = refused(xlsx([["地区生产总值", 1, 2, 3, 4]] * 5), "多.xlsx", "too_large", plan=small)
    assert "sheet '表1'" in msg and "25 cells" in msg


def test_refuses_corrupt_zip():
    data = xlsx([["地区生产总值", 1]])
    msg = refused(data[: len(data) // 2], "坏.xlsx", "corrupt")
    assert "corrupt" in msg


def test_refuses_decompression_bomb_quickly(tmp_path):
    # 300 MB of zeros deflates to ~300 KB: declared size is checked from the directory, nothing inflated
    path = tmp_path / "bomb.xlsx"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(chunk)
    data = path.read_bytes()
    assert len(data) < 2_000_000
    t0 = time.perf_counter()
    msg = refused(data, "炸弹.xlsx", "bomb")
    assert time.perf_counter() - t0 < 0.5
    assert "decompression bomb" in msg and "limit is 200 MB" in msg


def test_refuses_absurd_compression_ratio():
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"\0" * (20 << 20))
    msg = refused(bio.getvalue(), "比率.xlsx", "bomb")
    assert "compression ratio" in msg


def test_refuses_zip_that_is_not_a_workbook():
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    assert "xl/workbook.xml" in refused(bio.getvalue(), "其实是docx.xlsx", "bad_type")


def test_parse_file_from_path_reports_hash_size_and_progress():
    seen = []
    path = DATA / "bureau_q3_gbk.csv"
    r = parse_file(path, plan=PLAN, progress=lambda f, m: seen.append(f))
    import hashlib
    assert r.file == "bureau_q3_gbk.csv" and r.size == path.stat().st_size
    assert r.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)

"""Sheet-size check that must run before python-calamine reads a workbook.

calamine builds each sheet as a dense grid from the first to the last cell. A 7 KB xlsx with one cell at A1
and one at XFD1048576 therefore asks for 17 billion cells (≈ 500 GB) and the Rust allocator aborts the whole
process — the Streamlit server with it; no Python exception is raised. ODS does the same with
``table:number-rows-repeated`` / ``number-columns-repeated`` (a 2 KB file can declare 10⁹ cells).

So, before calamine sees the bytes, `check_sheet_extents` streams each sheet's XML out of the ZIP (bounded by
the sizes the ZIP declares, which readers.check_file has already limited) and finds the extent of the cells
that hold something, cheaply with regular expressions on bytes: no tree, no entity expansion, any nesting
depth. A sheet whose rows × columns exceed ``[import] max_cells`` is refused with the same message the reader
gives. Legacy .xls (BIFF8) cannot exceed 65,536 × 256 cells, so it needs no check.

readers.read_sheets calls ``safety.check_sheet_extents(data, file_name, kind, settings)`` right after
``check_file``.
"""
from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import PurePath

from .model import IngestError, Location

_CHUNK = 1 << 20
_MAX_TAG = 1 << 16     # a start tag longer than this is not something Excel or LibreOffice writes

# xlsx: <row r="12" …>, <c r="AB12" …>, </row>
_XLSX_TOKEN = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(row|c)(?=[\s>/])([^>]*)>|</(?:[A-Za-z0-9_]+:)?row>")
_R_ATTR = re.compile(rb"\br=\"([A-Z]{0,3})([0-9]*)\"")
# ods: <table:table …>, <table:table-row …>, <table:table-cell …>, <table:covered-table-cell …>, </table:table-row>
_ODS_TOKEN = re.compile(rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s>/])([^>]*)>|</table:table-row>")
_ROWS_REP = re.compile(rb"number-rows-repeated=\"([0-9]+)\"")
_COLS_REP = re.compile(rb"number-columns-repeated=\"([0-9]+)\"")
_SHEET_NAME = re.compile(rb"table:name=\"([^\"]*)\"")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _too_large(file_name: str, sheet: str, rows: int, cols: int, settings) -> IngestError:
    return IngestError(f"工作表过大 / sheet too large: {rows:,} rows × {cols:,} columns = {rows * cols:,} cells, "
                       f"the limit is {settings.max_cells:,}", Location(file_name, sheet=sheet), code="too_large")


def _chunks(zf: zipfile.ZipFile, name: str):
    """The member's bytes in chunks, each ending at a tag boundary (a partial tag is carried over)."""
    tail = b""
    with zf.open(name) as f:
        while True:
            block = f.read(_CHUNK)
            if not block:
                if tail:
                    yield tail
                return
            buf = tail + block
            cut = buf.rfind(b"<")
            if cut <= 0 or buf.find(b">", cut) != -1:
                yield buf
                tail = b""
            else:
                if len(buf) - cut > _MAX_TAG:
                    raise ValueError("a tag longer than 64 KB")
                yield buf[:cut]
                tail = buf[cut:]


def _xlsx_extent(zf: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """(last row, last column) of the cells that hold something (self-closing <c …/> are style only)."""
    max_row = max_col = row = col = 0
    for chunk in _chunks(zf, member):
        for m in _XLSX_TOKEN.finditer(chunk):
            kind, attrs = m.group(1), m.group(2) or b""
            if kind is None:          # </row>
                continue
            r = _R_ATTR.search(attrs)
            if kind == b"row":
                row = int(r.group(2)) if r and r.group(2) else row + 1
                col = 0
                continue
            if r and r.group(1):
                col = _col_number(r.group(1))
                if r.group(2):
                    row = int(r.group(2))
            else:
                col += 1
            if attrs.endswith(b"/"):
                continue
            max_row = max(max_row, row)
            max_col = max(max_col, col)
    return max_row, max_col


_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_PREFIXED_TAG = re.compile(rb"<[A-Za-z0-9_]+:(?:c|row)[\s>/]")


def _xlsx_extent_upper_bound(zf: zipfile.ZipFile, member: str) -> tuple[int, int] | None:
    """(rows, columns) counting every cell, style-only ones too, from literal patterns — about 8× faster
    than the tag walk on a large sheet. None when the sheet is not written the usual way (a cell without
    an r attribute, a namespace prefix): then only the exact walk can tell."""
    xml = zf.read(member)   # bounded by the declared size, which check_file has limited
    if _PREFIXED_TAG.search(xml):
        return None
    refs = _CELL_REF.findall(xml)
    if len(refs) != xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/"):
        return None
    if not refs:
        return 0, 0
    max_row = max(int(r) for _, r in refs)
    max_col = max(_col_number(c) for c in {c for c, _ in refs})
    return max_row, max_col


def _ods_extents(zf: zipfile.ZipFile, member: str):
    """(sheet name, rows, columns) of each table, counting only rows and columns that hold a value."""
    name, rows_done, max_row, max_col = None, 0, 0, 0
    row_rep, width, row_valued, row_max_col = 1, 0, False, 0
    for chunk in _chunks(zf, member):
        for m in _ODS_TOKEN.finditer(chunk):
            kind, attrs = m.group(1), m.group(2) or b""
            if kind == b"table":
                if name is not None:
                    yield name, max_row, max_col
                nm = _SHEET_NAME.search(attrs)
                name = nm.group(1).decode("utf-8", "replace") if nm else "?"
                rows_done = max_row = max_col = 0
            elif kind == b"table-row":
                rr = _ROWS_REP.search(attrs)
                row_rep = int(rr.group(1)) if rr else 1
                width, row_valued, row_max_col = 0, False, 0
            elif kind in (b"table-cell", b"covered-table-cell"):
                cr = _COLS_REP.search(attrs)
                rep = int(cr.group(1)) if cr else 1
                width += rep
                if b"value-type" in attrs:
                    row_valued, row_max_col = True, width
            else:   # </table:table-row>
                if row_valued:
                    max_row = rows_done + row_rep
                    max_col = max(max_col, row_max_col)
                rows_done += row_rep
    if name is not None:
        yield name, max_row, max_col


_WB_SHEET = re.compile(rb"<(?:[A-Za-z0-9_]+:)?sheet\b([^>]*)>")
_NAME_ATTR = re.compile(rb"\bname=\"([^\"]*)\"")
_RID_ATTR = re.compile(rb"\b(?:[A-Za-z0-9_]+:)?id=\"([^\"]*)\"")
_REL = re.compile(rb"<(?:[A-Za-z0-9_]+:)?Relationship\b([^>]*)>")
_TARGET_ATTR = re.compile(rb"\bTarget=\"([^\"]*)\"")
_ID_ATTR = re.compile(rb"\bId=\"([^\"]*)\"")


def _xlsx_sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """worksheet part ("xl/worksheets/sheet1.xml") → the sheet name the analyst sees ("表1").

    Read from workbook.xml and its relationships; both are small (bounded by the declared sizes)."""
    try:
        wb = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in _REL.finditer(rels):
        rid, tgt = _ID_ATTR.search(m.group(1)), _TARGET_ATTR.search(m.group(1))
        if rid and tgt:
            t = tgt.group(1).decode("utf-8", "replace").lstrip("/")
            targets[rid.group(1)] = t if t.startswith("xl/") else f"xl/{t}"
    names = {}
    for m in _WB_SHEET.finditer(wb):
        nm, rid = _NAME_ATTR.search(m.group(1)), _RID_ATTR.search(m.group(1))
        if nm and rid and rid.group(1) in targets:
            names[targets[rid.group(1)]] = html.unescape(nm.group(1).decode("utf-8", "replace"))
    return names


def check_sheet_extents(data: bytes, file_name: str, kind: str, settings) -> None:
    """Refuse an xlsx / ods whose sheets span more than ``settings.max_cells`` cells, before reading them."""
    if kind not in ("xlsx", "ods"):
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if kind == "xlsx":
                sheet_names = _xlsx_sheet_names(zf)
                for member in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
                    bound = _xlsx_extent_upper_bound(zf, member)
                    if bound is not None and bound[0] * bound[1] <= settings.max_cells:
                        continue
                    rows, cols = _xlsx_extent(zf, member)
                    if rows * cols > settings.max_cells:
                        sheet = sheet_names.get(member, PurePath(member).stem)
                        raise _too_large(file_name, sheet, rows, cols, settings)
            elif "content.xml" in names:
                for sheet, rows, cols in _ods_extents(zf, "content.xml"):
                    if rows * cols > settings.max_cells:
                        raise _too_large(file_name, sheet, rows, cols, settings)
    except IngestError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as e:
        raise IngestError(f"文件已损坏或无法读取 / cannot read the .{kind} workbook ({e}); expected a workbook saved by "
                          f"Excel/WPS/LibreOffice", Location(file_name), code="corrupt") from None

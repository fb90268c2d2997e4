"""Which cells of an xlsx or xls workbook are shown as a percentage.

A growth typed as "5.3%" is stored as 0.053 with a percent number format; python-calamine returns the bare
0.053 and no format, so the importer would record 0.053 % growth — silently wrong by a factor of 100. This
module reads the stylesheet (built-in formats 9 "0%" and 10 "0.00%", and custom formats with an unquoted %)
and the sheet XML, and lists the cells with such a style, so the reader can present them as the analyst sees
them ("5.3%"). xlsx: regular expressions over bytes bounded by the sizes check_file has limited, no XML tree.
Legacy xls: xlrd's formatting records (calamine does not expose them either).
"""
from __future__ import annotations

import io
import re
import zipfile

from .safety import _col_number, _xlsx_sheet_names

_BUILTIN_PERCENT = {9, 10}
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS = re.compile(rb"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*)>")
_NUMFMT_ID = re.compile(rb'\bnumFmtId="(\d+)"')
_QUOTED = re.compile(r'"[^"]*"|\\.')
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')


def _is_percent_code(code: str) -> bool:
    import html
    return "%" in _QUOTED.sub("", html.unescape(code))


def percent_styles(styles_xml: bytes) -> set[int]:
    """Indexes into cellXfs whose number format shows a percentage."""
    custom = {int(i): _is_percent_code(c.decode("utf-8", "replace")) for i, c in _NUMFMT.findall(styles_xml)}
    block = _CELLXFS.search(styles_xml)
    if not block:
        return set()
    out = set()
    for k, m in enumerate(_XF.finditer(block.group(1))):
        fid = _NUMFMT_ID.search(m.group(1))
        n = int(fid.group(1)) if fid else 0
        if n in _BUILTIN_PERCENT or custom.get(n, False):
            out.add(k)
    return out


def percent_cells(data: bytes, kind: str) -> dict[str, set[tuple[int, int]]]:
    """sheet name → {(row, column)} (0-based) of cells with a percent format; {} when there are none."""
    if kind == "xls":
        return _xls_percent_cells(data)
    if kind == "ods":
        return _ods_percent_cells(data)
    if kind != "xlsx":
        return {}
    return _xlsx_percent_cells(data)


_ODS_TOKEN = re.compile(rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s>/])([^>]*)>|</table:table-row>")
_ROWS_REP = re.compile(rb'number-rows-repeated="([0-9]+)"')
_COLS_REP = re.compile(rb'number-columns-repeated="([0-9]+)"')
_TABLE_NAME = re.compile(rb'table:name="([^"]*)"')
_MAX_REPEAT = 1000   # a percentage cell repeated more often than this is a styling range, not data


def _ods_percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """LibreOffice marks such cells office:value-type="percentage" in content.xml."""
    import html
    try:
        xml = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    if b'value-type="percentage"' not in xml:
        return {}
    out: dict[str, set[tuple[int, int]]] = {}
    name, row, col, row_rep, found = None, 0, 0, 1, set()
    for m in _ODS_TOKEN.finditer(xml):
        kind, attrs = m.group(1), m.group(2) or b""
        if kind == b"table":
            if name is not None and found:
                out[name] = found
            nm = _TABLE_NAME.search(attrs)
            name, row, found = (html.unescape(nm.group(1).decode("utf-8", "replace")) if nm else "?"), 0, set()
        elif kind == b"table-row":
            rr = _ROWS_REP.search(attrs)
            row_rep, col = (int(rr.group(1)) if rr else 1), 0
        elif kind in (b"table-cell", b"covered-table-cell"):
            cr = _COLS_REP.search(attrs)
            rep = int(cr.group(1)) if cr else 1
            if b'value-type="percentage"' in attrs and rep <= _MAX_REPEAT and row_rep <= _MAX_REPEAT:
                found.update((row + dr, col + dc) for dr in range(row_rep) for dc in range(rep))
            col += rep
        else:   # </table:table-row>
            row += row_rep
    if name is not None and found:
        out[name] = found
    return out


def _xls_percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:   # calamine read it; without the formats we only lose the percent hint
        return {}
    try:
        pct_xf = {i for i, xf in enumerate(book.xf_list)
                  if _is_percent_code(getattr(book.format_map.get(xf.format_key), "format_str", "") or "")}
        if not pct_xf:
            return {}
        out: dict[str, set[tuple[int, int]]] = {}
        for k in range(book.nsheets):
            sh = book.sheet_by_index(k)
            found = {(r, c) for r in range(sh.nrows) for c, t in enumerate(sh.row_types(r))
                     if t == xlrd.XL_CELL_NUMBER and sh.cell_xf_index(r, c) in pct_xf}
            if found:
                out[sh.name] = found
            book.unload_sheet(k)
        return out
    except Exception:
        return {}
    finally:
        book.release_resources()


def _xlsx_percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        styles = zf.read("xl/styles.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    ids = percent_styles(styles)
    if not ids:
        return {}
    cell = re.compile(rb'<(?:\w+:)?c\b[^>]*\bs="(?:' + b"|".join(str(i).encode() for i in sorted(ids)) + rb')"[^>]*>')
    out: dict[str, set[tuple[int, int]]] = {}
    for part, name in _xlsx_sheet_names(zf).items():
        try:
            xml = zf.read(part)
        except KeyError:
            continue
        found = set()
        for m in cell.finditer(xml):
            ref = _REF.search(m.group(0))
            if ref:
                found.add((int(ref.group(2)) - 1, _col_number(ref.group(1)) - 1))
        if found:
            out[name] = found
    return out


def as_percent_text(value: float) -> str:
    """0.053 → "5.3%": the figure the analyst typed, for the cell parsers (which read "7.2%" as 7.2)."""
    pct = round(value * 100, 10)
    return ("%.10f" % pct).rstrip("0").rstrip(".") + "%"

"""Read an uploaded spreadsheet into Sheets, refusing anything unsafe or not a spreadsheet.

Checks run cheapest first and before any parsing: size, extension, content signature, ZIP directory
(decompression bombs are caught from the declared sizes alone, without inflating anything), then the
per-sheet cell count. xlsx / xls / ods go through python-calamine (fast, one reader for all three);
csv is decoded here.
"""
from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
import zlib
from pathlib import PurePath

from . import percent_formats, safety
from .records import IngestError, Location, Sheet

EXTENSIONS = ("xlsx", "xls", "ods", "csv")
_ZIP_SIG = b"PK\x03\x04"
_EMPTY_ZIP_SIG = b"PK\x05\x06"
_OLE2_SIG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MB = 1024 * 1024
# A ZIP that expands more than this overall (and to more than _BOMB_MIN_BYTES) is a decompression bomb;
# real xlsx files compress 5-20:1.
_BOMB_RATIO = 100
_BOMB_MIN_BYTES = 10 * MB


def extension(file_name: str) -> str:
    return PurePath(file_name).suffix.lower().lstrip(".")


def sniff(data: bytes) -> str:
    """What the bytes are: "zip", "ole2" or "text" / "binary"."""
    if data.startswith(_ZIP_SIG) or data.startswith(_EMPTY_ZIP_SIG):
        return "zip"
    if data.startswith(_OLE2_SIG):
        return "ole2"
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    if b"\x00" in head:
        return "binary"
    # control characters other than tab/newline/carriage return/form feed are not in text files
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return "binary" if ctrl > max(8, len(head) // 100) else "text"


_KIND_NAMES = {"zip": "ZIP (xlsx/ods)",
               "ole2": "OLE2 (旧版 .xls 或加密的工作簿 / legacy .xls or an encrypted workbook)",
               "binary": "binary data / 二进制数据", "text": "text / 文本"}


def check_file(data: bytes, file_name: str, settings) -> str:
    """Refuse the file or return its kind ("xlsx", "xls", "ods", "csv"). Cheap checks only."""
    loc = Location(file_name)
    limit = settings.max_file_mb * MB
    if len(data) > limit:
        raise IngestError(f"文件过大 / file too large: {len(data) / MB:.1f} MB, the limit is "
                          f"{settings.max_file_mb:g} MB", loc, code="too_large")
    ext = extension(file_name)
    if ext not in EXTENSIONS:
        raise IngestError(f"不支持的文件类型 / unsupported file type '.{ext or '(none)'}': expected one of "
                          f".xlsx, .xls, .ods, .csv", loc, code="bad_type")
    if not data:
        raise IngestError("文件为空 / the file is empty (0 bytes)", loc, code="empty")
    kind = sniff(data)
    expected = {"xlsx": "zip", "ods": "zip", "xls": "ole2", "csv": "text"}[ext]
    if kind != expected:
        want = {"zip": "xlsx/ods (ZIP)", "ole2": "xls (OLE2)", "text": "csv (text)"}[expected]
        raise IngestError(f"文件扩展名为 .{ext}，但内容不是 {want} 格式，不是电子表格文件 / the file is named .{ext} "
                          f"but its content is {_KIND_NAMES[kind]}, not {want}: not a spreadsheet",
                          loc, code="bad_type")
    if kind == "zip":
        _check_zip(data, ext, loc, settings)
    return ext


def _check_zip(data: bytes, ext: str, loc: Location, settings) -> None:
    """Inspect the ZIP central directory only: corrupt archive, bombs, wrong kind of document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names and _small(zf, "mimetype") else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError) as e:
        raise IngestError(f"文件已损坏 / the .{ext} file is corrupt (broken ZIP archive: {e}); expected a "
                          f"workbook saved by Excel/WPS/LibreOffice", loc, code="corrupt") from None
    declared = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if declared > settings.max_uncompressed_mb * MB:
        raise IngestError(f"疑似压缩炸弹 / refused as a possible decompression bomb: the archive declares "
                          f"{declared / MB:.0f} MB uncompressed, the limit is {settings.max_uncompressed_mb:g} MB",
                          loc, code="bomb")
    if declared > _BOMB_MIN_BYTES and declared / packed > _BOMB_RATIO:
        raise IngestError(f"疑似压缩炸弹 / refused as a possible decompression bomb: compression ratio "
                          f"{declared / packed:.0f}:1 ({declared / MB:.0f} MB from {packed / MB:.1f} MB)",
                          loc, code="bomb")
    is_ods = mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet")
    is_xlsx = "xl/workbook.xml" in names or "xl/workbook.bin" in names
    if ext == "xlsx" and not is_xlsx:
        what = "an OpenDocument spreadsheet (.ods)" if is_ods else "a ZIP archive without a workbook"
        raise IngestError(f"文件扩展名为 .xlsx，但内容不是 Excel 工作簿 / the file is named .xlsx but it is {what}; "
                          f"expected an Excel workbook (xl/workbook.xml)", loc, code="bad_type")
    if ext == "ods" and not is_ods:
        what = "an Excel workbook (.xlsx)" if is_xlsx else "a ZIP archive that is not a spreadsheet"
        raise IngestError(f"文件扩展名为 .ods，但内容不是 OpenDocument 表格 / the file is named .ods but it is {what}; "
                          f"expected an OpenDocument spreadsheet", loc, code="bad_type")


def _small(zf: zipfile.ZipFile, name: str) -> bool:
    return zf.getinfo(name).file_size < 1024


def read_sheets(data: bytes, file_name: str, settings) -> list[Sheet]:
    """All sheets of a workbook (or the one sheet of a csv), after the safety checks.

    `settings` is plan.import_. Empty cells are None; numbers stay numbers (calamine gives floats).
    Raises IngestError naming the file (and sheet) on anything refused.
    """
    kind = check_file(data, file_name, settings)
    # calamine allocates a dense grid from A1 to the last cell it is told of; a tiny file declaring a huge
    # extent would abort the process (no Python exception), so measure the extents first, with a streaming
    # XML parser, and note the formula results and percent formats calamine does not give.
    scans = safety.scan_workbook(data, file_name, kind, settings)
    sheets = (_read_csv(data, file_name, settings) if kind == "csv"
              else _read_workbook(data, file_name, settings, scans))
    if not any(any(c is not None for c in row) for s in sheets for row in s.rows):
        raise IngestError("工作簿没有任何数据 / the workbook has no non-empty cell; expected a table",
                          Location(file_name), code="empty")
    return sheets


# ─────────────────────────── workbooks ───────────────────────────

class Unreadable(str):
    """A cell whose value the file does not give (a formula error, a formula without a saved result, a number
    that is not finite), as text saying so: a layout that needs a number there refuses it with the cell
    named, exactly as it refuses other text in a number column."""


def finite_or_unreadable(v):
    """Numbers must be finite: NaN and ±inf (from "INF", "-Infinity", a 400-digit integer) become Unreadable."""
    if type(v) is float and not math.isfinite(v):
        return Unreadable(f"{v}（不是有限数值，not a finite number）")
    return v


def _read_workbook(data: bytes, file_name: str, settings, scans: dict) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

    ext = extension(file_name)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as e:
        raise _unreadable(file_name, ext, e) from None
    except Exception as e:  # calamine raises plain errors for some malformed files
        raise _unreadable(file_name, ext, e) from None
    sheets: list[Sheet] = []
    # calamine gives a "5.3%" cell as 0.053 and no format: the percent-formatted cells come from the scan
    percent = ({n: s.percent for n, s in scans.items() if s.percent} if ext != "xls"
               else percent_formats.xls_percent_cells(data))
    total = 0
    with wb:
        visible = {m.name: m.visible == SheetVisibleEnum.Visible for m in wb.sheets_metadata}
        for name in wb.sheet_names:
            loc = Location(file_name, sheet=name)
            try:
                ws = wb.get_sheet_by_name(name)
            except Exception as e:
                raise IngestError(f"无法读取工作表 / cannot read this sheet: {e}", loc, code="corrupt") from None
            end = ws.end
            if end is None:
                sheets.append(Sheet(name=name, rows=[], visible=visible.get(name, True)))
                continue
            total += (end[0] + 1) * (end[1] + 1)   # one budget for the whole workbook (xls sheets are counted here)
            if total > settings.max_cells:
                raise safety.too_large(file_name, name, end[0] + 1, end[1] + 1, total, settings)
            rows = [[None if c == "" else finite_or_unreadable(c) for c in row]
                    for row in ws.to_python(skip_empty_area=False)]
            scan = scans.get(name)
            if scan is not None:
                for (r, c), what in scan.problems.items():
                    if r < len(rows) and c < len(rows[r]) and rows[r][c] is None:
                        rows[r][c] = Unreadable(what)
            for r, c in percent.get(name, ()):
                if r < len(rows) and c < len(rows[r]):
                    v = rows[r][c]
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        rows[r][c] = percent_formats.as_percent_text(v)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (ws.merged_cell_ranges or [])]
            sheets.append(Sheet(name=name, rows=_trim(rows), merged=merged, visible=visible.get(name, True)))
    return sheets


def _unreadable(file_name: str, ext: str, e: Exception) -> IngestError:
    msg = str(e) or type(e).__name__
    if "password" in msg.lower() or type(e).__name__ == "PasswordError":
        return IngestError(f"工作簿有密码保护 / the workbook is password-protected: {msg}; save it without a "
                           f"password", Location(file_name), code="encrypted")
    return IngestError(f"文件已损坏或无法读取 / cannot read the .{ext} workbook ({msg}); expected a workbook saved "
                       f"by Excel/WPS/LibreOffice", Location(file_name), code="corrupt")


def _trim(rows: list[list]) -> list[list]:
    """Drop trailing empty rows (calamine pads to the used range)."""
    while rows and all(c is None for c in rows[-1]):
        rows.pop()
    return rows


# ─────────────────────────── csv ───────────────────────────

_PLAIN_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$", re.ASCII)   # float() also reads other scripts' digits


def decode_text(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without BOM) if it decodes strictly, else UTF-16 by BOM, else GB18030 (⊃ GBK, GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise IngestError("无法识别文本编码 / cannot decode the csv: expected UTF-8 or GBK/GB18030 text",
                      Location(file_name), code="bad_encoding")


def sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one present on the most of the first lines, then the most often."""
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    best, best_score = ",", (0, 0)
    for d in (",", "\t", ";", "，"):
        counts = [ln.count(d) for ln in lines]
        score = (sum(1 for c in counts if c), sum(counts))
        if score > best_score:
            best, best_score = d, score
    return best


def _read_csv(data: bytes, file_name: str, settings) -> list[Sheet]:
    text = decode_text(data, file_name)
    delim = sniff_delimiter(text)
    rows: list[list] = []
    width = 0
    # Python's csv refuses a field over 131,072 characters by default; the file size limit bounds fields
    # already, so any length up to it is read (the limit is per process; raising it is harmless).
    limit = int(settings.max_file_mb * MB) + 1
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for raw in reader:
            row = [_csv_cell(c) for c in raw]
            width = max(width, len(row))
            rows.append(row)
            if len(rows) * width > settings.max_cells:
                raise IngestError(f"表格过大 / table too large: more than {settings.max_cells:,} cells",
                                  Location(file_name, sheet=PurePath(file_name).stem), code="too_large")
    except csv.Error as e:
        raise IngestError(f"无法读取 csv / cannot read the csv near line {reader.line_num}: {e}",
                          Location(file_name, sheet=PurePath(file_name).stem, row=reader.line_num),
                          code="corrupt") from None
    rows = _trim([r + [None] * (width - len(r)) for r in rows])
    return [Sheet(name=PurePath(file_name).stem, rows=rows)]


def _csv_cell(c: str):
    """Plain numbers become floats like calamine's; everything else stays text (parsed by the layouts)."""
    s = c.strip()
    if not s:
        return None
    if _PLAIN_NUMBER.match(s):
        return finite_or_unreadable(float(s))
    return s

"""What a workbook's XML declares, read with a streaming XML parser before python-calamine sees the bytes.

calamine builds each sheet as a dense grid from A1 to the last cell that holds something. A 2 KB xlsx with a
value at A1 and at XFD1048576 asks for 17 billion cells and the Rust allocator aborts the process; ODS does
the same with ``number-rows-repeated`` / ``number-columns-repeated``. So each sheet's XML is streamed out of
the ZIP (sizes already limited by readers.check_file) through expat — linear in the input, any quoting,
spacing, namespace prefix or nesting depth, no tree kept, DTDs refused — and measured the way calamine will
see it: a cell counts when it has a value (``<v>`` / ``<is>`` in xlsx, a value type or content in ods).

The same pass notes what calamine loses and the analyst must hear about:
- formulas without a saved result (calamine gives an empty cell) and saved errors such as ``#DIV/0!``
  (calamine gives an empty string): ``problems`` maps the cell to a description, which the reader puts in
  the cell so a layout reading a number there refuses it with the cell named;
- cells shown as a percentage (calamine gives 0.053 for "5.3%"): ``percent``.

The whole workbook shares one budget, ``[import] max_cells`` (rows × columns summed over the sheets), which
bounds the reader's time and memory for any file under the size limits. Legacy .xls (BIFF8) sheets are measured
from their cell records (up to 65,536 × 256 cells each, which the reader would allocate).
"""
from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.parsers import expat

from .records import IngestError, Location

_CHUNK = 1 << 20
_BUILTIN_PERCENT = {9, 10}      # "0%", "0.00%"
_MAX_PROBLEMS = 1000            # a sheet with more broken formulas than this is reported by its first ones
_ELEMENTS_PER_CELL = 4          # <c><v>, <c><is><t>, <c><f><v>: more per cell of the budget is not a table
_MAX_PERCENT_REPEAT = 1000      # an ods percentage cell repeated more often is a styling range, not data


@dataclass
class SheetScan:
    name: str
    rows: int = 0               # last row holding a value (1-based), as calamine sizes the grid
    cols: int = 0
    problems: dict[tuple[int, int], str] = field(default_factory=dict)   # 0-based (row, col) → what is wrong
    percent: set[tuple[int, int]] = field(default_factory=set)           # 0-based cells shown as a percentage

    @property
    def cells(self) -> int:
        return self.rows * self.cols


class _Refused(Exception):
    """Raised inside an expat handler; turned into an IngestError with the sheet named."""


def col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _parser() -> expat.XMLParserType:
    p = expat.ParserCreate()
    p.buffer_text = True

    def no_dtd(*_):   # Excel and LibreOffice never write one; entity tricks live there
        raise _Refused("含有 DTD / the XML declares a DTD (<!DOCTYPE>), which spreadsheets never contain")
    p.StartDoctypeDeclHandler = no_dtd
    p.EntityDeclHandler = no_dtd
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


def _chunks(zf: zipfile.ZipFile, member: str):
    with zf.open(member) as f:
        while block := f.read(_CHUNK):
            yield block


def _feed(p: expat.XMLParserType, zf: zipfile.ZipFile, member: str) -> None:
    _feed_chunks(p, _chunks(zf, member))


def _feed_chunks(p: expat.XMLParserType, chunks) -> None:
    for block in chunks:
        p.Parse(block, False)
    p.Parse(b"", True)


# ─────────────────────────── xlsx ───────────────────────────

def percent_style_ids(zf: zipfile.ZipFile) -> set[int]:
    """Indexes into styles.xml's cellXfs whose number format shows a percentage."""
    try:
        zf.getinfo("xl/styles.xml")
    except KeyError:
        return set()
    return percent_styles(_chunks(zf, "xl/styles.xml"))


def percent_styles(chunks) -> set[int]:
    """The percent style indexes from styles.xml given as bytes or as an iterable of byte chunks."""
    from .percent_formats import is_percent_code
    custom: dict[int, bool] = {}
    xf_formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(name, attrs):
        tag = _local(name)
        if tag == "numFmt":
            try:
                custom[int(attrs.get("numFmtId", ""))] = is_percent_code(attrs.get("formatCode", ""))
            except ValueError:
                pass
        elif tag == "cellXfs":
            depth["cellXfs"] += 1
        elif tag == "xf" and depth["cellXfs"]:
            try:
                xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xf_formats.append(0)

    def end(name):
        if _local(name) == "cellXfs":
            depth["cellXfs"] -= 1

    p = _parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    _feed_chunks(p, [chunks] if isinstance(chunks, bytes) else chunks)
    return {k for k, n in enumerate(xf_formats) if n in _BUILTIN_PERCENT or custom.get(n, False)}


_DIGITS = "0123456789"


def _ref_column(letters: str, ref: str) -> int:
    """Column number of a reference's letters ("AB" → 28); 0 for none (the cell follows the previous one)."""
    letters = letters.strip()
    if not letters:
        return 0
    if len(letters) > 7 or not (letters.isascii() and letters.isalpha()):
        raise _Refused(f"单元格引用无法识别 / unreadable cell reference r={ref[:40]!r}")
    return col_number(letters.upper())


def _scan_xlsx_sheet(zf: zipfile.ZipFile, member: str, name: str, percent_ids: set[int],
                     budget: list[int]) -> SheetScan:
    """One pass over a worksheet. Only start tags call back in the common case (the cost is per callback);
    character data and end tags are listened to only inside the <v> of a formula or error cell."""
    scan = SheetScan(name)
    pct = frozenset(str(i) for i in percent_ids)
    row = col = max_row = max_col = 0
    cell_t, cell_pct = "", False
    formula_at = None        # (row, col) of a formula cell whose <v> has not been seen yet
    special = False          # the open cell is a formula or an error: its <v> text matters
    vtext: list[str] = []

    col_cache: dict[str, int] = {}

    def bad_ref(what: str, v: str) -> _Refused:
        return _Refused(f"单元格引用无法识别 / unreadable {what} r={v[:40]!r}")

    def note(r: int, c: int, what: str) -> None:
        if len(scan.problems) < _MAX_PROBLEMS:
            scan.problems[(r - 1, c - 1)] = what

    def flush_formula() -> None:
        nonlocal formula_at
        if formula_at is not None:
            note(*formula_at, "（公式没有保存的结果，a formula without a saved result）")
            formula_at = None

    def start(tag, attrs):
        nonlocal row, col, max_row, max_col, cell_t, cell_pct, formula_at, special
        budget[0] -= 1
        if budget[0] < 0:
            raise _too_many_elements()
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            flush_formula()
            ref = attrs.get("r")
            if ref is None:
                col += 1
            else:
                letters = ref.rstrip(_DIGITS)
                n = col_cache.get(letters)
                if n is None:
                    n = col_cache[letters] = _ref_column(letters, ref)
                col = n or col + 1
                if len(ref) > len(letters):
                    digits = ref[len(letters):]
                    if len(digits) > 10 or not digits.isdigit():
                        raise bad_ref("cell reference", ref)
                    row = int(digits)
            cell_t = attrs.get("t", "")
            cell_pct = bool(pct) and attrs.get("s") in pct
            special = cell_t == "e"
        elif tag == "v" or tag == "is":
            if row > max_row:
                max_row = row
            if col > max_col:
                max_col = col
            if cell_pct:
                scan.percent.add((row - 1, col - 1))
            if tag == "v" and (special or formula_at is not None):
                formula_at = None
                vtext.clear()
                p.CharacterDataHandler = vtext.append
                p.EndElementHandler = end_v
        elif tag == "f":
            formula_at = (row, col)
            special = True
        elif tag == "row":
            flush_formula()
            r = attrs.get("r")
            if r is None:
                row += 1
            else:
                r = r.strip()
                if not r.isdigit() or len(r) > 10:
                    raise bad_ref("row number", r)
                row = int(r)
            col = 0

    def end_v(tag):
        p.CharacterDataHandler = None
        p.EndElementHandler = None
        value = "".join(vtext).strip()
        if cell_t == "e":
            note(row, col, f"{value or '#ERROR'}（公式错误，a formula error）")
        elif not value:
            note(row, col, "（公式没有保存的结果，a formula without a saved result）")

    def cdata():
        # calamine reads a CDATA section in a cell as empty: a value the analyst typed would vanish silently
        note(row, col, "（CDATA 段中的值无法读取，a value inside a CDATA section, which the reader cannot see）")

    p = _parser()
    p.StartElementHandler = start
    p.StartCdataSectionHandler = cdata
    _feed(p, zf, member)
    flush_formula()
    scan.rows, scan.cols = max_row, max_col
    return scan


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """worksheet part ("xl/worksheets/sheet1.xml") → the sheet name the analyst sees ("表1")."""
    try:
        zf.getinfo("xl/workbook.xml")
        zf.getinfo("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets: dict[str, str] = {}
    sheets: list[tuple[str, str]] = []

    def rel(tag, attrs):
        if _local(tag) == "Relationship" and "Id" in attrs and "Target" in attrs:
            t = attrs["Target"].lstrip("/")
            targets[attrs["Id"]] = t if t.startswith("xl/") else f"xl/{t}"

    def book(tag, attrs):
        if _local(tag) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
            if "name" in attrs and rid:
                sheets.append((attrs["name"], rid))

    for member, handler in (("xl/_rels/workbook.xml.rels", rel), ("xl/workbook.xml", book)):
        p = _parser()
        p.StartElementHandler = handler
        _feed(p, zf, member)
    return {targets[rid]: name for name, rid in sheets if rid in targets}


def _too_many_elements() -> _Refused:
    return _Refused("XML 元素过多 / more XML elements than the cell budget allows (at most "
                    f"{_ELEMENTS_PER_CELL} per cell of [import] max_cells): not what a spreadsheet program writes")


def _scan_other_parts(zf: zipfile.ZipFile, budget: list[int], scanned: set[str]) -> None:
    """Every other XML part (shared strings, workbook, rels, content types, docProps…) streamed once under the
    same element budget: a DTD anywhere is refused even in a part the reader skips, and a shared-strings table
    whose declared count exceeds its strings (calamine reserves the declared count up front) is refused."""
    for member in zf.namelist():
        if member in scanned or not member.lower().endswith((".xml", ".rels")):
            continue
        declared, found = [0], [0]

        def start(tag, attrs):
            budget[0] -= 1
            if budget[0] < 0:
                raise _too_many_elements()
            local = _local(tag)
            if local == "sst":
                for key in ("uniqueCount",):
                    v = attrs.get(key, "0").strip()
                    declared[0] = max(declared[0], int(v) if v.isdigit() and len(v) < 19 else 1 << 62)
            elif local == "si":
                found[0] += 1

        p = _parser()
        p.StartElementHandler = start
        try:
            _feed(p, zf, member)
        except expat.ExpatError as e:
            raise _Refused(f"XML 格式错误 / malformed XML in {member[:80]} ({e})") from None
        if declared[0] > max(found[0], 1) * 2 + 1000:
            raise _Refused(f"共享字符串数量不符 / {member[:80]} declares {declared[0]:,} strings but holds "
                           f"{found[0]:,}")


def _scan_xlsx(zf: zipfile.ZipFile, budget: list[int]) -> list[SheetScan]:
    names = _xlsx_sheet_parts(zf)
    percent_ids = percent_style_ids(zf)
    members = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    out = []
    for member in members:
        name = names.get(member, PurePath(member).stem)
        try:
            out.append(_scan_xlsx_sheet(zf, member, name, percent_ids, budget))
        except _Refused as e:
            raise _Refused(str(e), name) from None
        except expat.ExpatError as e:
            raise _Refused(f"XML 格式错误 / malformed XML ({e})", name) from None
    _scan_other_parts(zf, budget, set(members))
    return out


# ─────────────────────────── ods ───────────────────────────

def _int_attr(attrs: dict, local: str) -> int:
    for k, v in attrs.items():
        if _local(k) == local:
            v = v.strip()
            if not v.isdigit() or len(v) > 10:
                raise _Refused(f"重复次数无法识别 / unreadable repeat count {k}={v!r}")
            return max(int(v), 1)
    return 1


def _scan_ods(zf: zipfile.ZipFile, budget: list[int]) -> list[SheetScan]:
    out: list[SheetScan] = []
    st = {"table": None, "row": 0, "row_rep": 1, "col": 0, "row_valued": False, "row_max_col": 0, "cell": None,
          "depth": 0}

    def start(tag, attrs):
        tag = _local(tag)
        budget[0] -= 1
        if budget[0] < 0:
            raise _too_many_elements()
        st["depth"] += 1
        if tag == "table" and st["cell"] is None:
            name = next((v for k, v in attrs.items() if _local(k) == "name"), "?")
            st["table"] = SheetScan(name)
            out.append(st["table"])
            st["row"] = 0
        elif st["table"] is None:
            return
        elif tag == "table-row" and st["cell"] is None:
            st.update(row_rep=_int_attr(attrs, "number-rows-repeated"), col=0, row_valued=False, row_max_col=0)
        elif tag in ("table-cell", "covered-table-cell") and st["cell"] is None:
            rep = _int_attr(attrs, "number-columns-repeated")
            vtypes = {v for k, v in attrs.items() if _local(k) == "value-type"}
            formula = any(_local(k) == "formula" for k in attrs)
            first = st["col"]
            st["col"] += rep
            st["cell"] = {"depth": st["depth"], "valued": bool(vtypes), "rep": rep, "first": first}
            if vtypes:
                st["row_valued"], st["row_max_col"] = True, st["col"]
            scan = st["table"]
            if len(scan.problems) < _MAX_PROBLEMS and st["row_rep"] * rep <= _MAX_PERCENT_REPEAT:
                where = [(st["row"] + dr, first + dc) for dr in range(st["row_rep"]) for dc in range(rep)]
                if "error" in vtypes:
                    scan.problems.update(dict.fromkeys(where, "#ERROR（公式错误，a formula error）"))
                elif formula and not vtypes:
                    scan.problems.update(dict.fromkeys(where,
                                                       "（公式没有保存的结果，a formula without a saved result）"))
                elif "percentage" in vtypes:
                    scan.percent.update(where)
        elif st["cell"] is not None and not st["cell"]["valued"]:
            st["cell"]["valued"] = True   # text content without a value type still fills the cell
            st["row_valued"], st["row_max_col"] = True, st["col"]

    def end(tag):
        tag = _local(tag)
        if st["cell"] is not None and st["depth"] == st["cell"]["depth"]:
            st["cell"] = None
        elif tag == "table-row" and st["cell"] is None and st["table"] is not None:
            scan = st["table"]
            if st["row_valued"]:
                scan.rows = st["row"] + st["row_rep"]
                scan.cols = max(scan.cols, st["row_max_col"])
            st["row"] += st["row_rep"]
        elif tag == "table" and st["cell"] is None:
            st["table"] = None
        st["depth"] -= 1

    p = _parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    try:
        _feed(p, zf, "content.xml")
    except _Refused as e:
        raise _Refused(str(e), st["table"].name if st["table"] else None) from None
    except expat.ExpatError as e:
        raise _Refused(f"XML 格式错误 / malformed XML ({e})", st["table"].name if st["table"] else None) from None
    _scan_other_parts(zf, budget, {"content.xml"})
    return out


# ─────────────────────────── xls (BIFF8) ───────────────────────────

# Records that put a value in a cell (row and column in their first four bytes); MULRK spans columns.
_BIFF_CELLS = {0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0006, 0x0205}
_BIFF_MULRK, _BIFF_BOF, _BIFF_EOF, _BIFF_SHEET = 0x00BD, 0x0809, 0x000A, 0x0085


def _scan_xls(data: bytes, budget: list[int]) -> list[SheetScan]:
    """Extents of a legacy .xls from its cell records (a walk over the BIFF records of the Workbook stream):
    one cell at IV65536 makes the reader build a 16.7 M-cell grid."""
    import struct

    from xlrd.compdoc import CompDoc
    try:
        doc = CompDoc(data, logfile=io.StringIO())
        stream = doc.get_named_stream("Workbook") or doc.get_named_stream("Book")
    except Exception:   # not readable as OLE2: the reader refuses it with its own message
        return []
    if not stream:
        return []
    names: dict[int, str] = {}
    out: list[SheetScan] = []
    scan: SheetScan | None = None
    pos, end = 0, len(stream)
    while pos + 4 <= end:
        rtype, size = struct.unpack_from("<HH", stream, pos)
        body = stream[pos + 4:pos + 4 + size]
        budget[0] -= 1
        if budget[0] < 0:
            raise _too_many_elements()
        if rtype == _BIFF_SHEET and len(body) >= 8:
            n, flags = body[6], body[7]
            raw = body[8:8 + (2 * n if flags & 1 else n)]
            names[struct.unpack_from("<I", body)[0]] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif rtype == _BIFF_BOF and len(body) >= 4:
            scan = SheetScan(names.get(pos, f"sheet {len(out) + 1}")) if body[2:4] == b"\x10\x00" else None
            if scan is not None:
                out.append(scan)
        elif rtype == _BIFF_EOF:
            scan = None
        elif scan is not None and len(body) >= 4 and (rtype in _BIFF_CELLS or rtype == _BIFF_MULRK):
            row, col = struct.unpack_from("<HH", body)
            if rtype == _BIFF_MULRK and len(body) >= 6:
                col = struct.unpack_from("<H", body, len(body) - 2)[0]
            scan.rows = max(scan.rows, row + 1)
            scan.cols = max(scan.cols, col + 1)
        pos += 4 + size
    return out


# ─────────────────────────── entry ───────────────────────────

def too_large(file_name: str, sheet: str | None, rows: int, cols: int, total: int, settings) -> IngestError:
    where = f"{rows:,} rows × {cols:,} columns = {rows * cols:,} cells"
    if total != rows * cols:
        where += f", {total:,} cells in all sheets so far"
    return IngestError(f"工作表过大 / sheet too large: {where}, the limit is {settings.max_cells:,} cells for the "
                       f"whole workbook", Location(file_name, sheet=sheet), code="too_large")


def check_budget(scans: list[SheetScan], file_name: str, settings) -> None:
    """Refuse when the sheets together span more than ``max_cells``."""
    total = 0
    for s in scans:
        total += s.cells
        if total > settings.max_cells:
            raise too_large(file_name, s.name, s.rows, s.cols, total, settings)


def scan_workbook(data: bytes, file_name: str, kind: str, settings) -> dict[str, SheetScan]:
    """Sheet name → SheetScan for an xlsx / ods, after refusing one that is over the cell budget; {} otherwise."""
    if kind not in ("xlsx", "ods", "xls"):
        return {}
    if kind == "xls":
        scans = _scan_xls(data, [_ELEMENTS_PER_CELL * settings.max_cells + 10_000])
        check_budget(scans, file_name, settings)
        return {}   # nothing else to note: xlrd gives xls percent formats, calamine gives formula results
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            # the scan's own time is bounded too: a few elements per cell of the budget (a 200 MB sheet of
            # empty tags would otherwise cost a minute of callbacks)
            budget = [_ELEMENTS_PER_CELL * settings.max_cells + 10_000]
            if kind == "xlsx":
                scans = _scan_xlsx(zf, budget)
            elif "content.xml" in zf.namelist():
                scans = _scan_ods(zf, budget)
            else:
                scans = []
    except _Refused as e:
        sheet = e.args[1] if len(e.args) > 1 else None
        # the reason is "中文 / English": each half goes with its language, so the message splits in one place
        zh, _, en = e.args[0].partition(" / ")
        raise IngestError(f"文件已损坏或无法读取：{zh} / cannot read the .{kind} workbook: {en or zh}; expected a "
                          f"workbook saved by Excel/WPS/LibreOffice", Location(file_name, sheet=sheet),
                          code="corrupt") from None
    except expat.ExpatError as e:
        raise IngestError(f"文件已损坏或无法读取：XML 格式错误 / cannot read the .{kind} workbook: "
                          f"malformed XML ({e}); expected a workbook saved by Excel/WPS/LibreOffice",
                          Location(file_name), code="corrupt") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as e:
        raise IngestError(f"文件已损坏或无法读取 / cannot read the .{kind} workbook ({e}); "
                          f"expected a workbook saved by Excel/WPS/LibreOffice", Location(file_name),
                          code="corrupt") from None
    check_budget(scans, file_name, settings)
    return {s.name: s for s in scans}

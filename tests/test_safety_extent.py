"""The sheet-extent guard: a fast upper bound for ordinary files, the exact walk for anything unusual."""
import io
import zipfile

import openpyxl

from plantrack.ingest import safety


def _zip(sheet_xml: bytes) -> zipfile.ZipFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return zipfile.ZipFile(io.BytesIO(buf.getvalue()))


def test_ordinary_sheet_gets_the_fast_bound():
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 31):
        ws.append([f"x{r}", r, r * 2])
    ws["E40"] = "far"
    buf = io.BytesIO()
    wb.save(buf)
    zf = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    assert safety._xlsx_extent_upper_bound(zf, "xl/worksheets/sheet1.xml") == (40, 5)


def test_unusual_sheets_fall_back_to_the_exact_walk():
    no_ref = b'<worksheet><sheetData><row r="1"><c t="n"><v>1</v></c></row></sheetData></worksheet>'
    prefixed = b'<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    assert safety._xlsx_extent_upper_bound(_zip(no_ref), "xl/worksheets/sheet1.xml") is None
    assert safety._xlsx_extent_upper_bound(_zip(prefixed), "xl/worksheets/sheet1.xml") is None
    # the exact walk still measures them
    assert safety._xlsx_extent(_zip(prefixed), "xl/worksheets/sheet1.xml") == (1, 1)


def test_bound_counts_style_only_cells_but_exact_walk_does_not():
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
           b'<row r="900"><c r="Z900" s="1"/></row></sheetData></worksheet>')
    zf = _zip(xml)
    assert safety._xlsx_extent_upper_bound(zf, "xl/worksheets/sheet1.xml") == (900, 26)
    assert safety._xlsx_extent(zf, "xl/worksheets/sheet1.xml") == (1, 1)

"""The streaming scan of a workbook's XML (safety.scan_workbook): extents however the XML is written, one cell
budget for the whole workbook, formula errors and missing results noted, pathological XML in linear time."""
from __future__ import annotations

import dataclasses
import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plantrack.ingest import safety  # noqa: E402
from plantrack.ingest.records import IngestError
from plantrack.ingest.sandbox import parse_untrusted  # noqa: E402
from plantrack.model.plan import load_plan

PLAN = load_plan(REPO / "plan_config.toml")
SETTINGS = PLAN.import_
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def base_xlsx() -> dict[str, bytes]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws.append(["指标名称", "1-6月", "同比增长(%)"])
    ws.append(["地区生产总值", 385.36, 5.3])
    buf = io.BytesIO()
    wb.save(buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    return {n: z.read(n) for n in z.namelist()}


def xlsx_with(sheet_xml: bytes | str, styles: bytes | None = None) -> bytes:
    parts = base_xlsx()
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode() if isinstance(sheet_xml, str) else sheet_xml
    if styles is not None:
        parts["xl/styles.xml"] = styles
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return out.getvalue()


def sheet(cells: str) -> str:
    return f'<worksheet {NS}><sheetData>{cells}</sheetData></worksheet>'


A1 = '<row r="1"><c r="A1" t="inlineStr"><is><t>地区生产总值</t></is></c></row>'
# however the far corner's reference is written, it is measured
FAR_CORNER = [
    "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    '<row r = "1048576"><c r = "XFD1048576"><v>1</v></c></row>',
    '<row r="1048576"><c\tr="XFD1048576"\n><v>1</v></c></row>',
    '<row\nr="1048576"><c\r\nr="XFD1048576"><v>1</v></c></row>',
    '<row r="1048576"><c s="0" r="XFD1048576" t="n"><v>1</v></c></row>',
    '<row r="1048576"><c r="&#88;FD1048576"><v>1</v></c></row>',
    '<row r="1048576"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1048576">'
    '<x:v>1</x:v></x:c></row>',
    '<row r="1048576"><c r="XFD1048576" t="e"><v>#N/A</v></c></row>',
    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>',
    '<row r="1048576">' + "<c/>" * 16383 + '<c><v>1</v></c></row>',
]


@pytest.mark.parametrize("far", FAR_CORNER)
def test_far_corner_is_measured_however_written(far):
    data = xlsx_with(sheet(A1 + far))
    with pytest.raises(IngestError) as exc:
        safety.scan_workbook(data, "x.xlsx", "xlsx", SETTINGS)
    assert exc.value.code == "too_large" and "1,048,576 rows" in str(exc.value) and "表1" in str(exc.value)


def test_cells_without_a_value_do_not_count_like_calamine():
    style_only = '<row r="1048576"><c r="XFD1048576" s="1"/><c r="XFD1048575"><f>1+1</f></c></row>'
    scans = safety.scan_workbook(xlsx_with(sheet(A1 + style_only)), "x.xlsx", "xlsx", SETTINGS)
    assert (scans["表1"].rows, scans["表1"].cols) == (1, 1)


def test_one_budget_for_all_sheets():
    wb = openpyxl.Workbook()
    for k in range(3):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.cell(row=100, column=100).value = 1       # 10,000 cells each
    buf = io.BytesIO()
    wb.save(buf)
    small = dataclasses.replace(SETTINGS, max_cells=25_000)
    with pytest.raises(IngestError) as exc:
        safety.scan_workbook(buf.getvalue(), "x.xlsx", "xlsx", small)
    assert "30,000 cells in all sheets" in str(exc.value) and "whole workbook" in str(exc.value)
    assert safety.scan_workbook(buf.getvalue(), "x.xlsx", "xlsx", dataclasses.replace(SETTINGS, max_cells=30_000))


def test_a_dtd_is_refused():
    data = xlsx_with('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + sheet(A1))
    with pytest.raises(IngestError) as exc:
        safety.scan_workbook(data, "x.xlsx", "xlsx", SETTINGS)
    assert "DTD" in str(exc.value)


def test_formula_errors_and_missing_results_are_noted():
    cells = (A1 + '<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2" t="e"><f>1/0</f>'
             '<v>#DIV/0!</v></c><c r="C2"><f>A1*2</f></c><c r="D2"><f>1</f><v>1</v></c></row>')
    scans = safety.scan_workbook(xlsx_with(sheet(cells)), "x.xlsx", "xlsx", SETTINGS)
    problems = scans["表1"].problems
    assert set(problems) == {(1, 1), (1, 2)}
    assert "#DIV/0!" in problems[(1, 1)] and "saved result" in problems[(1, 2)]


ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
            '<table:table table:name="S1">')
ODS_TAIL = '</table:table></office:spreadsheet></office:body></office:document-content>'


def ods_with(rows: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", ODS_HEAD + rows + ODS_TAIL)
    return out.getvalue()


V = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'


@pytest.mark.parametrize("rows", [
    "<table:table-row table:number-rows-repeated='2000000'>" + V + "</table:table-row>",
    '<table:table-row table:number-rows-repeated = "2000000">' + V + "</table:table-row>",
    '<table:table-row><table:table-cell table:number-columns-repeated="100000"/>' + V + "</table:table-row>"
    '<table:table-row table:number-rows-repeated="1000">' + V + "</table:table-row>",
    '<t:table-row xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" t:number-rows-repeated="2000000">'
    + V + "</t:table-row>",
])
def test_ods_repeats_are_measured_however_written(rows):
    with pytest.raises(IngestError) as exc:
        safety.scan_workbook(ods_with(rows), "x.ods", "ods", dataclasses.replace(SETTINGS, max_cells=1_000_000))
    assert exc.value.code == "too_large" and "S1" in str(exc.value)


def test_ods_trailing_empty_rows_do_not_count():
    rows = ('<table:table-row>' + V + '</table:table-row><table:table-row table:number-rows-repeated="1048575">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    scans = safety.scan_workbook(ods_with(rows), "x.ods", "ods", SETTINGS)
    assert (scans["S1"].rows, scans["S1"].cols) == (1, 1)


# XML that made the old regular expressions quadratic: each is a few KB and is now read in linear time.
# parse_untrusted enforces the budget: a scan that ran away would come back as "resource_limit".
PATHOLOGICAL = {
    "long_run_without_gt.xlsx": lambda: xlsx_with(sheet(A1) + "<c r" + " " * 200_000),
    "unclosed_cellxfs.xlsx": lambda: xlsx_with(sheet(A1), styles=b"<styleSheet>" + b'<cellXfs count="1">' * 60_000),
    "many_open_tags.xlsx": lambda: xlsx_with(sheet(A1 + "<row>" + "<c " * 50_000)),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_xml_is_refused_within_budget(name):
    budget = dataclasses.replace(PLAN, import_=dataclasses.replace(SETTINGS, parse_wall_seconds=30))
    with pytest.raises(IngestError) as exc:
        parse_untrusted(budget, PATHOLOGICAL[name](), name)
    assert exc.value.code == "corrupt", str(exc.value)


def test_ordinary_workbook_reads_the_same():
    data = xlsx_with(sheet(A1 + '<row r="2"><c r="A2" t="inlineStr"><is><t>地区生产总值</t></is></c>'
                               '<c r="B2"><v>385.36</v></c></row>'))
    scans = safety.scan_workbook(data, "x.xlsx", "xlsx", SETTINGS)
    assert (scans["表1"].rows, scans["表1"].cols, scans["表1"].problems) == (2, 2, {})


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_the_scan_itself_has_a_budget_of_elements(kind):
    """A sheet of millions of empty tags holds no cell yet costs a callback each: refused by count."""
    small = dataclasses.replace(SETTINGS, max_cells=1000)
    flood = "<x/>" * (4 * 1000 + 10_001)
    data = (xlsx_with(sheet(A1 + f"<row r='2'>{flood}</row>")) if kind == "xlsx"
            else ods_with(f"<table:table-row>{flood}</table:table-row>"))
    with pytest.raises(IngestError) as exc:
        safety.scan_workbook(data, f"x.{kind}", kind, small)
    assert "XML elements" in str(exc.value)
    ordinary = (xlsx_with(sheet(A1)) if kind == "xlsx" else ods_with("<table:table-row>" + V + "</table:table-row>"))
    safety.scan_workbook(ordinary, f"x.{kind}", kind, small)


def test_xls_extent_from_its_cell_records():
    import xlwt
    wb = xlwt.Workbook()
    ws = wb.add_sheet("表一")
    ws.write(0, 0, "地区生产总值")
    ws.write(65535, 255, 1)                  # the last cell BIFF8 allows: a 16.7 M-cell grid for the reader
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(IngestError) as exc:
        safety.scan_workbook(buf.getvalue(), "far.xls", "xls", SETTINGS)
    assert exc.value.code == "too_large" and "65,536 rows × 256 columns" in str(exc.value) and "表一" in str(exc.value)
    ordinary = (REPO / "tests" / "data" / "ingest" / "bureau_2023_annual.xls").read_bytes()
    assert safety.scan_workbook(ordinary, "a.xls", "xls", SETTINGS) == {}

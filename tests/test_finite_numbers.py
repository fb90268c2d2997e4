"""Numbers are finite and within a sane range for their unit: NaN, ±inf, overflowing and absurd figures,
formula errors and formulas without a saved result are refused with the cell named, in every reader."""
from __future__ import annotations

import io
import json
import math
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _safety_files import template_csv  # noqa: E402

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

PLAN = load_plan(REPO / "plan_config.toml")
MARK = 385.36      # the GDP cell of the bureau table, at C4


def bureau_xlsx() -> dict[str, bytes]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["岳阳楼区2023年1-6月主要经济指标"])
    ws.append(["指标名称", "单位", "1-6月", "同比增长（%）"])
    ws.append(["社会消费品零售总额", "亿元", 203.45, 7.4])
    ws.append(["地区生产总值", "亿元", MARK, 5.3])
    buf = io.BytesIO()
    wb.save(buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    return {n: z.read(n) for n in z.namelist()}


def with_gdp_cell(cell_xml: str) -> bytes:
    """The bureau table with the GDP value cell (C4) written as `cell_xml` in the sheet XML."""
    parts = bureau_xlsx()
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    start = xml.index('<c r="C4"')
    end = xml.index("</c>", start) + 4
    parts["xl/worksheets/sheet1.xml"] = (xml[:start] + cell_xml + xml[end:]).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return out.getvalue()


def test_the_unchanged_table_imports():
    parsed = parse_file(plan=PLAN, data=with_gdp_cell(f'<c r="C4" t="n"><v>{MARK}</v></c>'), name="t.xlsx")
    assert any(r.indicator == "gdp" and r.value == MARK for r in parsed.records)


@pytest.mark.parametrize("cell, shown", [
    ('<c r="C4"><v>INF</v></c>', "inf"),
    ('<c r="C4"><v>-Infinity</v></c>', "-inf"),
    ('<c r="C4"><v>NaN</v></c>', "nan"),
    ('<c r="C4"><v>' + "9" * 400 + "</v></c>", "inf"),
    ('<c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),
    ('<c r="C4" t="e"><v>#N/A</v></c>', "#N/A"),
    ('<c r="C4"><f>C3*2</f></c>', "saved result"),
    ('<c r="C4"><f>C3*2</f><v></v></c>', "saved result"),
])
def test_xlsx_cell_that_is_not_a_finite_number_is_refused_with_the_cell_named(cell, shown):
    with pytest.raises(IngestError) as exc:
        parse_file(plan=PLAN, data=with_gdp_cell(cell), name="t.xlsx")
    msg = str(exc.value)
    assert exc.value.code == "not_a_number", msg
    assert shown in msg and "row 4" in msg and "主要指标" in msg, msg


def test_xlsx_absurd_finite_figure_is_refused_for_its_unit():
    with pytest.raises(IngestError) as exc:
        parse_file(plan=PLAN, data=with_gdp_cell('<c r="C4"><v>1.2e308</v></c>'), name="t.xlsx")
    msg = str(exc.value)
    assert exc.value.code == "out_of_range" and "gdp" in msg and "row 4" in msg and "1.2e+308" in msg, msg


@pytest.mark.parametrize("value", ["INF", "-Infinity", "9" * 400, "1.2e308", "1e16"])
def test_template_csv_value_not_finite_or_absurd_is_refused(value):
    data = template_csv({"gdp": 300.5}).replace(b"300.5", value.encode())
    with pytest.raises(IngestError) as exc:
        parse_file(plan=PLAN, data=data, name="t.csv")
    msg = str(exc.value)
    assert exc.value.code in ("not_a_number", "out_of_range", "invalid"), msg
    assert "row 2" in msg, msg


@pytest.mark.parametrize("growth", ["1e6", "-2e5", "NaN"])
def test_template_growth_out_of_range_is_refused(growth):
    data = template_csv({"gdp": 300.5}, growth=0).replace(b",0,", f",{growth},".encode())
    try:
        parsed = parse_file(plan=PLAN, data=data, name="t.csv")
    except IngestError as e:
        assert "row 2" in str(e)
        return
    # "NaN" typed as text is a missing-value marker in csv exports; it must come through as no growth
    assert growth == "NaN" and all(r.growth_pct is None for r in parsed.records)


def test_accepted_files_give_finite_figures_in_strict_json():
    parsed = parse_file(plan=PLAN, data=(REPO / "tests" / "data" / "ingest" / "bureau_2023_h1.xlsx").read_bytes(),
                        name="b.xlsx")
    for r in parsed.records:
        assert all(v is None or math.isfinite(v) for v in (r.value, r.growth_pct, r.prev_value))
    json.dumps(parsed.as_json(), allow_nan=False)


def test_display_of_a_non_finite_figure_already_in_a_store_is_a_dash_not_a_traceback():
    from plantrack.model.i18n import fmt_number, round_half_up
    for x in (float("inf"), float("-inf"), float("nan")):
        assert fmt_number(x) == "—" and fmt_number(x, 1) == "—"
        assert not math.isfinite(round_half_up(x, 1))
    assert fmt_number(6.25, 1) == "6.3"

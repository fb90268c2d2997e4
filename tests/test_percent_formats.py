"""Excel stores "5.3%" as 0.053 with a percent format: the importer must read 5.3, in xlsx and legacy xls."""
import io

import openpyxl
import pytest
import xlwt

from plantrack.ingest import parse_file
from plantrack.ingest.percent_formats import as_percent_text, percent_styles
from plantrack.model.plan import load_plan

PLAN = load_plan()
TITLE = "岳阳楼区2023年1-6月主要经济指标"
HEADER = ["指标", "单位", "1-6月", "同比增长"]


def xlsx(growth_cells):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws.append([TITLE])
    ws.append(HEADER)
    for i, (name, value, growth, fmt) in enumerate(growth_cells, start=3):
        ws.append([name, "亿元", value, growth])
        if fmt:
            ws[f"D{i}"].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def growths(data, name):
    return {r.indicator: r.growth_pct for r in parse_file(plan=PLAN, data=data, name=name).records}


def test_xlsx_percent_formats_are_read_as_the_analyst_sees_them():
    data = xlsx([("地区生产总值", 385.36, 0.053, "0.0%"), ("社会消费品零售总额", 203.45, 0.074, "0.00%"),
                 ("固定资产投资", None, -0.021, "0%"),
                 # a literal % sign shows the number as typed: not a percentage format
                 ("一般公共预算地方收入", 10.84, 8.8, '0.0"%"'), ("城镇居民人均可支配收入", None, 5.5, None)])
    assert growths(data, "表.xlsx") == {"gdp": 5.3, "retail": 7.4, "fai": -2.1, "revenue": 8.8, "income": 5.5}


def test_legacy_xls_percent_format():
    wb = xlwt.Workbook()
    ws = wb.add_sheet("表")
    pct = xlwt.easyxf(num_format_str="0.0%")
    ws.write(0, 0, TITLE)
    for j, h in enumerate(HEADER):
        ws.write(1, j, h)
    ws.write(2, 0, "地区生产总值"), ws.write(2, 1, "亿元"), ws.write(2, 2, 385.36), ws.write(2, 3, 0.053, pct)
    ws.write(3, 0, "社会消费品零售总额"), ws.write(3, 1, "亿元"), ws.write(3, 2, 203.45), ws.write(3, 3, 7.4)
    buf = io.BytesIO()
    wb.save(buf)
    assert growths(buf.getvalue(), "表.xls") == {"gdp": 5.3, "retail": 7.4}


def test_percent_rate_in_a_ledger_keeps_its_value():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工作台账(2023年1-6月)"])
    ws.append(["序号", "工作任务", "牵头单位", "年度目标", "1-6月完成", "完成率", "备注"])
    ws.append([1, "城镇调查失业率(%)", "区人社局", 0.05, 0.046, None, None])
    ws.append([2, "老旧小区改造(个)", "区住建局", 228, 120, 0.526, None])
    for ref in ("D3", "E3", "F4"):
        ws[ref].number_format = "0.0%"
    buf = io.BytesIO()
    wb.save(buf)
    recs = {r.indicator: r.value for r in parse_file(plan=PLAN, data=buf.getvalue(), name="台账.xlsx").records}
    assert recs == {"urban_unemployment_pct": 4.6, "old_compounds": 120.0}


@pytest.mark.parametrize("code,is_pct", [("0%", True), ("0.0%", True), ('0.0"%"', False), ("0.0\\%", False),
                                         ("#,##0.00", False), ('[Red]-0.0%;0.0%', True)])
def test_percent_format_codes(code, is_pct):
    styles = (b'<styleSheet><numFmts><numFmt numFmtId="170" formatCode="' + code.replace('"', "&quot;").encode() +
              b'"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>')
    assert percent_styles(styles) == ({1} if is_pct else set())


def test_percent_text():
    assert [as_percent_text(x) for x in (0.053, -0.021, 1.0, 0.12345)] == ["5.3%", "-2.1%", "100%", "12.345%"]


def test_ods_percentage_cells_from_libreoffice():
    """tests/data/ingest/percent_growth_libreoffice.ods: LibreOffice's conversion of an xlsx with 0.0% cells."""
    from pathlib import Path
    data = (Path(__file__).parent / "data" / "ingest" / "percent_growth_libreoffice.ods").read_bytes()
    assert growths(data, "表.ods") == {"gdp": 5.3, "retail": 7.4, "fai": -2.1}

"""City tables published the other way round: districts across, indicators down."""
import io

import openpyxl

from plantrack.ingest import parse_file
from plantrack.model.plan import load_plan

PLAN = load_plan()


def workbook(rows, title="岳阳市2023年1-6月各县市区主要经济指标增速(%)", sheet="增速"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return parse_file(plan=PLAN, data=buf.getvalue(), name="各县市区.xlsx")


def by(pf):
    return {(r.indicator, r.region): (r.value, r.growth_pct) for r in pf.records}


def test_growth_table_with_districts_across():
    pf = workbook([["指标", "全市", "岳阳楼区", "云溪区", "君山区"],
                   ["地区生产总值", 5.6, 5.3, 6.1, 4.8],
                   ["社会消费品零售总额", 7.1, 7.4, 6.5, "—"],
                   ["规模工业增加值", 6.0, 6.1, 7.0, 5.0]])
    assert pf.layout == "city_ranking"
    assert {r.period for r in pf.records} == {"2023Q2"}
    assert by(pf) == {("gdp", "全市"): (None, 5.6), ("gdp", "岳阳楼区"): (None, 5.3), ("gdp", "云溪区"): (None, 6.1),
                      ("gdp", "君山区"): (None, 4.8), ("retail", "全市"): (None, 7.1),
                      ("retail", "岳阳楼区"): (None, 7.4), ("retail", "云溪区"): (None, 6.5)}
    assert [s.text for s in pf.skipped] == ["规模工业增加值"]


def test_levels_and_growth_rows_with_units_in_labels_and_note():
    pf = workbook([["单位:万元"], ["指标", "岳阳楼区", "云溪区", "君山区"],
                   ["地区生产总值", 3853600, 1502000, 1200000],
                   ["地区生产总值增速(%)", 5.3, 6.1, 4.8],
                   ["城镇居民人均可支配收入(元)", 26830, 25000, 24000]],
                  title="2023年上半年各县市区主要指标")
    got = by(pf)
    assert got[("gdp", "岳阳楼区")] == (385.36, 5.3)
    assert got[("gdp", "云溪区")] == (150.2, 6.1)
    assert got[("income", "君山区")] == (24000.0, None)


def test_region_named_in_cli_json_only_for_other_districts():
    pf = workbook([["指标", "全市", "岳阳楼区", "云溪区", "君山区"], ["地区生产总值", 5.6, 5.3, 6.1, 4.8]])
    rows = pf.as_json(PLAN.app.home_district)["records"]
    assert {r.get("region") for r in rows} == {"全市", None, "云溪区", "君山区"}
    home = next(r for r in rows if "region" not in r)
    assert {k: home[k] for k in ("indicator", "period", "value", "unit", "growth_pct", "growth_source")} == \
        {"indicator": "gdp", "period": "2023Q2", "value": None, "unit": "亿元", "growth_pct": 5.3,
         "growth_source": "reported"}

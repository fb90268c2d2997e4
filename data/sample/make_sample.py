"""Regenerate the bundled sample data (示例数据) for the 2023 plan year.

    .venv/bin/python data/sample/make_sample.py

Writes, beside this script:
  - four statistics-bureau headline tables (Q1 and H1 .xlsx, Q1–Q3 legacy .xls, full-year bulletin .xlsx);
  - the analysts' template filled in with sub-target values for Q1–Q3 and milestone statuses;
  - a full-year sub-target work ledger (工作台账).
Only GDP 2023/2022 (level and real growth) are published figures; everything else is illustrative.
The numbers are declared once below; the script checks they are internally consistent before writing.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import openpyxl  # noqa: E402
import xlwt  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, Side  # noqa: E402

from plantrack.ingest.template import SHEET_HEADLINE, SHEET_MILESTONES, SHEET_SUBTARGETS, write_template  # noqa: E402
from plantrack.model.plan import load_plan  # noqa: E402

YEAR = 2023
TAG = "示例数据"
# Full-width brackets, colon and semicolon, as Chinese tables write them (escapes survive editors).
LP, RP, COLON, SEMI = "\uff08", "\uff09", "\uff1a", "\uff1b"
MARK = f"{LP}{TAG}{RP}"   # "（示例数据）" in titles and sheet names
PLAN = load_plan(HERE.parents[1] / "plan_config.toml")
YP = PLAN.year(YEAR)
DISTRICT = PLAN.app.home_district

# ───────────────────────────── headline indicators ─────────────────────────────
# end month → (value, same span last year) in 亿元 (income 元). GDP is the one real figure set:
# 2023 804.28亿元 +6.1% and 2022 777.54亿元 (岳阳楼区统计公报); its quarterly path is illustrative.
GDP = {3: (186.42, 180.15), 6: (385.36, 372.60), 9: (588.73, 569.30), 12: (804.28, 777.54)}
GDP_REAL_GROWTH = {3: 4.6, 6: 5.3, 9: 5.8, 12: 6.1}   # comparable prices: not value/prev − 1
INDUSTRY_GROWTH = {3: 3.1, 6: 4.0, 9: 4.6, 12: 5.2}   # 规模以上工业增加值: not a plan indicator
FAI_GROWTH = {3: 3.2, 6: 4.1, 9: 5.6, 12: 6.8}        # bureaus publish the growth rate only
RETAIL = {3: (98.72, 92.60), 6: (203.45, 189.40), 9: (308.10, 286.70), 12: (421.36, 392.50)}
REVENUE_TOTAL = {3: (9.85, 9.42), 6: (19.12, 17.83), 9: (27.36, 25.30), 12: (36.20, 33.50)}
REVENUE_LOCAL = {3: (5.62, 5.35), 6: (10.84, 9.96), 9: (15.31, 14.02), 12: (20.46, 18.71)}  # improves Q1→Q2
INCOME = {3: (14620, 13870), 6: (26830, 25420), 9: (39560, 37490), 12: (52180, 49460)}
# 全市排位 among the city's 13 districts and counties (illustrative)
RANKS = {"gdp": {3: 4, 6: 4, 9: 3, 12: 3}, "industry": {3: 9, 6: 8, 9: 8, 12: 7}, "fai": {3: 11, 6: 10, 9: 9, 12: 8},
         "retail": {3: 2, 6: 2, 9: 2, 12: 2}, "revenue_total": {3: 6, 6: 5, 9: 5, 12: 5},
         "revenue": {3: 8, 6: 5, 9: 4, 12: 4}, "income": {3: 3, 6: 3, 9: 3, 12: 3}}


def growth(pair: tuple[float, float]) -> float:
    value, prev = pair
    return round((value / prev - 1) * 100, 1)


def headline_rows(m: int, wan: bool = False) -> list[tuple]:
    """(name, unit, value, growth, prev, rank) as the bureau lists them; "—" where nothing is published."""
    k = 1e4 if wan else 1   # 亿元 → 万元
    money = "万元" if wan else "亿元"
    return [
        ("地区生产总值", "亿元", *GDP[m][:1], GDP_REAL_GROWTH[m], GDP[m][1], RANKS["gdp"][m]),
        ("规模以上工业增加值", "亿元", "—", INDUSTRY_GROWTH[m], "—", RANKS["industry"][m]),
        ("固定资产投资", "亿元", "—", FAI_GROWTH[m], "—", RANKS["fai"][m]),
        ("社会消费品零售总额", "亿元", RETAIL[m][0], growth(RETAIL[m]), RETAIL[m][1], RANKS["retail"][m]),
        ("一般公共预算收入", money, round(REVENUE_TOTAL[m][0] * k, 2), growth(REVENUE_TOTAL[m]),
         round(REVENUE_TOTAL[m][1] * k, 2), RANKS["revenue_total"][m]),
        (f"  其中{COLON}地方收入", money, round(REVENUE_LOCAL[m][0] * k, 2), growth(REVENUE_LOCAL[m]),
         round(REVENUE_LOCAL[m][1] * k, 2), RANKS["revenue"][m]),
        ("城镇居民人均可支配收入", "元", INCOME[m][0], growth(INCOME[m]), INCOME[m][1], RANKS["income"][m]),
    ]


def check_headline() -> None:
    for series in (GDP, RETAIL, REVENUE_TOTAL, REVENUE_LOCAL, INCOME):
        for i in (0, 1):
            vals = [series[m][i] for m in (3, 6, 9, 12)]
            assert vals == sorted(vals), f"cumulative values must rise through the year: {vals}"
    for series in (RETAIL, REVENUE_TOTAL, REVENUE_LOCAL, INCOME):
        for m, (v, p) in series.items():
            assert abs(growth((v, p)) - (v / p - 1) * 100) <= 0.05
    assert REVENUE_LOCAL[3][0] < REVENUE_TOTAL[3][0]
    assert growth(REVENUE_LOCAL[6]) - growth(REVENUE_LOCAL[3]) > 3, "the storyline: revenue improves in Q2"


# ───────────────────────────── sub-targets (Q1, H1, Q1–Q3, full year) ─────────────────────────────
# Cumulative completion per period; time progress is 25/50/75/100 %. Some run ahead, some 10–30 points
# behind (yellow), a few more than 30 behind (red): logistics firms, lifts, branch roads.
SUB = {
    "srdi_firms": (2, 5, 8, 11),
    "digital_firms": (1, 3, 4, 5),
    "logistics_firms": (0, 1, 2, 4),
    "provincial_projects": (2, 2, 2, 2),
    "municipal_projects": (5, 8, 9, 10),
    "funds_secured": (3.2, 8.6, 12.4, 18.6),
    "urban_renewal_investment": (2.1, 5.3, 8.9, 12.9),
    "old_compounds": (30, 96, 158, 228),
    "elevators": (12, 45, 83, 142),
    "sponge_city_projects": (2, 5, 8, 12),
    "shantytown_projects": (1, 3, 4, 4),
    "shantytown_area": (8650, 29410, 40773, 40773),
    "public_rental_projects": (0, 0, 1, 2),
    "sewer_mains_km": (0.8, 2.1, 3.2, 4.6),
    "drainage_ha": (8, 22, 35, 52),
    "back_streets": (3, 9, 16, 20),
    "back_streets_investment": (0.3, 0.85, 1.42, 2.05),
    "branch_roads": (0, 2, 3, 5),
    "consumption_events": (3, 6, 9, 12),
    "towers_100m": (3, 3, 4, 4),
    "towers_50m": (2, 3, 4, 6),
    "towers_10m": (12, 15, 17, 22),
    "afforestation_mu": (650, 1050, 1120, 1260),
    "yangtze_water_quality_pct": (100, 100, 100, 100),
    "chemical_firms_relocated": (1, 2, 2, 3),
    "new_urban_jobs": (2150, 4380, 6420, 8460),
    "urban_unemployment_pct": (4.8, 4.7, 4.6, 4.5),
    "school_upgrades": (2, 5, 7, 11),
    "school_investment": (1500, 4200, 6100, 9350),
    "medical_insurance_pct": (95.2, 95.6, 95.8, 96.1),
    # tracked indicators (no target in the plan)
    "projects_promoted": (3, 6, 8, 10),
    "listed_firms": (None, 0, 1, 1),
    "listing_reserve_firms": (12, 14, 15, 15),
    "investment_projects_signed": (9, 21, 33, 45),
    "new_market_entities": (2860, 6120, 9350, 12480),
    "individual_to_enterprise": (45, 102, 160, 215),
}
LABELS = {3: f"{YEAR}年1-3月", 6: f"{YEAR}年1-6月", 9: f"{YEAR}年1-9月", 12: f"{YEAR}年1-12月"}
# Cells written differently on purpose, to show what the template accepts:
# (indicator, end month) → (value cell, unit cell or None to keep the plan's unit)
SUB_AS_WRITTEN = {
    ("sewer_mains_km", 3): (800, "米"),
    ("back_streets_investment", 6): (8500, "万元"),
    ("new_urban_jobs", 6): ("4,380", None),
    ("urban_unemployment_pct", 9): ("4.6%", None),
    ("listed_firms", 3): ("—", None),
}

# ───────────────────────────── milestones (status as at Q1–Q3; some also at H1) ─────────────────────────────
D = dt.date
MS_Q3 = {
    "sealing_park_approval": ("已完成", D(2023, 5, 18), "已获省科工委立项批复"),
    "sealing_park_planning": ("推进中", D(2023, 9, 25), "规划方案初稿完成,待专家评审"),
    "sealing_park_land": ("滞后", D(2023, 9, 25), "一期征地尚余12户未签约,需加快协调"),
    "sealing_park_investment": ("推进中", D(2023, 9, 20), "对接意向企业6家,已签约2家"),
    "sealing_park_production": ("未启动", None, "待一期征地拆迁完成后开工"),
    "aviation_hq_park": ("推进中", D(2023, 8, 30), "与中航发长动开展前期对接"),
    "industry_university_base": ("已完成", D(2023, 6, 28), "与湖南理工学院签订合作协议,基地挂牌"),
    "xujiaqiao_logistics_park": ("推进中", "2023年9月15日", "首开区主体工程完成约70%"),
    "xiangbei_logistics_park": ("滞后", "2023-09-15", "受用地报批影响,进度滞后于计划"),
    "nanhu_finance_centre": ("推进中", D(2023, 9, 10), "新入驻金融机构3家"),
    "business_district_transition": ("推进中", D(2023, 9, 10), "东茅岭商圈提质方案已批复"),
    "culture_tourism_demo_zone": ("已完成", D(2023, 7, 12), "申报材料已按程序报送"),
    "tourism_routes": ("已完成", D(2023, 5, 1), "发布精品旅游线路8条"),
    "riverside_culture_belt": ("推进中", D(2023, 9, 20), "示范带规划编制中"),
    "time_honoured_brands_digital": ("推进中", D(2023, 9, 5), "5家老字号企业开设线上旗舰店"),
    "project_dongting_south_road_2": ("推进中", D(2023, 9, 28), "二期工程形象进度约60%"),
    "project_yunmengze": ("推进中", D(2023, 9, 28), "一期已开工建设"),
    "project_eco_corridor": ("推进中", D(2023, 9, 28), "完成年度投资计划的68%"),
    "project_jinmao": ("推进中", D(2023, 9, 28), "主体结构施工"),
    "project_baode": ("已完成", D(2023, 8, 31), "一期交付使用"),
    "project_tianlun_centre": ("推进中", D(2023, 9, 28), "裙楼封顶"),
    "project_tianlun_lake_tree": ("滞后", D(2023, 9, 28), "开发企业资金紧张,工程进度放缓"),
    "project_dongting_global": ("推进中", D(2023, 9, 28), "主体结构施工"),
    "project_dongting_metropolis": ("未启动", None, "前期手续办理中"),
    "event_dongting_fishing_fire": ("已完成", D(2023, 7, 30), "7月举办,接待游客约12万人次"),
    "event_home_fair": ("已完成", D(2023, 4, 23), "成交房屋326套"),
    "event_intangible_heritage": ("已完成", D(2023, 6, 10), "文化和自然遗产日期间举办"),
    "event_new_year_goods": ("未启动", None, "计划于2024年1月举办"),
    "event_time_honoured_brands": ("推进中", D(2023, 9, 15), "已开展联动活动2场"),
    "investment_matchmaking": ("已完成", D(2023, 6, 16), "召开政银企对接会2场"),
    "bank_tax_interaction": ("推进中", D(2023, 9, 1), ""),
    "projects_public_promotion": ("推进中", D(2023, 9, 1), "已公开推介经营性项目8个"),
    "private_capital_urban_renewal": ("推进中", D(2023, 9, 1), ""),
    "full_towers_campaign": ("推进中", D(2023, 9, 1), "重点楼宇入驻率提升至86%"),
    "key_taxpayer_visits": ("推进中", D(2023, 9, 1), "走访重点税源企业56家"),
    "one_firm_one_policy": ("推进中", D(2023, 9, 1), ""),
    "three_assets_reform": ("滞后", D(2023, 9, 1), "资产清查尚未完成"),
    "listing_reserve_pool": ("已完成", D(2023, 4, 20), "入库企业15家"),
    "firm_listings": ("推进中", D(2023, 8, 18), "1家企业完成挂牌"),
    "precision_investment_promotion": ("推进中", D(2023, 9, 1), ""),
    "hunan_merchants_return": ("推进中", D(2023, 9, 1), "湘商回归项目签约5个"),
    "market_entity_doubling": ("推进中", D(2023, 9, 1), ""),
    "sole_trader_upgrade": ("推进中", D(2023, 9, 1), ""),
    "water_dongfeng_lake": ("推进中", D(2023, 9, 20), ""),
    "water_jijia_lake": ("已完成", D(2023, 8, 25), "综合治理工程完工"),
    "water_bajiao_lake": ("推进中", D(2023, 9, 20), ""),
    "water_wangjia_river": ("滞后", D(2023, 9, 20), "截污管网施工受汛期影响"),
    "water_nanbeigang_river": ("推进中", D(2023, 9, 20), ""),
    "small_water_bodies": ("推进中", D(2023, 9, 20), ""),
    "fishing_ban": ("推进中", D(2023, 9, 30), "常态化巡查"),
    "dongting_phosphorus": ("推进中", D(2023, 9, 30), ""),
    "low_carbon_units": ("推进中", D(2023, 9, 30), ""),
    "waste_sorting_demo": ("已完成", D(2023, 9, 8), "示范街道1个、示范社区3个通过验收"),
    "talent_staffing_account": ("已完成", D(2023, 5, 30), ""),
    "unemployment_insurance_pooling": ("推进中", D(2023, 9, 30), ""),
    "luowang_health_centre": ("推进中", D(2023, 9, 26), "主体工程封顶"),
    "second_hospital_upgrade": ("推进中", D(2023, 9, 26), "门诊楼改造完成"),
    "youth_county_pilot": ("推进中", D(2023, 9, 30), ""),
    "spatial_master_plan": ("滞后", D(2023, 9, 30), "规划成果已报市政府,待省自然资源厅审查"),
    "land_approval_reform": ("推进中", D(2023, 9, 30), ""),
    "land_stock_cleanup": ("未启动", None, "待省厅统一部署"),
}
MS_Q2 = {  # earlier reports of a few items, so the history shows movement
    "sealing_park_approval": ("已完成", D(2023, 5, 18), "已获省科工委立项批复"),
    "sealing_park_land": ("推进中", "2023年6月20日", "完成一期红线内80%签约"),
    "industry_university_base": ("推进中", D(2023, 6, 15), "合作协议待签"),
    "xiangbei_logistics_park": ("推进中", "2023-06-30", ""),
    "project_baode": ("推进中", D(2023, 6, 30), "竣工验收准备"),
    "project_tianlun_lake_tree": ("推进中", D(2023, 6, 30), ""),
    "event_dongting_fishing_fire": ("未启动", None, "计划7月举办"),
    "water_jijia_lake": ("推进中", D(2023, 6, 30), ""),
    "spatial_master_plan": ("推进中", D(2023, 6, 30), "规划成果公示"),
    "event_home_fair": ("已完成", D(2023, 4, 23), "成交房屋326套"),
}
MS_Q1 = {
    "sealing_park_approval": ("推进中", D(2023, 3, 28), "申报材料已报送"),
    "tourism_routes": ("推进中", D(2023, 3, 25), "线路征集中"),
    "listing_reserve_pool": ("推进中", D(2023, 3, 30), ""),
    "event_home_fair": ("未启动", None, "定于4月举办"),
}


def check_sub() -> None:
    ids = [t.id for t in YP.subtargets + YP.tracked]
    assert sorted(SUB) == sorted(ids), set(SUB) ^ set(ids)
    for iid, vals in SUB.items():
        kind = PLAN.indicator(iid).kind
        nums = [v for v in vals if v is not None]
        if kind == "cumulative":
            assert nums == sorted(nums), iid
    assert sorted(MS_Q3) == sorted(m.id for m in YP.milestones)
    statuses = {s for s, _, _ in MS_Q3.values()}
    assert statuses == {"未启动", "推进中", "已完成", "滞后"}


# ───────────────────────────── writers ─────────────────────────────
FIXED_TIME = (2024, 1, 31, 0, 0, 0)


def save_xlsx(wb, path: Path) -> None:
    """Save with fixed timestamps (document properties and ZIP entries), so regenerating changes no bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    stamp = "%04d-%02d-%02dT00:00:00Z" % FIXED_TIME[:3]
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda m: m.group(1) + stamp.encode(),
                              data)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)


FONT = "宋体"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def bureau_xlsx(path: Path, title: str, span: str, m: int, wan: bool = False, bulletin: bool = False) -> None:
    """A district statistics bureau's monthly table: merged title, unit note, two-row header, footnote."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"主要经济指标{MARK}"
    ncol = 5 if bulletin else 6
    last = "EF"[ncol - 5]
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws.append([f"单位{COLON}亿元、万元、元、%" if wan else f"单位{COLON}亿元、元、%"])
    ws.merge_cells(f"A2:{last}2")
    prev_label = "上年" if bulletin else "上年同期"
    growth_label = f"比上年增长{LP}%{RP}" if bulletin else f"同比增长{LP}%{RP}"
    ws.append(["指标名称", "单位", span, None, prev_label] + ([] if bulletin else ["全市排位"]))
    ws.append([None, None, "绝对值", growth_label, None] + ([] if bulletin else [None]))
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:D3")
    ws.merge_cells("E3:E4")
    if not bulletin:
        ws.merge_cells("F3:F4")
    for row in headline_rows(m, wan):
        ws.append(list(row[:ncol]))
    foot = ws.max_row + 1
    ws.append([f"注{COLON}地区生产总值增速按可比价计算{SEMI}{TAG}"])
    ws.merge_cells(f"A{foot}:{last}{foot}")

    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"].alignment = Alignment(horizontal="right")
    for r in range(3, foot):
        for c in range(1, ncol + 1):
            cell = ws.cell(r, c)
            cell.border = BOX
            cell.font = Font(name=FONT, size=11, bold=r < 5)
            if r < 5:
                cell.alignment = Alignment(horizontal="center", vertical="center")
    for col, w in zip("ABCDEF", (28, 8, 12, 14, 12, 10)):
        ws.column_dimensions[col].width = w
    save_xlsx(wb, path)


def bureau_xls(path: Path, title: str, span: str, m: int) -> None:
    """The same table as a legacy .xls (BIFF8), as older office PCs still save it."""
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(f"主要经济指标{MARK}")
    title_style = xlwt.easyxf("font: name 黑体, bold on, height 280; align: horiz center")
    head = xlwt.easyxf(f"font: name {FONT}, bold on; align: horiz center, vert center; "
                       "borders: left thin, right thin, top thin, bottom thin")
    body = xlwt.easyxf(f"font: name {FONT}; borders: left thin, right thin, top thin, bottom thin")
    ws.write_merge(0, 0, 0, 5, title, title_style)
    ws.write_merge(1, 1, 0, 5, f"单位{COLON}亿元、元、%", xlwt.easyxf("align: horiz right"))
    ws.write_merge(2, 3, 0, 0, "指标名称", head)
    ws.write_merge(2, 3, 1, 1, "单位", head)
    ws.write_merge(2, 2, 2, 3, span, head)
    ws.write(3, 2, "绝对值", head)
    ws.write(3, 3, f"同比增长{LP}%{RP}", head)
    ws.write_merge(2, 3, 4, 4, "上年同期", head)
    ws.write_merge(2, 3, 5, 5, "全市排位", head)
    rows = headline_rows(m)
    for i, row in enumerate(rows, start=4):
        for j, v in enumerate(row):
            ws.write(i, j, v, body)
    ws.write_merge(4 + len(rows), 4 + len(rows), 0, 5, f"注{COLON}地区生产总值增速按可比价计算{SEMI}{TAG}")
    for j, w in enumerate((28, 8, 12, 14, 12, 10)):
        ws.col(j).width = w * 256
    wb.save(str(path))


def filled_template(path: Path) -> None:
    buf = io.BytesIO()
    write_template(PLAN, YEAR, buf, period=LABELS[3])
    wb = openpyxl.load_workbook(buf)
    for name in (SHEET_HEADLINE, SHEET_SUBTARGETS, SHEET_MILESTONES):
        ws = wb[name]
        ws["A1"] = f"{ws['A1'].value}{MARK}"
        ws.title = f"{name}{MARK}"
    # headline figures come from the bureau tables: that sheet stays as written, pre-filled but empty
    ws = wb[f"{SHEET_SUBTARGETS}{MARK}"]
    hdr = next(r for r in range(1, 40) if ws.cell(r, 1).value == "指标代码")
    prefilled = list(range(hdr + 1, ws.max_row + 1))
    for q, m in enumerate((3, 6, 9)):
        for r in prefilled:
            iid = ws.cell(r, 1).value
            value, unit = SUB_AS_WRITTEN.get((iid, m), (SUB[iid][q], None))
            row = r if m == 3 else _copy_row(ws, r, 5)   # later periods: a copy of the row below the block
            ws.cell(row, 6).value = LABELS[m]
            ws.cell(row, 7).value = value
            ws.cell(row, 4).value = unit or PLAN.indicator(iid).unit   # copies must not inherit a Q1 unit
            if (iid, m) in SUB_AS_WRITTEN:
                ws.cell(row, 8).value = "按实际报送口径填写"

    ws = wb[f"{SHEET_MILESTONES}{MARK}"]
    hdr = next(r for r in range(1, 40) if ws.cell(r, 1).value == "里程碑代码")
    prefilled = list(range(hdr + 1, ws.max_row + 1))
    for m, reports in ((9, MS_Q3), (6, MS_Q2), (3, MS_Q1)):
        for r in prefilled:
            mid = ws.cell(r, 1).value
            if mid not in reports:
                continue
            row = r if m == 9 else _copy_row(ws, r, 4)
            status, date, note = reports[mid]
            ws.cell(row, 5).value = LABELS[m]
            ws.cell(row, 6).value = status
            ws.cell(row, 7).value = date
            if isinstance(date, dt.date):
                ws.cell(row, 7).number_format = "yyyy-mm-dd"
            ws.cell(row, 8).value = note or None
    save_xlsx(wb, path)


def _copy_row(ws, src: int, keep: int) -> int:
    """Append a row copying the first `keep` cells and the style of row `src`; returns its number."""
    ws.append([ws.cell(src, c).value for c in range(1, keep + 1)])
    dst = ws.max_row
    for c in range(1, 9):
        ws.cell(dst, c)._style = ws.cell(src, c)._style
    return dst


AREA_NUMERALS = "一二三四五六七八九十"


def ledger(path: Path) -> None:
    """A sub-target work ledger (工作台账) as the task-force office keeps it: area headings, one row per task."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"工作台账{MARK}"
    ws.append([f"{DISTRICT}打好经济增长主动仗工作台账{LP}{YEAR}年1-12月{RP}{MARK}"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "工作任务", "牵头单位", "年度目标", "1-12月完成", "完成率", "备注"])
    header = ws.max_row
    n = 0
    for area in YP.areas:
        targets = YP.targets_of_area(area.id)
        if not targets:
            continue
        ws.append([f"{AREA_NUMERALS[area.number - 1]}、{area.name_zh}"])
        r = ws.max_row
        ws.merge_cells(f"A{r}:G{r}")
        ws.cell(r, 1).font = Font(name=FONT, bold=True)
        for t in targets:
            n += 1
            value = SUB[t.id][3]
            ind = t.indicator
            rate = value / t.target if t.target and ind.kind == "cumulative" else None
            if t.target is None:
                note = "跟踪指标"
            else:
                note = {"ceiling": f"控制在{t.target:g}%以内",
                        "level": f"保持{t.target:g}%" if t.target == 100 else f"稳定在{t.target:g}%以上"
                        }.get(ind.kind, "")
            ws.append([n, f"{ind.name_zh.split('(')[0]}{LP}{ind.unit}{RP}", YP.task(t.task).lead_unit,
                       t.target if t.target is not None else "—", value, rate if rate is not None else "—",
                       note or None])
            if rate is not None:
                ws.cell(ws.max_row, 6).number_format = "0.0%"
    foot = ws.max_row + 1
    ws.append([f"注{COLON}完成数为自年初起累计{SEMI}{TAG}"])
    ws.merge_cells(f"A{foot}:G{foot}")
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    for r in range(header, foot):
        for c in range(1, 8):
            ws.cell(r, c).border = BOX
            if r == header:
                ws.cell(r, c).font = Font(name=FONT, bold=True)
    for col, w in zip("ABCDEFG", (6, 40, 16, 10, 12, 10, 20)):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = f"C{header + 1}"
    save_xlsx(wb, path)


FILES = {
    "q1": f"{DISTRICT}{YEAR}年1-3月主要经济指标_{TAG}.xlsx",
    "q2": f"{DISTRICT}{YEAR}年1-6月主要经济指标_{TAG}.xlsx",
    "q3": f"{DISTRICT}{YEAR}年1-9月主要经济指标_{TAG}.xls",
    "q4": f"{DISTRICT}{YEAR}年统计公报主要指标_{TAG}.xlsx",
    "template": f"{YEAR}年子目标与里程碑_{TAG}.xlsx",
    "ledger": f"{DISTRICT}打好经济增长主动仗工作台账{YEAR}年1-12月_{TAG}.xlsx",
}


def main(out: Path = HERE) -> None:
    check_headline()
    check_sub()
    title = f"{DISTRICT}{YEAR}年{{}}主要经济指标{MARK}"
    bureau_xlsx(out / FILES["q1"], title.format("1-3月"), "1-3月", 3)
    bureau_xlsx(out / FILES["q2"], title.format("1-6月"), "1-6月", 6, wan=True)
    bureau_xls(out / FILES["q3"], title.format("1-9月"), "1-9月", 9)
    bureau_xlsx(out / FILES["q4"], f"{DISTRICT}{YEAR}年国民经济和社会发展统计公报主要指标{MARK}", "全年", 12,
                bulletin=True)
    filled_template(out / FILES["template"])
    ledger(out / FILES["ledger"])
    for f in FILES.values():
        print(f)


if __name__ == "__main__":
    main()

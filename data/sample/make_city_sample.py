"""Regenerate the sample city tables (各县市区主要指标, 示例数据) for the city ranking page.

    .venv/bin/python data/sample/make_city_sample.py

Writes `2023年1-3月各县市区主要指标_示例数据.xlsx` and `2023年1-6月各县市区主要指标_示例数据.xlsx` beside this
script: one row per district or county of the city (plan_config.toml `app.city_regions`) plus the city total,
columns grouped by headline indicator (绝对值 / 增速 / 排位) under a two-row header, as city statistics bureaus
lay them out.

Every number is illustrative except the home district's row, which is read from the district's own sample
tables in this folder (岳阳楼区2023年1-3月/1-6月主要经济指标_示例数据.xlsx, via the importer), so the sample
never holds two different figures for the same thing: its value, growth and 全市排位 are the district table's.
The other districts' growth rates are placed around the home district's so that ranking by growth gives
exactly the 全市排位 the district table prints (the script checks this before writing).
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import openpyxl  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, Side  # noqa: E402

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.model.plan import load_plan  # noqa: E402
from plantrack.analysis.city_ranking import competition_ranks  # noqa: E402

YEAR = 2023
TAG = "示例数据"
LP, RP = "\uff08", "\uff09"
PLAN = load_plan(HERE.parents[1] / "plan_config.toml")
HOME = PLAN.app.home_district
CITY_TOTAL = "全市"
PERIODS = {3: "1-3月", 6: "1-6月"}
# Illustrative annual scale of each district relative to the home district (GDP, retail, revenue levels).
SCALE = {"云溪区": 0.55, "君山区": 0.45, "岳阳县": 0.85, "华容县": 0.90, "湘阴县": 0.95, "平江县": 0.92,
         "汨罗市": 1.05, "临湘市": 0.75, "岳阳经开区": 0.60, "南湖新区": 0.30, "城陵矶新港区": 0.35,
         "屈原管理区": 0.20}
# Per-capita income relative to the home district (not a sum across districts).
INCOME_RATIO = {"云溪区": 0.86, "君山区": 0.84, "岳阳县": 0.80, "华容县": 0.79, "湘阴县": 0.82, "平江县": 0.76,
                "汨罗市": 0.85, "临湘市": 0.81, "岳阳经开区": 0.97, "南湖新区": 0.95, "城陵矶新港区": 0.90,
                "屈原管理区": 0.78}
# (indicator, header, has a level column)
COLUMNS = [("gdp", "地区生产总值(亿元)", True), ("fai", "固定资产投资", False),
           ("retail", "社会消费品零售总额(亿元)", True), ("revenue", "一般公共预算地方收入(亿元)", True),
           ("income", "城镇居民人均可支配收入(元)", True)]


def district_figures(end_month: int) -> dict[str, tuple[float | None, float | None, int | None]]:
    """indicator → (value, growth, 全市排位) from the district's own sample table for the period."""
    path = next(HERE.glob(f"{HOME}{YEAR}年{PERIODS[end_month]}*{TAG}*.xlsx"))
    parsed = parse_file(path, plan=PLAN)
    key = f"{YEAR}Q{end_month // 3}"
    return {r.indicator: (r.value, r.growth_pct, r.rank) for r in parsed.records
            if r.period == key and r.region == HOME}


def others_growth(home_growth: float, home_rank: int, rng: random.Random) -> dict[str, float]:
    """Growth for every other district: home_rank − 1 of them above the home district, the rest below."""
    others = list(SCALE)
    rng.shuffle(others)
    above, below = others[:home_rank - 1], others[home_rank - 1:]
    out = {}
    for i, d in enumerate(above):        # nearest first
        out[d] = round(home_growth + 0.3 + 0.4 * (len(above) - 1 - i) + rng.choice((0.0, 0.1)), 1)
    for i, d in enumerate(below):
        out[d] = round(home_growth - 0.2 - 0.5 * i - rng.choice((0.0, 0.1)), 1)
    return out


def build_rows(end_month: int) -> list[list]:
    own = district_figures(end_month)
    regions = [HOME, *SCALE]
    table: dict[str, dict[str, tuple]] = {r: {} for r in [CITY_TOTAL, *regions]}
    for ind, _, has_level in COLUMNS:
        value, growth, rank = own[ind]
        rng = random.Random(f"{ind}-{end_month}")
        growths = {HOME: growth, **others_growth(growth, rank, rng)}
        ranks = dict(zip(regions, competition_ranks([growths[r] for r in regions])))
        if ranks[HOME] != rank:
            raise SystemExit(f"{ind} {end_month}: home district ranks {ranks[HOME]}, its table says {rank}")
        levels: dict[str, float | None] = {}
        for r in regions:
            if not has_level:
                levels[r] = None
            elif r == HOME:
                levels[r] = value
            elif ind == "income":
                levels[r] = round(value * INCOME_RATIO[r])
            else:
                levels[r] = round(value * SCALE[r], 2)
            table[r][ind] = (levels[r], growths[r], ranks[r])
        if ind == "income":
            city_level = round(sum(levels.values()) / len(levels))
        else:
            city_level = round(sum(levels.values()), 2) if has_level else None
        city_growth = round(sum(growths.values()) / len(growths), 1)
        table[CITY_TOTAL][ind] = (city_level, city_growth, None)
    rows = []
    for r in [CITY_TOTAL, *regions]:
        row: list = [r]
        for ind, _, has_level in COLUMNS:
            level, growth, rank = table[r][ind]
            row += ([level] if has_level else []) + [growth, rank]
        rows.append(row)
    return rows


def write(end_month: int) -> Path:
    name = f"{YEAR}年{PERIODS[end_month]}各县市区主要指标_{TAG}.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"各县市区{LP}{TAG}{RP}"
    width = 1 + sum(3 if lvl else 2 for *_, lvl in COLUMNS)
    ws.cell(1, 1, f"{PLAN.app.city}{YEAR}年{PERIODS[end_month]}各县市区主要经济指标{LP}{TAG},非正式统计数据{RP}")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, "县市区")
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    col = 2
    for _, header, has_level in COLUMNS:
        n = 3 if has_level else 2
        ws.cell(2, col, header)
        ws.merge_cells(start_row=2, start_column=col, end_row=2, end_column=col + n - 1)
        subs = (["绝对值"] if has_level else []) + ["增速(%)", "排位"]
        for k, s in enumerate(subs):
            ws.cell(3, col + k, s)
        col += n
    for i, row in enumerate(build_rows(end_month)):
        for j, v in enumerate(row):
            ws.cell(4 + i, 1 + j, v)
    foot = 4 + len(SCALE) + 2
    ws.cell(foot, 1, f"注:本表为{TAG},仅用于演示全市排名功能;{HOME}数据与区级示例表一致,其余县市区数据为虚构。")
    thin = Side(style="thin")
    for r in ws.iter_rows(min_row=2, max_row=foot - 1, max_col=width):
        for c in r:
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            c.alignment = Alignment(horizontal="center", vertical="center")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 14
    out = HERE / name
    wb.save(out)
    return out


def main() -> None:
    for m in PERIODS:
        path = write(m)
        parsed = parse_file(path, plan=PLAN)
        own = district_figures(m)
        for r in parsed.records:
            if r.region == HOME:
                v, g, k = own[r.indicator]
                assert (r.value, r.growth_pct, r.rank) == (v, g, k), (r, own[r.indicator])
        print(f"wrote {path.name}: {len(parsed.records)} values ({parsed.layout}), warnings: {parsed.warnings}")


if __name__ == "__main__":
    main()

"""Statistics-bureau tables: one row per indicator, value / growth / last-year / rank columns.

    岳阳楼区2023年1-6月主要经济指标                     ← title: the period (or in headers, sheet, file name)
                                         单位:亿元    ← table-wide unit note
    指标            | 单位 | 6月 | 1-6月      | 上年同期 | 全市排位
                    |      |     | 绝对值 | 增长%|          |
    社会消费品零售总额 | 亿元 | …   | 3.12   | 7.2  | 2.91     | 3
      其中:限额以上  …                                   ← sub-row, not in the plan → skipped

Rows are matched to plan indicators by exact alias (so the total 一般公共预算收入 is not taken for its
sub-row 其中:地方收入). Values are converted into the plan's unit; growth is recomputed from the two levels
where both are given (except real-price GDP growth, which is always taken as reported).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import units
from ..periods import Period, find_end_month, find_year
from ..plan import Plan
from .cells import NotANumber, col_letter, is_empty, is_missing, normalised, parse_quantity, parse_rank, text
from .headers import Frame, find_frames, find_unit_note, is_footnote, resolve_period
from .model import IngestError, Location, Record, Sheet, Skipped

_RANK = re.compile(r"排位|位次|排名|排序|名次")
_UNIT_COL = re.compile(r"^(计量)?单位$")
_SEQ = re.compile(r"^(序号|编号|行次|代码)$")
_GROWTH = re.compile(r"增长|增速|同比|增幅|增减|±|比上年|比去年|较上年|较去年|比增")
_PREV = re.compile(r"上年|去年|上期|前一年")
_COMPARE = re.compile(r"比|较|同比")
_IGNORE = re.compile(r"百分点|占比|比重|目标|计划|完成率|进度|全省|全市|平均|备注|说明|结构|环比|名称|指标|项目")
_VALUE = re.compile(r"绝对值|绝对数|绝对额|总量|总额|额|实际|累计|数值|数量|金额|完成|实绩|本年|本期|今年|规模|现价|合计|值|月|季度|年")
_CUMULATIVE = re.compile(r"累计|1\s*[-—–~至到－]\s*(本月|\d{1,2}\s*月|[一二三四五六七八九十]+月)|本年|年初|至本月|半年|季度|全年")
_MONTHLY = re.compile(r"本月|当月|^\d{1,2}\s*月份?$|^[一二三四五六七八九十]+月份?$")
_PER_CAPITA_UNIT = re.compile(r"/(人|户|年)$")

MISSING_UNIT = "单位未注明"


@dataclass
class Role:
    kind: str | None                 # value | growth | prev | rank | unit | None (ignored)
    monthly: bool = False            # 本月 / 6月: one month, not the cumulative span
    cumulative: bool = False         # 1-6月 / 1-本月 / 累计
    end_month: int | None = None     # span named in the header
    year: int | None = None
    unit: str | None = None          # unit written in the header ("绝对值(万元)")


def classify(label: str) -> Role:
    """What a column holds, from its header label ("1-6月|绝对值(万元)")."""
    parts = [p for p in label.split("|") if p]
    if not parts:
        return Role(None)
    last = parts[-1]
    unit = next((u for u in (units.unit_in_text(p) for p in reversed(parts)) if u), None)
    if any(_RANK.search(p) for p in parts):
        return Role("rank")
    if any(_UNIT_COL.match(p) for p in parts):
        return Role("unit")
    if any(_SEQ.match(p) for p in parts):
        return Role(None)
    cumulative = any(_CUMULATIVE.search(p) for p in parts)
    monthly = not cumulative and any(_MONTHLY.search(p) for p in parts)
    end = next((e for e in (find_end_month(p) for p in parts) if e), None)
    year = next((y for y in (find_year(p) for p in parts) if y), None)
    role = Role(None, monthly, cumulative, end, year, unit)
    # a "上年同期" group over "绝对值 | 增长": last year's level, and last year's growth (not ours)
    if any(_PREV.search(p) and not _GROWTH.search(p) for p in parts[:-1]):
        role.kind = None if _GROWTH.search(last) else "prev"
        return role
    if any(_IGNORE.search(p) for p in parts) and not _GROWTH.search(last):
        return role
    if _GROWTH.search(last) or last.strip("()（）") in ("%", "％") or (unit == "%" and not _VALUE.search(last)):
        if _PREV.search(last) and not _COMPARE.search(last):
            return role                                  # "上年同期增速": last year's growth
        if any(_IGNORE.search(p) for p in parts):
            return role                                  # "增速比全市高(百分点)"
        role.kind = "growth"
        return role
    if _PREV.search(last):
        role.kind = "prev"
        return role
    if _VALUE.search(last) or end or cumulative or monthly or unit:
        role.kind = "value"
    return role


@dataclass
class ColumnSet:
    """The columns that give one record for one period."""
    period: Period
    value: int | None = None
    growth: int | None = None
    prev: int | None = None
    rank: int | None = None


def choose_columns(roles: dict[int, Role], period: Period, warnings: list[str], where: str) -> list[ColumnSet]:
    """Group value/growth columns by the period they name; prefer cumulative over single-month columns."""
    for r in roles.values():   # "2022年1-6月" beside "2023年1-6月" is last year's level
        if r.kind == "value" and r.year == period.year - 1:
            r.kind = "prev"
        elif r.kind == "growth" and r.year == period.year - 1:
            r.kind = None
    groups: dict[Period, ColumnSet] = {}
    for kind in ("value", "growth"):
        cols = [j for j, r in roles.items() if r.kind == kind]
        monthly = [j for j in cols if roles[j].monthly]
        if monthly and len(monthly) == len(cols):
            warnings.append(f"{where}: 只有当月数据列,未导入 / only single-month (本月) {kind} columns "
                            f"({len(monthly)}); the cumulative figure is expected")
        for j in sorted(cols, key=lambda j: (not roles[j].cumulative, j)):
            r = roles[j]
            if r.monthly:
                continue
            p = Period(r.year or period.year, r.end_month or period.end_month)
            cs = groups.setdefault(p, ColumnSet(p))
            if getattr(cs, kind) is None:
                setattr(cs, kind, j)
    main = groups.get(period) or groups.setdefault(period, ColumnSet(period))
    main.prev = next((j for j, r in sorted(roles.items()) if r.kind == "prev"), None)
    main.rank = next((j for j, r in sorted(roles.items()) if r.kind == "rank"), None)
    return [g for g in groups.values() if g.value is not None or g.growth is not None or g.prev is not None]


# ─────────────────────────── values ───────────────────────────

def cell_number(row: list, col: int | None, loc: Location, name: str, label: str, expected: str):
    """(number, unit in the cell) or (None, None); IngestError naming sheet/row/column on text."""
    if col is None or col >= len(row):
        return None, None
    try:
        return parse_quantity(row[col])
    except NotANumber:
        raise IngestError(f"'{name}' 的「{label or col_letter(col)}」列不是数字 / not a number: found "
                          f"{text(row[col])!r} where {expected} was expected (应为数字; use '—' or leave "
                          f"empty when not published)", loc, code="not_a_number") from None


def clean(x: float | None) -> float | None:
    """Round away binary noise from unit conversion (31206 × 0.0001 → 3.1206, not 3.1206000000000005)."""
    return None if x is None else float(f"{x:.12g}")


def build_record(plan: Plan, ind_id: str, period: Period, value, growth, prev, rank, unit: str | None,
                 unit_assumed: bool, region: str, loc: Location, name: str, settings,
                 warnings: list[str]) -> Record:
    """Convert into the plan's unit, check or fill growth from the levels, and make the Record."""
    ind = plan.indicators[ind_id]
    target = ind.unit
    if unit == "%" and target != "%":
        # a growth-only row ("固定资产投资增速 | % | 10.2"): the number is the growth
        if value is not None and growth is not None:
            raise IngestError(f"'{name}' is given in % but the plan measures {ind.name_zh} in {target}; "
                              f"单位不符 / expected a level in {target} and a growth in %", loc, code="unit")
        growth, value, prev = (value if growth is None else growth), None, None
        unit = target
    if target == "%":
        growth = None   # a rate's change is in percentage points, not a growth rate
    if unit and unit != target and (value is not None or prev is not None):
        try:
            f = units.factor(unit, target)
        except units.UnitError:
            raise IngestError(f"'{name}' is given in {unit}, which cannot be converted to the plan's unit "
                              f"{target} / 单位无法换算", loc, code="unit") from None
        value = None if value is None else value * f
        prev = None if prev is None else prev * f
    if unit_assumed and value is not None and _same_dimension(target, "元"):   # 万元 vs 亿元 matters
        warnings.append(f"{loc}: '{name}' 未注明单位 / no unit given; assumed the plan's unit {target}")
    value, prev = clean(value), clean(prev)
    if value is not None and prev and target != "%" and ind.price_basis != "real":
        computed = (value / prev - 1) * 100
        if growth is None:
            growth = round(computed, 2)
        elif abs(growth - computed) > settings.growth_mismatch_pp:
            warnings.append(f"{loc}: {ind.name_zh} ({ind_id}) 增速不一致 / growth mismatch: reported "
                            f"{growth:g}% but {computed:.2f}% from the levels {value:g} / {prev:g} {target} "
                            f"(more than {settings.growth_mismatch_pp:g} points apart)")
    return Record(indicator=ind_id, period=period.key, value=value, unit=target, growth_pct=growth,
                  prev_value=prev, region=region, rank=rank, location=loc)


def row_unit(row: list, unit_col: int | None) -> str | None:
    if unit_col is None or unit_col >= len(row) or is_empty(row[unit_col]):
        return None
    return units.canonical(_PER_CAPITA_UNIT.sub("", text(row[unit_col])))


# ─────────────────────────── the sheet ───────────────────────────

_GROWTH_SUFFIX = re.compile(r"(同比)?(增速|增长率|增长|增幅)$")


def is_growth_row(name: str) -> bool:
    """"地区生产总值增速(%)": a row whose figure is the growth of an indicator, not its level."""
    return bool(_GROWTH_SUFFIX.search(normalised(name)))


def matcher(plan: Plan):
    """Table name → indicator id by exact alias; "<alias>增速" rows name the same indicator."""
    index = plan.alias_index()
    cache: dict[str, str | None] = {}   # long sheets repeat the same texts ("万元", "—") in every row

    def match(s) -> str | None:
        if not isinstance(s, str):
            return None
        if s not in cache:
            if len(s) > 60 or is_footnote(s):
                cache[s] = None
            else:
                n = normalised(s).lower()
                cache[s] = index.get(n) or index.get(_GROWTH_SUFFIX.sub("", n) or n)
        return cache[s]
    return match


def parse_bureau(sheet: Sheet, plan: Plan, file_name: str, year_hint: int | None = None):
    """Records of one bureau table sheet → (records, milestones, skipped, warnings)."""
    match = matcher(plan)
    records: list[Record] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    frames = find_frames(sheet, lambda s: match(s) is not None)
    all_titles: list[str] = []
    for frame in frames:
        all_titles = all_titles or frame.title_lines
        _parse_frame(sheet, frame, plan, file_name, year_hint, match, all_titles, records, skipped, warnings)
    return records, [], skipped, warnings


def frame_period(sheet: Sheet, frame: Frame, roles: dict[int, Role], file_name: str, year_hint, titles) -> Period:
    value_labels = [frame.labels[j] for j, r in roles.items() if r.kind in ("value", "growth") and not r.monthly]
    period = resolve_period(titles, value_labels, sheet.name, file_name, year_hint)
    if period is None:
        raise IngestError("找不到统计期 / no period found: expected a span such as '2023年1-6月', '上半年' or "
                          "'前三季度' in the title, the column headers, the sheet name or the file name",
                          Location(file_name, sheet=sheet.name), code="no_period")
    return period


def _parse_frame(sheet, frame: Frame, plan: Plan, file_name, year_hint, match, first_titles,
                 records, skipped, warnings) -> None:
    settings = plan.import_
    roles = {j: classify(lbl) for j, lbl in frame.labels.items() if j != frame.name_col}
    titles = frame.title_lines + [t for t in first_titles if t not in frame.title_lines]
    where = str(Location(file_name, sheet=sheet.name))
    try:
        period = frame_period(sheet, frame, roles, file_name, year_hint, titles)
    except IngestError:
        # a sheet that only mentions indicator names (an explanation sheet) needs no period
        if _has_figures(sheet, frame, roles, match):
            raise
        return
    groups = choose_columns(roles, period, warnings, where)
    unit_col = next((j for j, r in sorted(roles.items()) if r.kind == "unit"), None)
    note_unit = find_unit_note(titles + [frame.labels.get(frame.name_col, "")])
    region = plan.app.home_district
    for i in range(frame.first_data_row, frame.end_row):
        row = sheet.rows[i]
        raw = row[frame.name_col] if frame.name_col < len(row) else None
        name = text(raw)
        if not name or is_footnote(name):
            continue
        ind_id = match(name)
        name_loc = Location(file_name, sheet.name, i + 1, col_letter(frame.name_col))
        if ind_id is None:
            if any(not is_empty(c) for j, c in enumerate(row) if j != frame.name_col) or len(name) > 1:
                skipped.append(Skipped(name_loc, name, plan.skip_reason(name)))
            continue
        produced = False
        for g in groups:
            rec = _row_record(plan, ind_id, name, row, i, g, roles, unit_col, note_unit, region, sheet,
                              file_name, frame, settings, warnings)
            if rec is not None:
                records.append(rec)
                produced = True
        if not produced:
            skipped.append(Skipped(name_loc, name, "没有数值 / no figures in this row"))


def _has_figures(sheet: Sheet, frame: Frame, roles: dict[int, Role], match) -> bool:
    cols = [j for j, r in roles.items() if r.kind in ("value", "growth", "prev")]
    for row in sheet.rows[frame.first_data_row:frame.end_row]:
        if frame.name_col < len(row) and match(row[frame.name_col]):
            if any(j < len(row) and not is_missing(row[j]) for j in cols):
                return True
    return False


@dataclass
class RowCells:
    """The numbers one row gives for one column set, with the units written in the cells."""
    value: float | None
    v_unit: str | None
    growth: float | None
    prev: float | None
    p_unit: str | None
    rank: int | None
    at: object   # col → Location of that cell (the name cell when col is None)


def read_row_cells(row, i, g: ColumnSet, sheet, file_name, frame, name) -> RowCells:
    """Read value, growth, last year's level and rank of a row; text where a number belongs is refused."""
    def at(col):
        return Location(file_name, sheet.name, i + 1, col_letter(col if col is not None else frame.name_col))

    def label(col):
        return frame.labels.get(col, "") if col is not None else ""

    value, v_unit = cell_number(row, g.value, at(g.value), name, label(g.value), "the cumulative level")
    growth, _ = cell_number(row, g.growth, at(g.growth), name, label(g.growth), "a growth rate in %")
    prev, p_unit = cell_number(row, g.prev, at(g.prev), name, label(g.prev), "last year's level")
    rank = parse_rank(row[g.rank]) if g.rank is not None and g.rank < len(row) else None
    return RowCells(value, v_unit, growth, prev, p_unit, rank, at)


def _row_record(plan, ind_id, name, row, i, g: ColumnSet, roles, unit_col, note_unit, region, sheet,
                file_name, frame, settings, warnings) -> Record | None:
    c = read_row_cells(row, i, g, sheet, file_name, frame, name)
    value, v_unit, growth, prev, p_unit, rank, at = c.value, c.v_unit, c.growth, c.prev, c.p_unit, c.rank, c.at
    if is_growth_row(name):
        value, prev, growth = None, None, (value if growth is None else growth)
    if value is None and growth is None and prev is None:
        return None
    target = plan.indicators[ind_id].unit
    per_capita = "人均" in plan.indicators[ind_id].name_zh
    header_unit = roles[g.value].unit if g.value is not None else None
    # nearest statement of the unit wins: the row's 单位 cell, the cell itself, the name, the column
    # header, the table note. Table-wide units never apply to per-capita figures (always in 元).
    unit = row_unit(row, unit_col) or v_unit or p_unit or units.unit_in_text(name)
    assumed = False
    if unit is None:
        for u in (header_unit, note_unit):
            if u and not per_capita and _same_dimension(u, target):
                unit = u
                break
        if unit is None and header_unit == "%":
            unit = "%"
    if unit is None:
        unit, assumed = target, target != "%"
    return build_record(plan, ind_id, g.period, value, growth, prev, rank, unit, assumed, region,
                        at(g.value if g.value is not None else g.growth), name, settings, warnings)


def _same_dimension(a: str, b: str) -> bool:
    try:
        units.factor(a, b)
        return True
    except units.UnitError:
        return False

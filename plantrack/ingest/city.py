"""Multi-district city tables (各县市区…): one row per district, for the city ranking.

Two shapes:
    2023年1-6月各县市区地区生产总值                 ← the indicator in the title
    县市区 | 绝对值(亿元) | 增速(%) | 排位
or columns grouped by indicator under a two-row header:
    县市区 | 地区生产总值(亿元)      | 社会消费品零售总额(亿元)
           | 绝对值 | 增速 | 排位    | 绝对值 | 增速
or transposed, districts across and indicators down (the title says what the numbers are):
    2023年1-6月各县市区主要经济指标增速(%)
    指标 | 全市 | 岳阳楼区 | 云溪区 | …
Each district gives a Record with region = that district; the city total ("全市", "合计") is kept
apart as region "全市".
"""
from __future__ import annotations

import re

from ..model import units
from ..model.plan import Plan, normalise_name
from ..model.units import unit_in_text
from .bureau import (
    Role,
    build_record,
    cell_number,
    choose_columns,
    classify,
    frame_period_with_source,
    matcher,
    pair_growth,
    read_row_cells,
)
from .cells import col_letter, normalised, text
from .headers import Frame, find_frames, find_table_period, find_unit_note, is_footnote
from .records import IngestError, Location, Record, Sheet, Skipped

CITY_TOTAL = "全市"
MIN_DISTRICT_ROWS = 3


def region_matcher(plan: Plan):
    """Cell → region name: a city-total name gives "全市"; else the longest district name it contains."""
    regions = sorted(plan.app.city_regions, key=len, reverse=True)
    totals = {normalise_name(t) for t in plan.app.city_total_names}

    cache: dict[str, str | None] = {}

    def match(s) -> str | None:
        if not isinstance(s, str):
            return None
        if s not in cache:
            if len(s.strip()) > 20 or is_footnote(s):
                cache[s] = None
            else:
                n = normalised(s)
                cache[s] = CITY_TOTAL if n in totals else next((r for r in regions if r in n), None)
        return cache[s]
    return match


def districts_row(sheet: Sheet, plan: Plan) -> int | None:
    """The header row of a transposed table: a row naming at least three districts (first 40 rows)."""
    match = region_matcher(plan)
    for i, row in enumerate(sheet.rows[:40]):
        if len({match(c) for c in row} - {None, CITY_TOTAL}) >= MIN_DISTRICT_ROWS:
            return i
    return None


def is_city_table(sheet: Sheet, plan: Plan) -> bool:
    """Some column — or, transposed, some header row — lists at least three different districts."""
    if districts_row(sheet, plan) is not None:
        return True
    match = region_matcher(plan)
    per_col: dict[int, set] = {}
    for row in sheet.rows:
        for j, c in enumerate(row):
            r = match(c)
            if r and r != CITY_TOTAL:
                per_col.setdefault(j, set()).add(r)
    return any(len(v) >= MIN_DISTRICT_ROWS for v in per_col.values())


def indicator_in_text(plan: Plan, s: str) -> str | None:
    """The plan indicator a title or group header names ("2023年1-6月各县市区地区生产总值" → gdp)."""
    index = plan.alias_index()
    n = normalised(s).lower()
    if n in index:
        return index[n]
    for alias in sorted(index, key=len, reverse=True):
        if len(alias) >= 3 and not alias.isascii() and alias in n:
            return index[alias]
    return None


def parse_city(sheet: Sheet, plan: Plan, file_name: str, year_hint: int | None = None):
    """(records, milestones, skipped, warnings) of one city table."""
    hdr = districts_row(sheet, plan)
    if hdr is not None:
        return parse_transposed(sheet, plan, file_name, year_hint, hdr)
    match = region_matcher(plan)
    records: list[Record] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    frames = find_frames(sheet, lambda s: match(s) is not None)
    first_titles: list[str] = []
    for frame in frames:
        first_titles = first_titles or frame.title_lines
        titles = frame.title_lines + [t for t in first_titles if t not in frame.title_lines]
        _parse_frame(sheet, frame, plan, file_name, year_hint, match, titles, records, skipped, warnings)
    return records, [], skipped, warnings


def _groups(plan: Plan, frame: Frame, titles: list[str], sheet: Sheet) -> dict[str, dict[int, Role]]:
    """indicator → {column: role}. Columns naming an indicator (in any header level) start a group; the
    columns after it without an indicator belong to it. Without any, the title names the one indicator."""
    groups: dict[str, dict[int, Role]] = {}
    current: str | None = None
    for j, label in sorted(frame.labels.items()):
        if j == frame.name_col:
            continue
        parts = label.split("|")
        found = next(((k, ind) for k, p in enumerate(parts) if (ind := indicator_in_text(plan, p))), None)
        if found:
            k, current = found
            rest = [p for i, p in enumerate(parts) if i != k]
            role = classify("|".join(rest)) if rest else Role("value")
            if role.kind is None and not rest:
                role.kind = "value"
            role.unit = role.unit or unit_in_text(parts[k])
            groups.setdefault(current, {})[j] = role
        elif current is not None:
            groups[current][j] = classify(label)
    if groups:
        return groups
    ind = next((i for i in (indicator_in_text(plan, t) for t in [*titles, sheet.name]) if i), None)
    if ind is None:
        return {}
    return {ind: {j: classify(lbl) for j, lbl in frame.labels.items() if j != frame.name_col}}


def _parse_frame(sheet, frame: Frame, plan: Plan, file_name, year_hint, match, titles, records, skipped,
                 warnings) -> None:
    groups = _groups(plan, frame, titles, sheet)
    if not groups:
        warnings.append(f"{Location(file_name, sheet=sheet.name)}: 各县市区表未注明指标 / a table of districts "
                        f"that names no plan indicator in its title or headers; not imported")
        return
    for roles in groups.values():
        pair_growth(roles)            # each growth column with its own value column (同月 / 同期)
    all_roles = {j: r for roles in groups.values() for j, r in roles.items()}
    period, period_from = frame_period_with_source(sheet, frame, all_roles, file_name, year_hint, titles)
    note_unit = find_unit_note(titles)
    where = str(Location(file_name, sheet=sheet.name))
    plans = {ind: (roles, choose_columns(roles, period, warnings, where)) for ind, roles in groups.items()}
    for i in range(frame.first_data_row, frame.end_row):
        row = sheet.rows[i]
        name = text(row[frame.name_col]) if frame.name_col < len(row) else ""
        if not name or is_footnote(name):
            continue
        region = match(name)
        loc = Location(file_name, sheet.name, i + 1, col_letter(frame.name_col))
        if region is None:
            skipped.append(Skipped(loc, name, "不是本市的县市区 / not a district of the city"))
            continue
        for ind, (roles, colsets) in plans.items():
            for g in colsets:
                rec = _record(plan, ind, name, region, row, i, g, roles, note_unit, sheet, file_name, frame,
                              warnings, period_from)
                if rec is not None:
                    records.append(rec)


def _record(plan, ind, name, region, row, i, g, roles, note_unit, sheet, file_name, frame, warnings,
            period_from: str = "标题"):
    c = read_row_cells(row, i, g, sheet, file_name, frame, name)
    value, v_unit, growth, prev, p_unit, rank, at = c.value, c.v_unit, c.growth, c.prev, c.p_unit, c.rank, c.at
    if value is None and growth is None and prev is None:
        return None
    target = plan.indicators[ind].unit
    header_unit = roles[g.value].unit if g.value is not None else None
    col = g.value if g.value is not None else g.growth
    unit, unit_from = (v_unit or p_unit, "单元格") if (v_unit or p_unit) else (header_unit, f"{col_letter(col)}列表头")
    if unit is None and note_unit and "人均" not in plan.indicators[ind].name_zh:
        unit, unit_from = (note_unit, "注释") if units.convertible(note_unit, target) else (None, "")
    assumed = unit is None
    evidence = {"unit": unit_from if unit else "", "measure": f"{col_letter(col)}列表头",
                "period": next((f"{col_letter(j)}列表头" for j in (g.value, g.growth)
                                if j is not None and roles[j].end_month), period_from)}
    return build_record(plan, ind, g.period, value, growth, prev, rank, unit or target, assumed and target != "%",
                        region, at(col), f"{name} {ind}", plan.import_, warnings, evidence)


_GROWTH_WORDS = re.compile(r"增长|增速|增幅|同比|比上年|[(（]\s*[%％]\s*[)）]")
# explicit level markers only: indicator names themselves contain 总额 / 总值
_LEVEL_WORDS = re.compile(r"绝对值|绝对额|绝对数|累计值")


def parse_transposed(sheet: Sheet, plan: Plan, file_name: str, year_hint: int | None, hdr: int):
    """Districts across, indicators down. Whether a number is a growth rate or a level is read from the row
    label ("地区生产总值增速(%)", "社会消费品零售总额(亿元)"), else from the title; a unit note applies to levels."""
    match, ind_match = region_matcher(plan), matcher(plan)
    header = sheet.rows[hdr]
    region_cols = {j: r for j, c in enumerate(header) if (r := match(c))}
    titles = [text(c) for row in sheet.rows[:hdr] for c in row if text(c)]
    title = " ".join(titles)
    found = find_table_period(titles, [text(c) for c in header if text(c)], sheet.name, file_name, year_hint)
    period, period_from = found if found else (None, "")
    if period is None:
        raise IngestError("找不到统计期 / no period found: expected a span such as '2023年1-6月', '上半年' or "
                          "'前三季度' in the title, the sheet name or the file name",
                          Location(file_name, sheet=sheet.name), code="no_period")
    note_unit = find_unit_note(titles)
    records: list[Record] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    for i in range(hdr + 1, len(sheet.rows)):
        row = sheet.rows[i]
        name_col = next((j for j, c in enumerate(row) if j not in region_cols and text(c)), None)
        if name_col is None:
            continue
        name = text(row[name_col])
        if is_footnote(name):
            continue
        ind = ind_match(name)
        loc = Location(file_name, sheet.name, i + 1, col_letter(name_col))
        if ind is None:
            skipped.append(Skipped(loc, name, plan.skip_reason(name)))
            continue
        label_unit = unit_in_text(name)
        is_level = bool(_LEVEL_WORDS.search(name)) or (label_unit is not None and label_unit != "%")
        is_growth = not is_level and (bool(_GROWTH_WORDS.search(name)) or bool(_GROWTH_WORDS.search(title)))
        for j, region in sorted(region_cols.items()):
            at = Location(file_name, sheet.name, i + 1, col_letter(j))
            number, cell_unit = cell_number(row, j, at, f"{name} / {text(header[j])}", text(header[j]),
                                            "a growth rate in %" if is_growth else "the cumulative level")
            if number is None:
                continue
            measure = "行标签" if _GROWTH_WORDS.search(name) or is_level else "标题"
            if is_growth:
                records.append(build_record(plan, ind, period, None, number, None, None, None, False, region, at,
                                            f"{name} {region}", plan.import_, warnings,
                                            {"measure": measure, "period": period_from}))
                continue
            unit, unit_from = next(((u, w) for u, w in ((cell_unit, "单元格"), (label_unit, "行标签"),
                                   (note_unit if "人均" not in name else None, "注释")) if u), (None, ""))
            target = plan.indicators[ind].unit
            records.append(build_record(plan, ind, period, number, None, None, None, unit or target,
                                        unit is None and target != "%", region, at, f"{name} {region}",
                                        plan.import_, warnings, {"unit": unit_from, "measure": measure,
                                                                 "period": period_from}))
    return records, [], skipped, warnings

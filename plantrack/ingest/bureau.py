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

import contextvars
import re
from dataclasses import dataclass, field

from ..model import units
from ..model.periods import Period, find_end_month, find_year
from ..model.plan import Plan
from .cells import NotANumber, col_letter, is_empty, is_missing, normalised, parse_quantity, parse_rank, text
from .headers import Frame, find_frames, find_table_period, is_footnote, unit_in_title, unit_note
from .records import IngestError, Location, Record, Sheet, Skipped, UnitNeeded

_RANK = re.compile(r"排位|位次|排名|排序|名次")
_UNIT_COL = re.compile(r"^(计量)?单位$")
_SEQ = re.compile(r"^(序号|编号|行次|代码)$")
_GROWTH = re.compile(r"增长|增速|同比|增幅|增减|±|比上年|比去年|较上年|较去年|比增")
_PREV = re.compile(r"上年|去年|上期|前一年")
_COMPARE = re.compile(r"比|较|同比")
_IGNORE = re.compile(r"百分点|占比|比重|目标|计划|完成率|进度|全省|全市|平均|备注|说明|结构|环比|名称|指标|项目")
_VALUE = re.compile(r"绝对值|绝对数|绝对额|总量|总额|额|实际|累计|数值|数量|金额|完成|实绩|本年|本期|今年|规模"
                    r"|现价|合计|值|月|季度|年")
_CUMULATIVE = re.compile(r"累计|1\s*[-—–~至到－]\s*(本月|\d{1,2}\s*月|[一二三四五六七八九十]+月)"
                         r"|本年|年初|至本月|半年|季度|全年")
_MONTHLY = re.compile(r"本月|当月|同月|^\d{1,2}\s*月份?$|^[一二三四五六七八九十]+月份?$")
# "比去年同期增长": the growth of the cumulative span (同月 growth goes with the month's own value)
_SAME_SPAN = re.compile(r"同期")
_PER_CAPITA_UNIT = re.compile(r"/(人|户|年)$")

MISSING_UNIT = "单位未注明"
# The analyst's answer to "which unit are these 元 amounts in?" (the upload preview asks, the CLI's --unit);
# set by parse_file for one parse. Evidence then reads "分析员选择".
UNIT_CHOICE: contextvars.ContextVar[str | None] = contextvars.ContextVar("unit_choice", default=None)
MONEY_UNITS = ("元", "万元", "亿元")


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
    cumulative = any(_CUMULATIVE.search(p) for p in parts) or bool(_SAME_SPAN.search(last))
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


def pair_growth(roles: dict[int, Role]) -> None:
    """A growth column that does not say whose growth it is (同月 / 同期, or a group header) belongs to the
    value column right before it: "本月 | 增长 | 1-本月 | 增长" pairs each growth with its own value."""
    last_value: Role | None = None
    for j in sorted(roles):
        r = roles[j]
        if r.kind == "value":
            last_value = r
        elif r.kind == "growth" and last_value is not None:
            if not r.monthly and not r.cumulative:
                r.monthly, r.cumulative = last_value.monthly, last_value.cumulative
            if r.monthly == last_value.monthly and not r.end_month:
                # "1-3月绝对值 | 比去年同期增长 | 1-6月绝对值 | 比去年同期增长": each growth its own span
                r.end_month, r.year = last_value.end_month, r.year or last_value.year


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
            warnings.append(f"{where}: 只有当月数据列，未导入 / only single-month (本月) {kind} columns "
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
    main.prev = next((j for j, r in sorted(roles.items(), key=lambda x: (x[1].monthly, x[0]))
                      if r.kind == "prev"), None)
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
                 warnings: list[str], evidence: dict[str, str] | None = None) -> Record:
    """Convert into the plan's unit, check or fill growth from the levels, and make the Record.

    `unit_assumed`: the file states no unit for this figure. An amount in 元 / 万元 / 亿元 is then never
    guessed: the analyst's choice (UNIT_CHOICE) is used, or the file is refused with UnitNeeded."""
    ind = plan.indicators[ind_id]
    target = ind.unit
    evidence = dict(evidence or {})
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
    if unit_assumed and (value is not None or prev is not None) and units.convertible(target, "元"):
        chosen = UNIT_CHOICE.get()      # 万元 vs 亿元 is a 10,000× difference: never assumed
        if chosen is None:
            raise UnitNeeded(f"'{name}' 的金额未注明单位 / the unit of this amount is not stated (缺少：单位): "
                             f"expected 元, 万元 or 亿元 in the column header, the title, a note row such as "
                             f"'单位：万元', or the row label; choose the unit in the preview, or give "
                             f"--unit 万元 to the import command", loc, code="unit_needed")
        value = None if value is None else value * units.factor(chosen, target)
        prev = None if prev is None else prev * units.factor(chosen, target)
        evidence["unit"] = f"分析员选择（{chosen}）"
    elif unit_assumed and not evidence.get("unit"):
        evidence["unit"] = f"未注明，按计划单位（{target}）"   # counts and areas: shown, never hidden
    value, prev = clean(value), clean(prev)
    source = "reported" if growth is not None else None
    if value is not None and prev and target != "%" and ind.price_basis != "real":
        computed = (value / prev - 1) * 100
        if growth is None:
            growth, source = round(computed, 2), "derived"
        elif abs(growth - computed) > settings.growth_mismatch_pp:
            warnings.append(f"{loc}: {ind.name_zh} ({ind_id}) 增速不一致 / growth mismatch: reported "
                            f"{growth:g}% but {computed:.2f}% from the levels {value:g} / {prev:g} {target} "
                            f"(more than {settings.growth_mismatch_pp:g} points apart); the reported rate is "
                            f"kept (可比口径不同属正常 / comparable-basis differences are normal)")
    if growth is None:
        evidence.pop("growth", None)
    return Record(indicator=ind_id, period=period.key, value=value, unit=target, growth_pct=growth,
                  prev_value=prev, region=region, rank=rank, location=loc, growth_source=source,
                  evidence=tuple(sorted(evidence.items())))


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
    across = indicators_across(sheet, match)
    if across is not None:     # indicators across the columns: read the table turned round, report real cells
        return _parse_across(sheet, across, plan, file_name, year_hint)
    frames = find_frames(sheet, lambda s: match(s) is not None)
    all_titles: list[str] = []
    for frame in frames:
        all_titles = all_titles or frame.title_lines
        _parse_frame(sheet, frame, plan, file_name, year_hint, match, all_titles, records, skipped, warnings)
    return records, [], skipped, warnings


def indicators_across(sheet: Sheet, match) -> int | None:
    """The header row of a table whose indicators run across the columns ("期间 | 社零总额 | 地方收入"), or None
    when indicators run down a column as usual."""
    rows = [sum(1 for c in row if match(c)) for row in sheet.rows]
    cols: dict[int, int] = {}
    for row in sheet.rows:
        for j, c in enumerate(row):
            if match(c):
                cols[j] = cols.get(j, 0) + 1
    best_row = max(range(len(rows)), key=lambda i: rows[i], default=None)
    if best_row is None or rows[best_row] < 2 or rows[best_row] <= max(cols.values(), default=0):
        return None
    return best_row


def _parse_across(sheet: Sheet, top: int, plan: Plan, file_name: str, year_hint):
    """Turn the block from the header row down round (rows above stay: title and notes), parse it, and map
    every location back to the cell of the original sheet."""
    end = next((i for i in range(top + 1, len(sheet.rows))
                if all(is_empty(c) for c in sheet.rows[i])
                or any(isinstance(c, str) and is_footnote(c) for c in sheet.rows[i][:1])), len(sheet.rows))
    block = sheet.rows[top:end]            # the table only: footnotes under it stay footnotes
    width = max((len(r) for r in block), default=0)
    turned = [[block[i][j] if j < len(block[i]) else None for i in range(len(block))] for j in range(width)]
    merged = [(c0 + top, r0 - top, c1 + top, r1 - top) for r0, c0, r1, c1 in sheet.merged
              if r0 >= top and r1 < end] + [m for m in sheet.merged if m[2] < top]
    flipped = Sheet(sheet.name, [list(r) for r in sheet.rows[:top]] + turned, merged, sheet.visible)

    def back(loc: Location | None) -> Location | None:
        if loc is None or loc.row is None or loc.column is None or loc.row - 1 < top:
            return loc
        return Location(loc.file, loc.sheet, top + _col_index(loc.column) + 1, col_letter(loc.row - 1 - top))

    def evidence_back(ev):
        return tuple((k, re.sub(r"([A-Z]+)列(上层)?表头", lambda m: f"第{top + _col_index(m.group(1)) + 1}行表头", v))
                     for k, v in ev)
    try:
        records, _, skipped, warnings = parse_bureau(flipped, plan, file_name, year_hint)
    except IngestError as e:
        raise IngestError(e.detail, back(e.location), code=e.code) from None
    records = [Record(**{**r.__dict__, "location": back(r.location), "evidence": evidence_back(r.evidence)})
               for r in records]
    skipped = [Skipped(back(x.location), x.text, x.reason) for x in skipped]
    return records, [], skipped, warnings


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def frame_period(sheet: Sheet, frame: Frame, roles: dict[int, Role], file_name: str, year_hint, titles) -> Period:
    return frame_period_with_source(sheet, frame, roles, file_name, year_hint, titles)[0]


def frame_period_with_source(sheet: Sheet, frame: Frame, roles: dict[int, Role], file_name: str, year_hint,
                             titles) -> tuple[Period, str]:
    value_labels = [frame.labels[j] for j, r in roles.items() if r.kind in ("value", "growth") and not r.monthly]
    found = find_table_period(titles, value_labels, sheet.name, file_name, year_hint)
    if found is None:
        raise IngestError("找不到统计期 / no period found (缺少：统计期): expected a span such as '2023年1-6月', "
                          "'上半年', '前三季度' or '全年' in the title, the column headers, the sheet name or the "
                          "file name; a year alone is not a period (full year only with 全年, 1-12月, 统计公报 or "
                          "年报), and a sheet named '6月' needs cumulative columns (本月止累计, 1-本月, 累计)",
                          Location(file_name, sheet=sheet.name), code="no_period")
    return found


# "……主要指标增速(%)", "增长(%)", "单位：%": every figure of the table is a growth rate
_RATE_TITLE = re.compile(r"增速|增长率|增幅|增长\s*[(（]\s*[%％]|[(（]\s*[%％]\s*[)）]")
_LEVEL_WORDS = re.compile(r"绝对值|绝对数|绝对额|总量|总额|金额|累计值|规模")
_SPAN_SPLIT = re.compile(r"及|和|与|、|,|，|;|；|/")


def title_spans(titles: list[str]) -> set[int]:
    """End months of every span the title lines name ("1-6月及1-9月" → {6, 9})."""
    out: set[int] = set()
    for t in titles:
        for part in _SPAN_SPLIT.split(t):
            e = find_end_month(part)
            if e:
                out.add(e)
    return out


def rate_table_evidence(frame: Frame, titles: list[str], note: tuple[str, str] | None) -> str | None:
    """Where the file says all its figures are rates: a title ("增速(%)") or a "单位：%" note; None otherwise."""
    if note and note[0] == "%":
        return note[1]
    for t in titles:
        if _RATE_TITLE.search(t) and not headers_unit_note(t):
            return "标题"
    return None


def headers_unit_note(s: str) -> bool:
    from .headers import UNIT_NOTE
    return bool(UNIT_NOTE.search(s))


def check_spans(roles: dict[int, Role], period: Period, source: str, titles: list[str], frame: Frame,
                sheet: Sheet, file_name: str) -> None:
    """Refuse a table whose title and column headers name different spans of the same year (title 1-9月,
    header 1-6月), or whose title names two spans ("1-6月及1-9月") that the columns do not tell apart."""
    named = title_spans(titles)
    cols = {j: r.end_month for j, r in roles.items()
            if r.kind in ("value", "growth") and not r.monthly and r.end_month and r.year in (None, period.year)}
    for j, end in sorted(cols.items()):
        if named and end not in named:
            raise IngestError(f"统计期矛盾 / the period in column {col_letter(j)} ('{frame.labels.get(j, '')}', "
                              f"1-{end}月) contradicts the title ({'、'.join(f'1-{e}月' for e in sorted(named))}); "
                              f"expected the same span in both", Location(file_name, sheet.name,
                              (frame.header_rows[-1] + 1) if frame.header_rows else None, col_letter(j)),
                              code="period_conflict")
    if len(named) > 1 and not cols:
        raise IngestError(f"标题含多个统计期 / the title names {len(named)} spans "
                          f"({'、'.join(f'1-{e}月' for e in sorted(named))}) but the columns do not say which "
                          f"figure belongs to which; expected one span per column header",
                          Location(file_name, sheet.name), code="period_ambiguous")


def _parse_frame(sheet, frame: Frame, plan: Plan, file_name, year_hint, match, first_titles,
                 records, skipped, warnings) -> None:
    settings = plan.import_
    roles = {j: classify(lbl) for j, lbl in frame.labels.items() if j != frame.name_col}
    pair_growth(roles)
    titles = frame.title_lines + [t for t in first_titles if t not in frame.title_lines]
    where = str(Location(file_name, sheet=sheet.name))
    note = unit_note(frame.title_lines, frame.title_rows) or unit_note(first_titles) or \
        unit_note([frame.labels.get(frame.name_col, "")])
    rate_from = rate_table_evidence(frame, titles, note)
    # a column that says it holds levels (绝对值, 亿元) means the rate words do not speak for the whole table
    levels_named = any(r.kind == "value" and ((r.unit and r.unit != "%") or _LEVEL_WORDS.search(frame.labels[j]))
                       for j, r in roles.items())
    if rate_from and not levels_named and not any(r.kind == "growth" for r in roles.values()):
        for r in roles.values():           # a growth-rate table: its "values" are the rates
            if r.kind == "value":
                r.kind, r.unit = "growth", "%"
    else:
        rate_from = None
    try:
        period, period_from = frame_period_with_source(sheet, frame, roles, file_name, year_hint, titles)
    except IngestError:
        # a sheet that only mentions indicator names (an explanation sheet) needs no period
        if _has_figures(sheet, frame, roles, match):
            raise
        return
    check_spans(roles, period, period_from, titles, frame, sheet, file_name)
    groups = choose_columns(roles, period, warnings, where)
    unit_col = next((j for j, r in sorted(roles.items()) if r.kind == "unit"), None)
    table_units = TableUnits(note=note if note and note[0] != "%" else None, title=unit_in_title(titles),
                             sheet=units.unit_in_text(sheet.name), file=units.unit_in_text(file_name))
    ctx = FrameContext(frame, sheet, file_name, roles, unit_col, table_units, period_from, rate_from, settings)
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
            rec = _row_record(plan, ind_id, name, row, i, g, ctx, region, warnings)
            if rec is not None:
                records.append(rec)
                produced = True
        if not produced:
            skipped.append(Skipped(name_loc, name, "没有数值 / no figures in this row"))


@dataclass
class TableUnits:
    """Units the table states once for all its figures, each with where it was read."""
    note: tuple[str, str] | None       # (unit, "第2行注释")
    title: str | None
    sheet: str | None
    file: str | None


@dataclass
class FrameContext:
    frame: Frame
    sheet: Sheet
    file_name: str
    roles: dict[int, Role]
    unit_col: int | None
    units: TableUnits
    period_from: str                   # where the table's period was read
    rate_from: str | None              # where the file says all figures are growth rates
    settings: object = field(default=None)


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
    growth, g_unit = cell_number(row, g.growth, at(g.growth), name, label(g.growth), "a growth rate in %")
    if g_unit not in (None, "%"):   # "4.5亿元" in a growth column is an amount, never a growth of 4.5 %
        raise IngestError(f"'{name}' 的「{label(g.growth) or col_letter(g.growth)}」列不是增速 / not a growth rate: "
                          f"found {text(row[g.growth])!r} where a growth rate in % was expected", at(g.growth),
                          code="not_a_number")
    prev, p_unit = cell_number(row, g.prev, at(g.prev), name, label(g.prev), "last year's level")
    rank = parse_rank(row[g.rank]) if g.rank is not None and g.rank < len(row) else None
    return RowCells(value, v_unit, growth, prev, p_unit, rank, at)


def _row_record(plan, ind_id, name, row, i, g: ColumnSet, ctx: FrameContext, region, warnings) -> Record | None:
    frame, sheet, file_name = ctx.frame, ctx.sheet, ctx.file_name
    c = read_row_cells(row, i, g, sheet, file_name, frame, name)
    value, v_unit, growth, prev, p_unit, rank, at = c.value, c.v_unit, c.growth, c.prev, c.p_unit, c.rank, c.at
    measure_col = g.value if g.value is not None else g.growth
    measure = (f"{col_letter(measure_col)}列表头" if measure_col is not None else "行标签")
    if ctx.rate_from:
        measure = f"{ctx.rate_from}（增速表）"
    if is_growth_row(name):
        value, prev, growth = None, None, (value if growth is None else growth)
        measure = "行标签（增速）"
    if value is None and growth is None and prev is None:
        return None
    ind = plan.indicators[ind_id]
    target = ind.unit
    if ctx.rate_from and target == "%":
        return None          # a rate's change in a growth table is in points, not a growth rate: not stored
    per_capita = "人均" in ind.name_zh
    unit, unit_from = resolve_unit(row, i, g, ctx, name, v_unit, p_unit, target, per_capita)
    evidence = {"unit": unit_from, "period": _period_source(g, ctx), "measure": measure}
    return build_record(plan, ind_id, g.period, value, growth, prev, rank, unit or target,
                        unit is None and target != "%", region, at(measure_col), name, ctx.settings, warnings,
                        evidence)


def _period_source(g: ColumnSet, ctx: FrameContext) -> str:
    for j in (g.value, g.growth):
        if j is not None and ctx.roles[j].end_month:
            return f"{col_letter(j)}列表头"
    return ctx.period_from


def resolve_unit(row, i, g: ColumnSet, ctx: FrameContext, name: str, v_unit, p_unit, target: str,
                 per_capita: bool) -> tuple[str | None, str]:
    """(unit, where it was read) of one row's figures; (None, "") when the file does not state it.

    The row's own 单位 cell, a unit written in the number cell and the row label come first; then the column
    header, the header above it, the title, a note row, the sheet name, the file name. Table-wide statements
    (all but the row's own cells and label) count only when they measure the same thing as the plan's unit,
    and never for per-capita figures (always in 元)."""
    own = row_unit(row, ctx.unit_col)
    if own:
        return own, f"{col_letter(ctx.unit_col)}列单位"
    if v_unit or p_unit:
        return (v_unit or p_unit), "单元格"
    col = g.value if g.value is not None else g.growth
    parts = [p for p in ctx.frame.labels.get(col, "").split("|") if p] if col is not None else []
    label_unit = units.unit_in_text(name)
    # the row label speaks for its own row, so it wins over table-wide statements ("社零总额(亿元)" under a
    # "单位：万元" note is in 亿元)
    candidates: list[tuple[str | None, str, bool]] = [(label_unit, "行标签", False)]
    if parts:
        candidates.append((units.unit_in_text(parts[-1]), f"{col_letter(col)}列表头", True))
        candidates.extend((units.unit_in_text(p), f"{col_letter(col)}列上层表头", True) for p in reversed(parts[:-1]))
    candidates.append((ctx.units.title, "标题", True))
    if ctx.units.note:
        candidates.append((ctx.units.note[0], ctx.units.note[1], True))
    candidates.append((ctx.units.sheet, "工作表名", True))
    candidates.append((ctx.units.file, "文件名", True))
    for unit, where, table_wide in candidates:
        if not unit:
            continue
        if unit == "%" and where.endswith("表头") and target != "%":
            return "%", where                # "增速(%)" over the number column: a growth-only figure
        if not table_wide:
            return unit, where               # the row names its own unit
        if not per_capita and units.convertible(unit, target):
            return unit, where
    if per_capita and target == "元":
        return "元", "人均指标（统计惯例按元）"   # per-capita figures are published in 元, whatever the table's note
    return None, ""



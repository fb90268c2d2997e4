"""Work ledgers (工作台账): one row per task, sub-target or milestone, kept by the lead units.

    2023年1-6月打好经济增长主动仗工作台账
    序号 | 工作任务         | 牵头单位 | 单位 | 年度目标 | 1-6月完成 | 完成率 | 状态   | 备注
    1    | 老旧小区改造(个)  | 区住建局 |      | 228      | 120       | 52.6%  |        |
    2    | 洞庭南路历史文化街区二期 | 区发改局 | |    |           |        | 推进中 | 主体完工

A row named like a plan indicator gives a Record of the cumulative completion (in the plan's unit); a row
named like a milestone with a status gives a MilestoneRecord; anything else is listed as skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import units
from ..model.plan import Plan, normalise_name
from .bureau import build_record, cell_number, matcher, row_unit
from .cells import NotANumber, cell_date, col_letter, is_missing, normalised, parse_quantity, text
from .headers import Frame, fill_merged, find_frames, find_unit_note, is_footnote, looks_like_header, resolve_period
from .records import IngestError, Location, MilestoneRecord, Record, Sheet, Skipped

# Header words only ledgers have (bureau tables have none of them).
_LEDGER_HEADER = re.compile(r"牵头单位|责任单位|工作任务|任务名称|推进情况|工作进展|状态|年度目标|目标任务"
                            r"|全年目标|完成率")
_GROWTH_HEADER = re.compile(r"增长|增速|同比")

_SEQ = re.compile(r"^(序号|编号)$")
_UNIT = re.compile(r"^(计量)?单位$")
_ORG = re.compile(r"牵头|责任|单位名称|负责|联系")
_RATE = re.compile(r"完成率|完成进度|比例|占比|时序进度|时间进度")
_TARGET = re.compile(r"目标|计划(?!完成时间)|任务数")
_DATE = re.compile(r"(完成|实际)?(时间|日期)")
_DUE = re.compile(r"计划完成|时限|截止时间|完成时限")
_STATUS = re.compile(r"状态|进度|进展|推进情况|形象进度")
_TEXT_VALUE = re.compile(r"完成情况|落实情况")
_VALUE = re.compile(r"完成|累计|实绩|截至|截止|已完成|数量|完成值")
_NOTE = re.compile(r"备注|说明|存在问题|问题|措施")

# Status words → code, tried in this order (so "未完成" is not read as "完成", and "已完成主体,正在推进"
# is still in progress).
_STATUS_WORDS = (
    ("delayed", ("滞后", "延期", "延迟", "逾期", "未按期", "进度缓慢")),
    ("not_started", ("未启动", "未开工", "未开始", "尚未启动", "尚未开工", "待启动", "未实施")),
    ("in_progress", ("推进中", "正在推进", "有序推进", "按计划推进", "已开工", "在建", "进行中", "实施中",
                     "正在", "推进", "开工", "施工", "未完成", "部分完成", "筹备")),
    ("done", ("已完成", "完成", "已竣工", "竣工", "已投产", "投产", "已建成", "建成", "已办结", "办结", "已立项",
              "已获批", "已批复")),
)
STATUS_CODES = ("not_started", "in_progress", "done", "delayed")


def status_of(raw) -> str | None:
    """Milestone status code from what a ledger writes ("推进中", "已开工", "完成", "滞后", or the code)."""
    s = re.sub(r"\s+", "", text(raw))
    if not s:
        return None
    if s.lower() in STATUS_CODES:
        return s.lower()
    for code, words in _STATUS_WORDS:
        if any(w in s for w in words):
            return code
    return None


def is_ledger(sheet: Sheet, plan: Plan) -> bool:
    """A header row with ledger words (牵头单位, 年度目标, 状态 …) and no growth columns."""
    grid = fill_merged(sheet)
    for row in grid[:60]:
        if not looks_like_header(row):
            continue
        cells = [text(c) for c in row if isinstance(c, str)]
        if any(_LEDGER_HEADER.search(c) for c in cells) and not any(_GROWTH_HEADER.search(c) for c in cells):
            return True
    return False


@dataclass
class LedgerColumns:
    value: int | None = None
    value_is_text: bool = False     # "完成情况": prose that may hold a number or a status
    target: int | None = None
    unit: int | None = None
    status: list[int] | None = None
    date: int | None = None
    note: int | None = None


def classify_columns(frame: Frame) -> LedgerColumns:
    cols = LedgerColumns(status=[])
    for j, label in sorted(frame.labels.items()):
        if j == frame.name_col:
            continue
        last = label.split("|")[-1]
        if _SEQ.match(last) or _ORG.search(label) or _RATE.search(label) or _DUE.search(label):
            continue
        if _UNIT.match(last):
            cols.unit = j if cols.unit is None else cols.unit
        elif _TARGET.search(label) and not _VALUE.search(last):
            cols.target = j if cols.target is None else cols.target
        elif _TEXT_VALUE.search(label):
            if cols.value is None:
                cols.value, cols.value_is_text = j, True
            cols.status.append(j)
        elif _STATUS.search(label):
            cols.status.insert(0, j)
        elif _VALUE.search(label):
            if cols.value is None or cols.value_is_text:
                cols.value, cols.value_is_text = j, False
        elif _DATE.search(label):
            cols.date = j if cols.date is None else cols.date
        elif _NOTE.search(label):
            cols.note = j if cols.note is None else cols.note
    return cols


def milestone_matcher(plan: Plan, year: int | None):
    """Ledger name → milestone id: exact after normalising, else the longest milestone name the row contains."""
    years = [plan.years[year]] if year in plan.years else list(plan.years.values())
    names: dict[str, str] = {}
    for yp in years:
        for m in yp.milestones:
            names.setdefault(normalise_name(m.name_zh).lower(), m.id)
            names.setdefault(m.id.lower(), m.id)
    by_length = sorted(names, key=len, reverse=True)

    cache: dict[str, str | None] = {}

    def match(s) -> str | None:
        if not isinstance(s, str):
            return None
        if s not in cache:
            n = normalised(s).lower() if len(s) <= 80 and not is_footnote(s) else ""
            cache[s] = names.get(n) or next((names[k] for k in by_length if len(k) >= 4 and k in n), None)
        return cache[s]
    return match


def parse_ledger(sheet: Sheet, plan: Plan, file_name: str, year_hint: int | None = None):
    """(records, milestones, skipped, warnings) of one ledger sheet."""
    ind_match = matcher(plan)
    ms_match = milestone_matcher(plan, year_hint)
    records: list[Record] = []
    milestones: list[MilestoneRecord] = []
    skipped: list[Skipped] = []
    warnings: list[str] = []
    frames = find_frames(sheet, lambda s: ind_match(s) is not None or ms_match(s) is not None)
    titles: list[str] = []
    for frame in frames:
        titles = titles or frame.title_lines
        _parse_frame(sheet, frame, plan, file_name, year_hint, ind_match, ms_match, titles,
                     records, milestones, skipped, warnings)
    return records, milestones, skipped, warnings


def _parse_frame(sheet, frame: Frame, plan: Plan, file_name, year_hint, ind_match, ms_match, first_titles,
                 records, milestones, skipped, warnings) -> None:
    cols = classify_columns(frame)
    titles = frame.title_lines + [t for t in first_titles if t not in frame.title_lines]
    value_labels = [frame.labels[j] for j in (cols.value,) if j is not None]
    period = resolve_period(titles, value_labels, sheet.name, file_name, year_hint)
    note_unit = find_unit_note(titles)
    value_header_unit = units.unit_in_text(frame.labels.get(cols.value, "")) if cols.value is not None else None
    target_header_unit = units.unit_in_text(frame.labels.get(cols.target, "")) if cols.target is not None else None
    year = period.year if period else (year_hint or plan.latest_year)
    region = plan.app.home_district
    for i in range(frame.first_data_row, frame.end_row):
        row = sheet.rows[i]
        name = text(row[frame.name_col]) if frame.name_col < len(row) else ""
        if not name or is_footnote(name):
            continue
        loc = Location(file_name, sheet.name, i + 1, col_letter(frame.name_col))
        ind_id = ind_match(name)
        if ind_id is not None:
            rec = _indicator_row(plan, ind_id, name, row, i, cols, frame, period, year, note_unit,
                                 value_header_unit, target_header_unit, region, sheet, file_name, warnings)
            if rec is None:
                skipped.append(Skipped(loc, name, "没有完成数 / no completion figure in this row"))
            else:
                records.append(rec)
            continue
        ms_id = ms_match(name)
        if ms_id is None:
            skipped.append(Skipped(loc, name, "不是方案中的指标或事项 / not an indicator or milestone of the plan"))
            continue
        statuses = [text(row[j]) for j in cols.status if j < len(row) and not is_missing(row[j])]
        code = next((c for c in map(status_of, statuses) if c), None)
        if code is None:
            why = (f"状态无法识别 / unknown status {statuses[0]!r}" if statuses else "没有状态 / no status") + \
                  "; expected 未启动 / 推进中 / 已完成 / 滞后"
            skipped.append(Skipped(loc, name, why))
            continue
        date = cell_date(row[cols.date]) if cols.date is not None and cols.date < len(row) else None
        used = next(s for s in statuses if status_of(s) == code)
        notes = [s for s in statuses if s != used]      # e.g. a 完成情况 text beside the 状态 cell
        if cols.note is not None and cols.note < len(row) and not is_missing(row[cols.note]):
            notes.append(text(row[cols.note]))
        milestones.append(MilestoneRecord(milestone=ms_id, status=code, period=period.key if period else None,
                                          date=date, note="; ".join(dict.fromkeys(notes)),
                                          location=Location(file_name, sheet.name, i + 1,
                                                            col_letter(cols.status[0]) if cols.status else None)))


def _indicator_row(plan: Plan, ind_id, name, row, i, cols: LedgerColumns, frame, period, year, note_unit,
                   value_header_unit, target_header_unit, region, sheet, file_name, warnings) -> Record | None:
    def at(col):
        return Location(file_name, sheet.name, i + 1, col_letter(col))

    if cols.value is None:
        return None
    if cols.value_is_text:
        value, v_unit = _number_in_prose(row[cols.value] if cols.value < len(row) else None)
    else:
        value, v_unit = cell_number(row, cols.value, at(cols.value), name, frame.labels.get(cols.value, ""),
                                    "the cumulative completion")
    if value is None:
        return None
    if period is None:
        raise IngestError("找不到统计期 / no period found for the completion figures: expected e.g. "
                          "'1-6月完成', '截至6月底' or '2023年上半年' in the title, the headers, the sheet name "
                          "or the file name", Location(file_name, sheet=sheet.name), code="no_period")
    target_unit = plan.indicators[ind_id].unit
    stated = row_unit(row, cols.unit) or units.unit_in_text(name)
    unit, unit_from = next(((u, w) for u, w in ((row_unit(row, cols.unit), "单位列"),
                                                (units.unit_in_text(name), "行标签"), (v_unit, "单元格"),
                                                (value_header_unit, "列表头"), (note_unit, "注释"))
                            if u), (None, ""))
    if unit is not None and not units.convertible(unit, target_unit):
        unit = None if not stated else unit   # a table-wide 万元 note says nothing about a count of 个
    evidence = {"unit": unit_from if unit else "", "measure": "完成数列", "period": "标题"}
    rec = build_record(plan, ind_id, period, value, None, None, None, unit or target_unit,
                       unit is None and target_unit != "%", region, at(cols.value), name, plan.import_, warnings,
                       evidence)
    _check_target(plan, ind_id, name, row, cols, stated or target_header_unit or unit or target_unit, year,
                  at(cols.target) if cols.target is not None else None, frame, warnings)
    return rec


def _number_in_prose(cell) -> tuple[float | None, str | None]:
    """"已完成120个,占年度目标52.6%" → (120, "个"); a plain number as is; (None, None) for prose without one."""
    try:
        return parse_quantity(cell)
    except NotANumber:
        pass
    m = re.search(r"(-?\d[\d,]*(?:\.\d+)?)\s*([^\d\s,,。;;、%]{1,4})?", text(cell))
    if not m:
        return None, None
    u = units.canonical(m.group(2)) if m.group(2) else None
    if u is None and m.group(2):   # "120余个" or a word: take the number only if a unit starts the word
        u = next((units.canonical(m.group(2)[:k]) for k in range(len(m.group(2)), 0, -1)
                  if units.canonical(m.group(2)[:k])), None)
    return float(m.group(1).replace(",", "")), u


def _check_target(plan: Plan, ind_id, name, row, cols: LedgerColumns, unit, year, loc, frame, warnings) -> None:
    """A 年度目标 that differs from the plan's target is worth a warning (the plan is what is tracked)."""
    if cols.target is None or loc is None:
        return
    try:
        stated, cell_unit = parse_quantity(row[cols.target]) if cols.target < len(row) else (None, None)
    except NotANumber:
        return   # "完成228个" style prose in the target column: nothing to compare
    if stated is None or year not in plan.years:
        return
    try:
        planned = plan.year(year).target(ind_id).target
    except KeyError:
        return
    if planned is None:
        return
    target_unit = plan.indicators[ind_id].unit
    try:
        converted = units.convert(stated, cell_unit or unit, target_unit)
    except units.UnitError:
        converted = stated
    if abs(converted - planned) > 1e-9 * max(1.0, abs(planned)):
        warnings.append(f"{loc}: '{name}' 年度目标与方案不一致 / annual target {converted:g} {target_unit} "
                        f"differs from the plan's {planned:g} {target_unit} ({plan.indicators[ind_id].name_zh})")

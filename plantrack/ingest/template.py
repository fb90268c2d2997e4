"""The analysts' spreadsheet template: write it from the plan, recognise it, read it back.

Three sheets — 主要指标 (headline indicators), 子目标 (sub-targets and tracked indicators), 里程碑 (milestones).
Each starts with instruction rows, then a header row; below it one row per indicator (or milestone) per
period. Everything in the file is generated from plan_config, so a new plan year needs no code change.

Reading is built for long files (100,000 rows): per row only a few dict look-ups; period, unit and id
resolution are cached by the raw cell text, and no objects are built for the blank pre-filled rows.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import IO

from ..model.periods import Period, PeriodError, find_period, find_year, is_key, parse_key
from ..model.plan import Plan, normalise_name
from ..model.units import UnitError, canonical, factor
from .cells import FULLWIDTH, NotANumber, col_letter, is_missing, parse_quantity
from .cells import text as _text
from .records import IngestError, Location, MilestoneRecord, Record, Sheet, Skipped

SHEET_HEADLINE = "主要指标"
SHEET_SUBTARGETS = "子目标"
SHEET_MILESTONES = "里程碑"

HEADLINE_COLUMNS = ("指标代码", "指标名称", "期间", "累计值", "单位", "同比增长(%)", "上年同期累计值", "备注")
SUBTARGET_COLUMNS = ("指标代码", "所属任务", "指标名称", "单位", "年度目标", "期间", "累计完成", "备注")
MILESTONE_COLUMNS = ("里程碑代码", "所属任务", "事项", "计划完成", "期间", "状态", "日期", "备注")

# Status as analysts write it → the code stored. Chinese first: it is what the drop-down offers.
STATUS_ZH = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "delayed": "滞后"}
_STATUS_CODES = {**{zh: code for code, zh in STATUS_ZH.items()}, **{code: code for code in STATUS_ZH}}

# Header text (normalised by _norm_header) → field. English aliases let a script-generated sheet in.
_FIELD_ALIASES = {
    "id": ("指标代码", "里程碑代码", "代码", "indicator_id", "milestone_id", "id"),
    "name": ("指标名称", "事项", "里程碑", "里程碑事项", "name", "indicator", "milestone"),
    "task": ("所属任务", "task"),
    "period": ("期间", "统计期间", "period"),
    "value": ("累计值", "累计完成", "value"),
    "unit": ("单位", "unit"),
    "growth": ("同比增长(%)", "同比增长", "同比增长%", "growth_pct", "growth"),
    "prev": ("上年同期累计值", "上年同期", "prev_value"),
    "target": ("年度目标", "target"),
    "due": ("计划完成", "计划完成时间", "due"),
    "status": ("状态", "status"),
    "date": ("日期", "完成日期", "date"),
    "note": ("备注", "note", "notes"),
}
HEADER_SCAN_ROWS = 30

def _norm_header(text: str) -> str:
    return (text.strip().replace("（", "(").replace("）", ")").replace("％", "%").replace(" ", "")
            .replace("\u3000", "").replace("\n", "").replace("*", "").lower())


_HEADER_INDEX = {_norm_header(a): f for f, aliases in _FIELD_ALIASES.items() for a in aliases}


# ─────────────────────────────── writing ───────────────────────────────

def period_label(period: str, year: int | None = None) -> str:
    """"2023Q2" → "2023年1-6月"; a label that already names a period is kept as written."""
    p = parse_key(period) if is_key(period) else find_period(period, default_year=year)
    if p is None:
        raise ValueError(f"not a period: {period!r} (expected e.g. 2023年1-6月 or 2023Q2)")
    if year is not None and p.year != year:
        raise ValueError(f"period {period!r} is not in {year}")
    return f"{p.year}年{p.span_label()}" if is_key(period) else period


def write_template(plan: Plan, year: int, out: str | IO[bytes], period: str | None = None) -> None:
    """Write the fill-in workbook for one plan year to a path or binary buffer."""
    from openpyxl import Workbook  # openpyxl only here: reading goes through calamine

    yp = plan.year(year)
    label = period_label(period, year) if period else None
    district = plan.app.home_district
    task_label = {t.id: f"{t.number} {t.name_zh}" for t in yp.tasks}
    how = "填报说明：每行填写一个{what}；报送其他期间时请复制整行并修改“期间”。请勿修改代码列。"
    common = [
        how.format(what="指标在一个期间的累计数"),
        "期间：填写自1月起的累计期间，如“{y}年1-3月”“{y}年1-6月”“{y}年1-9月”“{y}年1-12月”，也可写 {y}Q1、{y}Q2 等。"
        .format(y=year),
        "无数据：留空或填“—”均表示无数据，不会覆盖已有数据。数值可写千分位（如 31,206），百分数可写 7.2 或 7.2%。",
    ]

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_HEADLINE
    rows = [[t.id, t.indicator.name_zh, label, None, t.unit, None, None, None] for t in yp.headline]
    _fill_sheet(ws, f"{district}{year}年{yp.title_zh}——主要指标填报表", [
        *common,
        "单位：“单位”列默认为计划口径（亿元、元）；如按万元填报，请把该行单位改为“万元”，系统自动换算。",
        "同比增长为累计同比（%）；填了累计值和上年同期累计值的，系统按两者重算增速并提示差异。"
        "地区生产总值增速按可比价计算，系统以填报增速为准，不据总量重算。",
    ], HEADLINE_COLUMNS, rows, widths=(16, 26, 16, 14, 9, 14, 16, 30), freeze_col="C")

    ws = wb.create_sheet(SHEET_SUBTARGETS)
    rows = [[t.id, task_label[t.task], t.indicator.name_zh, t.unit, t.target, label, None, None]
            for t in yp.subtargets + yp.tracked]
    _fill_sheet(ws, f"{district}{year}年{yp.title_zh}——子目标完成情况填报表", [
        *common,
        "累计完成：填写自年初至期末的累计完成数，单位见“单位”列（可改为同量纲单位，如 万元/亿元、公里/米）。"
        "比率类指标（失业率、水质优良率、参保率）填期末水平值。",
        "年度目标取自工作方案，仅供对照；年度目标为空的是跟踪指标，只记录完成数。",
    ], SUBTARGET_COLUMNS, rows, widths=(24, 24, 34, 9, 11, 16, 12, 30), freeze_col="D")

    ws = wb.create_sheet(SHEET_MILESTONES)
    rows = [[m.id, task_label[m.task], m.name_zh, m.due, label, None, None, None] for m in yp.milestones]
    hdr = _fill_sheet(ws, f"{district}{year}年{yp.title_zh}——重点事项（里程碑）进展填报表", [
        how.format(what="事项在一个期间的进展"), common[1],
        "状态：从下拉列表选择 未启动、推进中、已完成、滞后；留空表示本期未报。",
        "日期：填写完成日期或状态更新日期，如 2023-06-30 或 2023年6月30日；备注写明进展和存在问题。",
    ], MILESTONE_COLUMNS, rows, widths=(30, 24, 44, 12, 16, 10, 12, 40), freeze_col="D")
    _status_dropdown(ws, hdr, max(len(rows) * 8, 500))
    wb.save(out)


def _fill_sheet(ws, title: str, notes: list[str], columns: tuple[str, ...], rows: list[list],
                widths: tuple[int, ...], freeze_col: str) -> int:
    """Title, instruction rows, a blank row, the header and the pre-filled rows; returns the header row."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    font = "宋体"
    last = get_column_letter(len(columns))
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28
    for text in notes:
        ws.append([text])
        r = ws.max_row
        ws.merge_cells(f"A{r}:{last}{r}")
        ws.cell(r, 1).font = Font(name=font, size=10, color="555555")
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[r].height = 30
    ws.append([])
    ws.append(list(columns))
    hdr = ws.max_row
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c in range(1, len(columns) + 1):
        cell = ws.cell(hdr, c)
        cell.font = Font(name=font, size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    body = Font(name=font, size=11)
    for values in rows:
        ws.append(values)
        r = ws.max_row
        for c in range(1, len(columns) + 1):
            cell = ws.cell(r, c)
            cell.font = body
            cell.border = border
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"{freeze_col}{hdr + 1}"
    return hdr


def _status_dropdown(ws, hdr: int, n_rows: int) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    col = get_column_letter(MILESTONE_COLUMNS.index("状态") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUS_ZH.values()) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="状态",
                        error="请从下拉列表选择：" + "、".join(STATUS_ZH.values()))
    ws.add_data_validation(dv)
    dv.add(f"{col}{hdr + 1}:{col}{hdr + n_rows}")


# ─────────────────────────────── recognising ───────────────────────────────

def _find_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """(0-based header row, field → column index) when the sheet carries the template's header."""
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        cols: dict[str, int] = {}
        for c, cell in enumerate(row):
            if isinstance(cell, str):
                f = _HEADER_INDEX.get(_norm_header(cell))
                if f is not None and f not in cols:
                    cols[f] = c
        if "id" in cols and "period" in cols and ("value" in cols or "growth" in cols or "status" in cols):
            return r, cols
    return None


def is_template(sheets: list[Sheet]) -> bool:
    return any(_find_header(s) is not None for s in sheets)


# ─────────────────────────────── reading ───────────────────────────────

_LETTERS = [col_letter(i) for i in range(64)]


class _BadNumber(Exception):
    pass


def _number(cell) -> float | None:
    """A numeric cell in the vocabulary of every reader (plantrack/ingest/cells.py): numbers as they are,
    "7.2%" → 7.2, "31,206" → 31206, "增长7.2" → 7.2, a missing marker ("—", "暂无", …) → None. A unit written in
    the cell is refused: the template has a unit column, and "3亿元" beside "万元" must not be read as 3."""
    t = type(cell)
    if t is float:
        if math.isnan(cell):
            return None
        return cell
    if t is int:
        return float(cell)
    if cell is None:
        return None
    if t is str:
        try:
            v, unit = parse_quantity(cell)
        except NotANumber:
            raise _BadNumber from None
        if unit not in (None, "%"):
            raise _BadNumber
        return None if v is None else v + 0.0   # -0 is 0
    raise _BadNumber


_YM = re.compile(r"^\s*((?:19|20)\d{2})\s*[-/.]\s*(0?[1-9]|1[0-2])\s*$")


def _period_key(cell, default_year: int | None) -> str | None:
    if isinstance(cell, dt.date):  # a date typed into the period column: the span ends in its month
        return Period(cell.year, cell.month).key
    s = _text(cell)
    if not s:
        return None
    if is_key(s):
        try:
            return parse_key(s).key
        except PeriodError:
            return None
    m = _YM.match(s)
    if m:
        return Period(int(m.group(1)), int(m.group(2))).key
    m = _DATE_TEXT.match(s) or _YYYYMM.match(s)   # "2023/06/30", "202306": the span ends in that month
    if m and 1 <= int(m.group(2)) <= 12:
        return Period(int(m.group(1)), int(m.group(2))).key
    p = find_period(s, default_year=default_year)
    return p.key if p else None


_YYYYMM = re.compile(r"^\s*((?:19|20)\d{2})(0[1-9]|1[0-2])\s*$")
_DATE_TEXT = re.compile(r"^\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _date_iso(cell) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if type(cell) in (int, float) and 20000 < cell < 80000:  # an Excel serial date left unformatted
        return (dt.date(1899, 12, 30) + dt.timedelta(days=int(cell))).isoformat()
    s = _text(cell)
    if is_missing(s):
        return None
    m = _DATE_TEXT.match(s)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    raise ValueError(s)


def parse_template(sheets: list[Sheet], plan: Plan, file_name: str, year_hint: int | None
                   ) -> tuple[list[Record], list[MilestoneRecord], list[Skipped], list[str]]:
    """Read a filled template. Raises IngestError (with file, sheet, row, column) on anything wrong."""
    reader = _Reader(plan, file_name, year_hint)
    found = False
    for sheet in sheets:
        hit = _find_header(sheet)
        if hit is None:
            continue
        found = True
        hdr, cols = hit
        if "status" in cols and "value" not in cols and "growth" not in cols:
            reader.milestone_sheet(sheet, hdr, cols)
        else:
            reader.indicator_sheet(sheet, hdr, cols)
    if not found:
        raise IngestError("not a plantrack template: no sheet has the header row "
                          "(指标代码 / 期间 / 累计值 or 状态)", Location(file_name), code="not_template")
    return reader.records, reader.milestones, reader.skipped, reader.warnings


class _Reader:
    def __init__(self, plan: Plan, file_name: str, year_hint: int | None):
        self.plan = plan
        self.file = file_name
        self.year_hint = year_hint
        self.region = plan.app.home_district
        self.mismatch_pp = plan.import_.growth_mismatch_pp
        self.aliases = plan.alias_index()
        self.milestone_ids: dict[str, str] = {}
        for yp in plan.years.values():
            for m in yp.milestones:
                self.milestone_ids[m.id] = m.id
                self.milestone_ids.setdefault(normalise_name(m.name_zh).lower(), m.id)
        self.records: list[Record] = []
        self.milestones: list[MilestoneRecord] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[str] = []
        self._seen: dict[tuple[str, str], tuple[tuple, Location]] = {}
        self._seen_ms: dict[tuple[str, str | None], tuple[tuple, Location]] = {}
        self._factor: dict[tuple[str, str], float] = {}

    # -- helpers ------------------------------------------------------------------------------------

    def _loc(self, sheet: Sheet, r: int, c: int | None) -> Location:
        return Location(self.file, sheet.name, r + 1, _LETTERS[c] if c is not None and c < 64 else
                        (col_letter(c) if c is not None else None))

    def _num(self, row: list, c: int | None, sheet: Sheet, r: int, header: str) -> float | None:
        if c is None or c >= len(row):
            return None
        try:
            return _number(row[c])
        except _BadNumber:
            raise IngestError(f"“{_text(row[c])}” in {header}: expected a number", self._loc(sheet, r, c),
                              code="not_a_number") from None

    def _default_year(self, sheet: Sheet, hdr: int) -> int | None:
        if self.year_hint:
            return self.year_hint
        for row in sheet.rows[:hdr]:
            for cell in row:
                if isinstance(cell, str) and (y := find_year(cell)):
                    return y
        return None

    def _period(self, cache: dict, cell, default_year, sheet: Sheet, r: int, c: int) -> str:
        try:
            p = cache[cell]
        except KeyError:
            p = cache[cell] = _period_key(cell, default_year)
        if p is None:
            text = _text(cell)
            raise IngestError(f"period “{text}” not understood: expected e.g. 2023年1-6月 or 2023Q2"
                              if text else "no period: fill 期间, e.g. 2023年1-6月 or 2023Q2",
                              self._loc(sheet, r, c), code="no_period")
        return p

    def _unit_factor(self, unit_cell, iid: str, sheet: Sheet, r: int, c: int) -> float:
        key = (unit_cell, iid)
        f = self._factor.get(key)
        if f is None:
            plan_unit = self.plan.indicators[iid].unit
            raw = _text(unit_cell)
            if is_missing(raw):
                self._factor[key] = 1.0
                return 1.0
            u = canonical(raw)
            try:
                if u is None:
                    raise UnitError(f"unknown unit “{raw}”")
                f = factor(u, plan_unit)
            except UnitError as e:
                raise IngestError(f"{e}: {iid} is recorded in {plan_unit}", self._loc(sheet, r, c),
                                  code="bad_unit") from None
            self._factor[key] = f
        return f

    def _indicator_id(self, cache: dict, raw_id, raw_name) -> str | None:
        key = (raw_id, raw_name)
        if key in cache:
            return cache[key]
        iid = None
        for raw in (raw_id, raw_name):
            s = _text(raw)
            if not s:
                continue
            if s in self.plan.indicators:
                iid = s
                break
            iid = self.aliases.get(normalise_name(s).lower())
            if iid:
                break
        cache[key] = iid
        return iid

    # -- indicator sheets -----------------------------------------------------------------------------

    def indicator_sheet(self, sheet: Sheet, hdr: int, cols: dict[str, int]) -> None:
        ci, cn, cp = cols["id"], cols.get("name"), cols["period"]
        cv, cu, cg, cprev = cols.get("value"), cols.get("unit"), cols.get("growth"), cols.get("prev")
        header = sheet.rows[hdr]
        hv = _text(header[cv]) if cv is not None else ""
        hg = _text(header[cg]) if cg is not None else ""
        hprev = _text(header[cprev]) if cprev is not None else ""
        default_year = self._default_year(sheet, hdr)
        period_cache: dict = {}
        id_cache: dict = {}
        indicators = self.plan.indicators
        num = self._num
        width = max(c for c in cols.values()) + 1
        pad = [None] * width
        for r in range(hdr + 1, len(sheet.rows)):
            row = sheet.rows[r]
            n = len(row)
            if n < width:  # short rows (trailing blanks trimmed by a reader): index safely below
                row = row + pad[n:]
                n = width
            # fast path for the usual numeric cell; anything else goes through the full parser
            v = row[cv] if cv is not None else None
            value = v if type(v) is float and v == v else num(row, cv, sheet, r, hv)
            g = row[cg] if cg is not None else None
            growth = g if type(g) is float and g == g else num(row, cg, sheet, r, hg)
            if value is None and growth is None:
                continue  # blank pre-filled rows are normal
            pv = row[cprev] if cprev is not None else None
            prev = pv if type(pv) is float and pv == pv else num(row, cprev, sheet, r, hprev)
            raw_id = row[ci] if ci < n else None
            raw_name = row[cn] if cn is not None and cn < n else None
            iid = self._indicator_id(id_cache, raw_id, raw_name)
            if iid is None:
                text = _text(raw_id) or _text(raw_name)
                self.skipped.append(Skipped(self._loc(sheet, r, ci), text,
                                            "unknown indicator code or name" if text else "no indicator code"))
                continue
            period = self._period(period_cache, row[cp] if cp < n else None, default_year, sheet, r, cp)
            if cu is not None and cu < n:
                f = self._unit_factor(row[cu], iid, sheet, r, cu)
                if f != 1.0:
                    # round away binary noise of the power-of-ten factor (31206 万元 → 3.1206 亿元)
                    value = None if value is None else round(value * f, 10)
                    prev = None if prev is None else round(prev * f, 10)
            ind = indicators[iid]
            if ind.unit != "%" and type(v) is str and v.strip().translate(FULLWIDTH).endswith("%"):
                raise IngestError(f"“{_text(v)}” in {hv}: expected an amount in {ind.unit}, not a percentage",
                                  self._loc(sheet, r, cv), code="not_a_number")
            source = "reported" if growth is not None else None
            if value is not None and prev and ind.price_basis != "real":
                # Levels check the reported growth and fill it when missing; a reported figure is kept, as
                # the bureau parser does, so the same figures give the same record in any layout.
                computed = round((value / prev - 1) * 100, 2)
                if growth is None:
                    growth, source = computed, "derived"
                elif abs(growth - computed) > self.mismatch_pp:
                    self.warnings.append(
                        f"{self._loc(sheet, r, cg)}: {iid} {period} 增速不一致 / growth mismatch: reported "
                        f"{growth:g}% but {computed:g}% from the levels {value:g} / {prev:g} {ind.unit} "
                        f"(more than {self.mismatch_pp:g} points apart)")
            loc = self._loc(sheet, r, cv if value is not None else cg)
            k = (iid, period)
            got = (value, growth, prev)
            seen = self._seen.get(k)
            if seen is not None:
                if seen[0] != got:
                    raise IngestError(
                        f"{iid} {period} given twice with different values: {_fmt(seen[0])} at row "
                        f"{seen[1].row} of {seen[1].sheet!r} and {_fmt(got)} here", loc, code="conflict")
                continue  # an exact repeat adds nothing
            self._seen[k] = (got, loc)
            has_unit = cu is not None and cu < n and _text(row[cu]) != ""
            # the template's own columns say what each figure is; its header states values in the plan's unit
            evidence = (("measure", "模板列"), ("period", f"{col_letter(cp)}列期间"),
                        ("unit", f"{col_letter(cu)}列单位" if has_unit else "模板说明（计划单位）"))
            self.records.append(Record(indicator=iid, period=period, value=value, unit=ind.unit,
                                       growth_pct=growth, prev_value=prev, region=self.region, location=loc,
                                       growth_source=source, evidence=evidence))

    # -- milestone sheets -----------------------------------------------------------------------------

    def milestone_sheet(self, sheet: Sheet, hdr: int, cols: dict[str, int]) -> None:
        ci, cn, cp, cs = cols["id"], cols.get("name"), cols["period"], cols["status"]
        cd, cnote = cols.get("date"), cols.get("note")
        default_year = self._default_year(sheet, hdr)
        period_cache: dict = {}
        for r in range(hdr + 1, len(sheet.rows)):
            row = sheet.rows[r]
            n = len(row)
            raw_status = _text(row[cs]) if cs < n else ""
            if is_missing(raw_status):
                continue  # not reported this period
            status = _STATUS_CODES.get(raw_status) or _STATUS_CODES.get(raw_status.lower().replace(" ", "_"))
            if status is None:
                raise IngestError(
                    f"unknown status “{raw_status}”: expected one of {'、'.join(STATUS_ZH.values())} "
                    f"({', '.join(STATUS_ZH)})", self._loc(sheet, r, cs), code="bad_status")
            raw_id = _text(row[ci]) if ci < n else ""
            raw_name = _text(row[cn]) if cn is not None and cn < n else ""
            mid = self.milestone_ids.get(raw_id) or (
                self.milestone_ids.get(normalise_name(raw_name).lower()) if raw_name else None)
            if mid is None:
                self.skipped.append(Skipped(self._loc(sheet, r, ci), raw_id or raw_name,
                                            "unknown milestone code or name" if raw_id or raw_name
                                            else "no milestone code"))
                continue
            raw_period = row[cp] if cp < n else None
            period = (self._period(period_cache, raw_period, default_year, sheet, r, cp)
                      if _text(raw_period) else None)
            date = None
            if cd is not None and cd < n:
                try:
                    date = _date_iso(row[cd])
                except ValueError:
                    raise IngestError(f"“{_text(row[cd])}” in 日期: expected a date such as 2023-06-30 "
                                      f"or 2023年6月30日", self._loc(sheet, r, cd), code="bad_date") from None
            note = _text(row[cnote]) if cnote is not None and cnote < n else ""
            loc = self._loc(sheet, r, cs)
            k = (mid, period)
            got = (status, date, note)
            seen = self._seen_ms.get(k)
            if seen is not None:
                if seen[0][:2] != got[:2]:
                    raise IngestError(
                        f"{mid} {period or ''} given twice with different status or date: "
                        f"row {seen[1].row} and here", loc, code="conflict")
                continue
            self._seen_ms[k] = (got, loc)
            self.milestones.append(MilestoneRecord(milestone=mid, status=status, period=period, date=date,
                                                   note=note, location=loc))


def _fmt(got: tuple) -> str:
    value, growth, _ = got
    parts = []
    if value is not None:
        parts.append(f"{value:g}")
    if growth is not None:
        parts.append(f"growth {growth:g}%")
    return " / ".join(parts) or "—"

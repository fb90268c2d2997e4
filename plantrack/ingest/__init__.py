"""Import one spreadsheet: read it safely, recognise its layout, return validated records or one clear error.

Layouts: the analysts' template (template.py), statistics-bureau tables (bureau.py), work ledgers
(ledger.py) and multi-district city tables (city.py). A file is all-or-nothing: any error refuses the whole
file, so a half-imported table never reaches the store.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import replace
from pathlib import Path
from typing import Callable

from .records import IngestError, Location, ParsedFile, Record, Sheet, UnitNeeded

__all__ = ["parse_file", "detect_layout", "IngestError", "ParsedFile", "UnitNeeded", "check_across_files"]

Progress = Callable[[float, str], None]


def parse_file(path=None, *, plan, data: bytes | None = None, name: str | None = None,
               year_hint: int | None = None, progress: Progress | None = None,
               unit: str | None = None) -> ParsedFile:
    """Parse a spreadsheet (bytes in `data`, or the file at `path`) against the plan.

    Returns a ParsedFile whose records carry values in the plan's unit for each indicator; raises
    IngestError (with .code and .location) when the file is refused, UnitNeeded (an IngestError) when an
    amount's unit (元 / 万元 / 亿元) is not stated anywhere in the file and `unit` does not say it.
    """
    from .bureau import MONEY_UNITS, UNIT_CHOICE
    if unit is not None and unit not in MONEY_UNITS:
        raise ValueError(f"unit must be one of {', '.join(MONEY_UNITS)}, not {unit!r}")
    token = UNIT_CHOICE.set(unit)
    try:
        return _parse_file(path, plan=plan, data=data, name=name, year_hint=year_hint, progress=progress)
    finally:
        UNIT_CHOICE.reset(token)


def _parse_file(path, *, plan, data, name, year_hint, progress) -> ParsedFile:
    from . import readers

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    if data is None:
        if path is None:
            raise TypeError("parse_file needs a path or data")
        from .files import read_regular_file
        name = name or Path(path).name
        data = read_regular_file(path, name, plan.import_)   # size by fstat first; devices and FIFOs refused
    name = name or "upload"
    report(0.0, "读取文件 / reading")
    sheets = readers.read_sheets(data, name, plan.import_)
    result = ParsedFile(file=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    report(0.3, "识别表格 / recognising layout")

    from . import bureau, city, ledger, template
    parsers = {"bureau": bureau.parse_bureau, "ledger": ledger.parse_ledger, "city_ranking": city.parse_city}
    counts: dict[str, int] = {}
    if template.is_template(sheets):
        records, milestones, skipped, warnings = template.parse_template(sheets, plan, name, year_hint)
        _collect(result, "template", records, milestones, skipped, warnings, counts)
    else:
        tables = [s for s in sheets if s.visible and s.rows]
        for k, sheet in enumerate(tables):
            layout = detect_layout(sheet, plan)
            if layout is not None:
                parsed = parsers[layout](sheet, plan, name, year_hint)
                _collect(result, layout, *parsed, counts)
            report(0.3 + 0.6 * (k + 1) / len(tables), f"{sheet.name}")
        result.layout = max(counts, key=lambda k: counts[k]) if counts else ""
    result.records = merge_records(result.records, name)
    check_ranges(result.records, plan.import_, name)
    if not result.records and not result.milestones:
        seen = ", ".join(list(dict.fromkeys([s.text for s in result.skipped] + _row_names(sheets)))[:8])
        raise IngestError("未找到可识别的指标 / no recognisable indicator: expected rows named like the plan's "
                          "indicators (e.g. 地区生产总值、社会消费品零售总额) or the analysts' template"
                          + (f"; names seen: {seen}" if seen else ""), Location(name), code="no_indicator")
    report(1.0, "完成 / done")
    return result


def check_ranges(records: list[Record], settings, file_name: str) -> None:
    """Every figure finite and within a sane range for its unit (``[import] max_abs_value`` in the base unit
    of the dimension, ``max_abs_percent`` for percentages and growth); else refuse, naming the cell's row."""
    from ..model import units
    for r in records:
        dim = units.dimension(r.unit)
        for what, v, unit in (("value", r.value, r.unit), ("previous", r.prev_value, r.unit),
                              ("growth", r.growth_pct, "%")):
            if v is None:
                continue
            if what == "growth" or (dim and dim[0] == "percent"):
                size, limit, shown = abs(v), settings.max_abs_percent, f"{settings.max_abs_percent:g}%"
            else:
                size = abs(v) * (dim[1] if dim else 1.0)
                limit, shown = settings.max_abs_value, f"{settings.max_abs_value:g} in the unit's base"
            if not math.isfinite(v) or size > limit:
                raise IngestError(f"数值超出合理范围 / figure out of range: {r.indicator} {r.period} {what} {v:g}"
                                  f"{unit and ' ' + unit}; expected a finite number within ±{shown} "
                                  f"(a damaged cell or a unit typed wrong)", r.location or Location(file_name),
                                  code="out_of_range")


def _row_names(sheets: list[Sheet]) -> list[str]:
    """Names of rows that carry numbers, to show what the file did contain when nothing matched."""
    out = []
    for sheet in sheets:
        for row in sheet.rows:
            label = next((c for c in row if isinstance(c, str) and c.strip()), None)
            if label and len(label) <= 30 and any(isinstance(c, (int, float)) for c in row):
                out.append(label.strip())
    return out


def _collect(result: ParsedFile, layout: str, records, milestones, skipped, warnings, counts: dict) -> None:
    result.records.extend(records)
    result.milestones.extend(milestones)
    result.skipped.extend(skipped)
    result.warnings.extend(warnings)
    counts[layout] = counts.get(layout, 0) + len(records) + len(milestones)
    result.layout = layout


def detect_layout(sheet: Sheet, plan) -> str | None:
    """"city_ranking", "ledger", "bureau" or None (nothing recognisable) for one sheet."""
    from . import city, ledger
    from .bureau import matcher
    if city.is_city_table(sheet, plan):
        return "city_ranking"
    if ledger.is_ledger(sheet, plan):
        return "ledger"
    match = matcher(plan)
    if any(match(c) for row in sheet.rows for c in row):
        return "bureau"
    return None


def merge_records(records: list[Record], file_name: str) -> list[Record]:
    """One record per indicator, period and region: exact repeats are dropped, disagreements refused."""
    pos: dict[tuple, int] = {}
    out: list[Record] = []
    for r in records:
        key = (r.indicator, r.period, r.region)
        if key not in pos:
            pos[key] = len(out)
            out.append(r)
            continue
        first = out[pos[key]]
        if _same(first, r):   # a repeat, possibly filling a figure the first row left blank
            out[pos[key]] = replace(first, **{f: getattr(r, f) for f in ("value", "growth_pct", "prev_value", "rank")
                                            if getattr(first, f) is None and getattr(r, f) is not None})
            continue
        raise IngestError(f"同一指标同一期间数值冲突 / conflicting figures for {r.indicator} {r.period}"
                          f"{' ' + r.region if r.region else ''}: {_figures(first)} at {first.location} but "
                          f"{_figures(r)} at {r.location}; expected each indicator once per period",
                          r.location or Location(file_name), code="conflict")
    return out


def _same(a: Record, b: Record) -> bool:
    def eq(x, y):
        return x is None or y is None or abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
    return eq(a.value, b.value) and eq(a.growth_pct, b.growth_pct) and eq(a.prev_value, b.prev_value)


def _figures(r: Record) -> str:
    parts = []
    if r.value is not None:
        parts.append(f"{r.value:g} {r.unit}")
    if r.growth_pct is not None:
        parts.append(f"growth {r.growth_pct:g}%")
    return ", ".join(parts) or "no figures"


def check_across_files(parsed: list[ParsedFile]) -> None:
    """One import of several files: refuse it when two files give different figures for the same indicator,
    period and region, naming both (the later one would otherwise silently win)."""
    seen: dict[tuple, Record] = {}
    for pf in parsed:
        for r in pf.records:
            key = (r.indicator, r.period, r.region)
            first = seen.get(key)
            if first is None:
                seen[key] = r
            elif not _same(first, r):
                where_a = first.location or Location("?")
                where_b = r.location or Location(pf.file)
                raise IngestError(f"两个文件的同一数据不一致 / two files disagree on {r.indicator} {r.period}"
                                  f"{' ' + r.region if r.region else ''}: {_figures(first)} in {where_a} but "
                                  f"{_figures(r)} in {where_b}; import one of them, or correct the other",
                                  where_b, code="conflict_across_files")

"""Find a table inside a sheet: its name column, header rows, title lines, column labels and period.

Shared by the bureau, ledger and city-table parsers. Real tables start anywhere (C4), carry a merged title,
a "单位:万元" note, and one or two header rows whose upper cells are merged over several columns
("1-6月" over "绝对值 | 同比增长(%)"). Merged ranges come from the reader for xlsx/xls; for ods (no merge
information) an empty upper header cell takes the group label on its left.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..model import periods
from .cells import is_empty, text
from .records import Sheet

# Words that make a row look like a header row (and not data).
HEADER_WORDS = re.compile(
    r"指标|项目|名称|单位|绝对值|总量|总额|增长|增速|同比|增幅|累计|本月|当月|月|季度|年|上年|去年|排位|位次|排名|"
    r"完成|目标|数值|金额|比重|备注|序号|任务|情况|状态|进度|地区|县市区|区域|区县|合计|全市|期")
_NOTE = re.compile(r"^\s*(注|数据来源|资料来源|来源|说明|备注|填报|制表|审核|负责人|联系|统计负责人)\s*[::、.]?")
# "单位：万元" / "计量单位:亿元" / "金额单位：万元" / "（单位：万元）": ASCII or full-width colon (written as an
# escape: editors fold U+FF1A into ":", which once made every full-width note invisible).
UNIT_NOTE = re.compile("单位\\s*[:\uff1a]")
MAX_HEADER_ROWS = 3


def is_footnote(s: str) -> bool:
    """"注:…", "数据来源:…", "说明:…" lines under a table."""
    return bool(_NOTE.match(s)) and not s.strip().startswith("注册")


def fill_merged(sheet: Sheet) -> list[list]:
    """A copy of the grid with each merged range's top-left value copied into all its cells."""
    grid = [list(r) for r in sheet.rows]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        v = grid[r0][c0]
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = v
    return grid


def is_numeric(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def looks_like_header(row: list, min_words: int = 1) -> bool:
    """Header-ish: header words in `min_words` cells, no numbers other than years, at least two labels."""
    # a merged title repeats one value; a "单位:亿元" note beside the title is not a column label
    cells = list(dict.fromkeys(c for c in row if not is_empty(c)
                               and not (isinstance(c, str) and UNIT_NOTE.search(c))))
    if len(cells) < 2:
        return False
    if any(is_numeric(c) and not (1990 <= c <= 2100 and float(c).is_integer()) for c in cells):
        return False
    return sum(1 for c in cells if isinstance(c, str) and HEADER_WORDS.search(c)) >= min_words


@dataclass
class Frame:
    """Where one table sits in a sheet."""
    name_col: int
    header_rows: list[int]              # 0-based row indexes, top to bottom
    first_data_row: int
    end_row: int                        # exclusive
    labels: dict[int, str] = field(default_factory=dict)   # column → "1-6月|绝对值"
    title_lines: list[str] = field(default_factory=list)   # texts above the header, top to bottom
    title_rows: list[int] = field(default_factory=list)    # 0-based row of each title line

    def label_parts(self, col: int) -> list[str]:
        return [p for p in self.labels.get(col, "").split("|") if p]


def name_column(rows: list[list], is_name: Callable[[str], bool]) -> tuple[int, int] | None:
    """(column, count): the column where most cells are recognised names; None when none is."""
    counts: dict[int, int] = {}
    for row in rows:
        for j, v in enumerate(row):
            if isinstance(v, str) and is_name(v):
                counts[j] = counts.get(j, 0) + 1
    if not counts:
        return None
    col = max(counts, key=lambda j: (counts[j], -j))
    return col, counts[col]


def find_frames(sheet: Sheet, is_name: Callable[[str], bool]) -> list[Frame]:
    """The tables of a sheet that have recognised names, each with its header (several per sheet possible)."""
    found = name_column(sheet.rows, is_name)
    if not found:
        return []
    col = found[0]
    grid = fill_merged(sheet)
    rows = sheet.rows
    frames: list[Frame] = []
    start = 0
    while start < len(rows):
        first = next((i for i in range(start, len(rows))
                      if i < len(rows) and col < len(rows[i]) and isinstance(rows[i][col], str)
                      and is_name(rows[i][col])), None)
        if first is None:
            break
        # the header is the nearest header-like row above the first recognised name
        bottom = next((i for i in range(first - 1, start - 1, -1) if looks_like_header(grid[i])), None)
        if bottom is None and frames:
            break
        header_rows: list[int] = []
        if bottom is not None:
            header_rows = [bottom]
            i = bottom - 1
            while i >= start and len(header_rows) < MAX_HEADER_ROWS and _upper_header(grid[i], rows[i], col):
                header_rows.insert(0, i)
                i -= 1
            # a lone lower label under a group whose merge was lost (csv, ods): "本月止累计" over "绝对值(元)"
            for i in range(bottom + 1, first):
                if len(header_rows) < MAX_HEADER_ROWS and _upper_header(grid[i], rows[i], col):
                    header_rows.append(i)
        data_from = (header_rows[-1] + 1) if header_rows else first
        # a second header row further down starts another table (two words: a data row whose name
        # happens to contain "项目" is not a header)
        end = next((i for i in range(first + 1, len(rows)) if looks_like_header(grid[i], 2)
                    and not (col < len(rows[i]) and isinstance(rows[i][col], str) and is_name(rows[i][col]))),
                   len(rows))
        title_from = frames[-1].end_row if frames else 0
        title_to = header_rows[0] if header_rows else first
        cells = [(r, text(c)) for r in range(title_from, title_to) for c in rows[r] if not is_empty(c)
                 and isinstance(c, str)]
        frame = Frame(name_col=col, header_rows=header_rows, first_data_row=data_from, end_row=end,
                      title_lines=[t for _, t in cells], title_rows=[r for r, _ in cells])
        frame.labels = column_labels(grid, header_rows, sheet)
        frames.append(frame)
        start = end
    return frames


def _upper_header(filled: list, raw: list, name_col: int) -> bool:
    """A row above the bottom header row that still belongs to the header (not the title or a unit note)."""
    if looks_like_header(filled):
        return True
    cells = [(j, c) for j, c in enumerate(raw) if not is_empty(c)]
    if len(cells) != 1:
        return False
    j, c = cells[0]
    s = text(c)
    # a lone short group label over value columns ("1-6月") — not a title, not "单位:亿元"
    return j != name_col and j > 0 and len(s) <= 12 and not UNIT_NOTE.search(s) and not is_numeric(c)


def column_labels(grid: list[list], header_rows: list[int], sheet: Sheet) -> dict[int, str]:
    """Column → its header texts top to bottom joined by "|", merged/group cells filled across."""
    if not header_rows:
        return {}
    width = max(len(grid[r]) for r in header_rows)
    block = [[text(grid[r][j]) if j < len(grid[r]) else "" for j in range(width)] for r in header_rows]
    if not sheet.merged:
        # ods/csv: no merge information. An empty upper cell right of a group label belongs to the group
        # when the row below has a label there.
        for k in range(len(block) - 1):
            for j in range(1, width):
                if not block[k][j] and block[k][j - 1] and block[k + 1][j] and block[k + 1][j - 1]:
                    block[k][j] = block[k][j - 1]
    labels: dict[int, str] = {}
    for j in range(width):
        parts: list[str] = []
        for k in range(len(block)):
            s = re.sub(r"\s+", "", block[k][j].replace("（", "(").replace("）", ")"))
            if s and (not parts or parts[-1] != s):
                parts.append(s)
        if parts:
            labels[j] = "|".join(parts)
    return labels


def resolve_period(title_lines: list[str], header_labels: list[str], sheet_name: str, file_name: str,
                   year_hint: int | None) -> periods.Period | None:
    """The cumulative period of a table (see find_table_period); None when none is named."""
    found = find_table_period(title_lines, header_labels, sheet_name, file_name, year_hint)
    return found[0] if found else None


# A title or sheet that is a monthly report ("2023年6月", "6月") with cumulative columns (本月止累计 / 1-本月 / 累计)
_LONE_MONTH = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份)?"
                         r"(?![\d\-—–~～至到－])")
_CUMULATIVE_HEADER = re.compile(r"累计|1\s*[\-—–~至到－]\s*本月|年初至今|至本月")
# A year alone names the full year only in an annual report.
_ANNUAL = re.compile(r"统计公报|年报|公报|年度|全年")


class PeriodConflict(ValueError):
    """Two sources name different spans for the same figures (title 1-9月, header 1-6月)."""


def find_table_period(title_lines: list[str], header_labels: list[str], sheet_name: str, file_name: str,
                      year_hint: int | None) -> tuple[periods.Period, str] | None:
    """(period, where it was read) of a table: a span named in the title, then in the value headers, the sheet
    name, the file name. A year alone is never the full year, except in an annual report (统计公报, 年报). A
    monthly report ("6月" sheet, "2023年6月" title) whose columns are cumulative (本月止累计, 1-本月, 累计) is 1-N月.
    The year comes from the same places, then year_hint."""
    named = [("标题", s) for s in title_lines] + [("列标题", s) for s in header_labels] + \
            [("工作表名", sheet_name), ("文件名", _stem(file_name))]
    year = next((y for y in (periods.find_year(s) for _, s in named) if y), None) or year_hint
    for where, s in named:
        # "2023年6月" alone is one month or 1-6月: the columns decide (below)
        p = periods.find_period(s, default_year=year, year_alone_is_full_year=False, month_is_span=False)
        if p:
            return p, where
    if any(_CUMULATIVE_HEADER.search(h) for h in header_labels):
        for where, s in named:
            if where == "列标题":
                continue
            m = _LONE_MONTH.search(periods.arabic_years(s))
            if m and year:
                return periods.Period(year, periods.numeral_value(m.group(1))), where
    for where, s in named:
        if where != "列标题" and _ANNUAL.search(s):
            p = periods.find_period(s, default_year=year, year_alone_is_full_year=True)
            if p:
                return p, where
    return None


def _stem(file_name: str) -> str:
    return re.sub(r"\.[A-Za-z]{2,4}$", "", file_name)


def find_unit_note(lines: list[str]) -> str | None:
    found = unit_note(lines)
    return found[0] if found else None


def unit_note(lines: list[str], rows: list[int] | None = None) -> tuple[str, str] | None:
    """(unit, "第2行注释") from a note line ("单位：万元", "计量单位:亿元", "（金额单位：万元）")."""
    from ..model.units import unit_in_text
    for k, s in enumerate(lines):
        if UNIT_NOTE.search(s):
            u = unit_in_text(s)
            if u:
                return u, (f"第{rows[k] + 1}行注释" if rows and k < len(rows) else "注释")
    return None


def unit_in_title(lines: list[str]) -> str | None:
    """A unit in brackets in a title line that is not a unit note ("主要经济指标（亿元）")."""
    from ..model.units import unit_in_text
    for s in lines:
        if not UNIT_NOTE.search(s):
            u = unit_in_text(s)
            if u:
                return u
    return None

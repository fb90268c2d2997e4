"""Cell values as statistics tables write them: numbers, missing markers, column letters.

Bureau tables mix real numbers with text: "31,206", "7.2%", "－3.5", "—" for not published. These helpers
turn a cell into a float or None (missing) and raise NotANumber for anything else, so a typo is reported
instead of being read as zero.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re

from ..model import units
from ..model.plan import normalise_name

# Written for "not available / not published / not applicable" in Chinese statistical tables.
MISSING_MARKERS = frozenset({
    "", "-", "--", "---", "—", "——", "–", "－", "－－", "…", "……", "...", "/", "／", "\\", "x", "X", "×",
    "*", "＊", "无", "暂无", "n/a", "N/A", "NA", "na", "null", "NULL", "none", "None", "nan", "NaN", "#N/A",
    "未公布", "不公布", "不适用", "空",
})

# Full-width digits and signs typed with a Chinese input method, and U+2212 minus. Written as escapes:
# editors tend to fold these characters into ASCII, which would silently empty the table.
FULLWIDTH = str.maketrans("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"
                          "\uff0e\uff0c\uff0d\uff0b\uff05\u2212",
                          "0123456789.,-+%-")
# ASCII digits only (float() also takes "١٢٣" and other scripts' digits); an exponent as CSV exports write
# large figures (1.2E+05), so an absurd one is refused by the range check with its value, not as "not a number"
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d{1,3})?$"
                     r"|^[+-]?\.\d+(?:[eE][+-]?\d{1,3})?$", re.ASCII)
# "增长7.2%" / "下降3.5%" / "同比增长7.2%": the verb gives the sign.
_GROWTH_WORDS = re.compile(r"^(?:同比|比上年|比去年)?(增长|增加|上升|提高|下降|减少|回落|降低)\s*(.+)$")


class NotANumber(ValueError):
    """A cell holds text where a number was expected."""


def text(value) -> str:
    """A cell as display text, trimmed; '' for empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u3000", " ").strip()


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_missing(value) -> bool:
    """Empty or one of the markers tables use for "no figure"."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip() in MISSING_MARKERS
    return False


_UP, _DOWN = "▲↑△", "▼↓▽"


def parse_quantity(value) -> tuple[float | None, str | None]:
    """(number, unit written in the cell) from a cell; (None, None) when missing.

    Accepts numbers, "31,206", "7.2%", "－3.5", "增长7.2%", "下降3.5" and a trailing known unit ("120个",
    "3.2亿元"). Raises NotANumber for other text.
    """
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, (int, float)):
        try:
            f = float(value)
        except OverflowError:
            f = math.inf
        if not math.isfinite(f):   # NaN / ±inf from a damaged cell: refused, never a blank
            raise NotANumber(str(value)[:40])
        return f, None
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        raise NotANumber(str(value))
    if is_missing(value):
        return None, None
    s = str(value).translate(FULLWIDTH).replace("\u3000", "").replace(" ", "").replace("\u2212", "-")
    sign = 1.0
    # ▲5.3 / 5.3↑ (increase) and ▼2.1 / 2.1↓ (decrease), as reports mark growth
    if s[:1] in _DOWN or s[-1:] in _DOWN:
        sign, s = -1.0, s.strip(_DOWN + _UP)
    elif s[:1] in _UP or s[-1:] in _UP:
        s = s.strip(_UP)
    m = _GROWTH_WORDS.match(s)
    if m:
        sign = -1.0 if m.group(1) in ("下降", "减少", "回落", "降低") else 1.0
        s = m.group(2)
    unit = None
    if s.endswith("%"):
        s, unit = s[:-1], "%"
    else:
        m2 = re.match(r"^(.*?\d)([^\d.]+)$", s)
        if m2 and units.canonical(m2.group(2)):
            s, unit = m2.group(1), units.canonical(m2.group(2))
    if not _NUMBER.match(s):
        raise NotANumber(str(value))
    return sign * float(s.replace(",", "")), unit


def parse_number(value) -> float | None:
    """A number from a cell (see parse_quantity), ignoring a unit written in it."""
    return parse_quantity(value)[0]


def parse_rank(value) -> int | None:
    """全市排位: 3, "3", "第3", "第3位", "3/13" → 3; None when missing or unreadable."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if value == value else None
    if is_missing(value):
        return None
    m = re.search(r"\d+", str(value).translate(FULLWIDTH))
    return int(m.group()) if m else None


def col_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 27 → AB)."""
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


def cell_date(value) -> str | None:
    """An ISO date from a date cell or a "2023-06-30" / "2023年6月30日" / "2023.6.30" string."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    m = re.search(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text(value))
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    return None


@functools.lru_cache(maxsize=1 << 17)
def normalised(s: str) -> str:
    """plan.normalise_name, cached: every layout detector looks at the same cells."""
    return normalise_name(s)

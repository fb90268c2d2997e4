"""Periods: cumulative spans from January (累计), keyed `YYYYQn` or `YYYYMmm`.

"1-6月" / "上半年" → 2023Q2, "前三季度" → 2023Q3, a full-year bulletin → 2023Q4, "2023年3月" (cumulative) →
2023Q1, "1-5月" → 2023M05. A month that ends a quarter is always keyed as the quarter, so the same span has
one key whichever way a table names it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_KEY = re.compile(r"^(\d{4})(?:Q([1-4])|M(0[1-9]|1[0-2]))$")

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    end_month: int  # the span is January..end_month, cumulative

    @property
    def key(self) -> str:
        if self.end_month % 3 == 0:
            return f"{self.year}Q{self.end_month // 3}"
        return f"{self.year}M{self.end_month:02d}"

    @property
    def time_progress_pct(self) -> float:
        """Share of the year elapsed (时间进度): Q1 25, H1 50, Q3 75, year 100."""
        return self.end_month / 12 * 100

    @property
    def is_quarter_end(self) -> bool:
        return self.end_month % 3 == 0

    def label(self, lang: str = "zh", with_year: bool = False) -> str:
        if lang == "en":
            names = {3: "Q1", 6: "H1", 9: "Q1–Q3", 12: "Full year"}
            base = names.get(self.end_month) or ("Jan" if self.end_month == 1 else f"Jan–{EN_MONTHS[self.end_month]}")
            return f"{base} {self.year}" if with_year else base
        names = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}
        base = names.get(self.end_month) or ("1月" if self.end_month == 1 else f"1-{self.end_month}月")
        return f"{self.year}年{base}" if with_year else base

    def span_label(self, lang: str = "zh") -> str:
        """The form analysts write in sentences: "1-6月" / "Jan–Jun"."""
        if lang == "en":
            return "Jan" if self.end_month == 1 else f"Jan–{EN_MONTHS[self.end_month]}"
        return "1月" if self.end_month == 1 else f"1-{self.end_month}月"

    def previous_quarter(self) -> "Period | None":
        """The previous quarter-end of the same year (for 较一季度提高…), None for Q1 or earlier."""
        prev = (self.end_month - 1) // 3 * 3
        return Period(self.year, prev) if prev >= 3 else None

    def same_period_last_year(self) -> "Period":
        return Period(self.year - 1, self.end_month)

    def remaining_quarters(self) -> int:
        return (12 - self.end_month + 2) // 3


EN_MONTHS = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "May", 6: "Jun", 7: "Jul", 8: "Aug", 9: "Sep",
              10: "Oct", 11: "Nov", 12: "Dec"}


@lru_cache(maxsize=8192)   # pure; an import of 100,000 records names a few thousand periods at most
def parse_key(key: str) -> Period:
    m = _KEY.match(str(key).strip())
    if not m:
        raise PeriodError(f"not a period key: {key!r} (expected e.g. 2023Q2 or 2023M05)")
    year = int(m.group(1))
    return Period(year, int(m.group(2)) * 3 if m.group(2) else int(m.group(3)))


def is_key(key: str) -> bool:
    return bool(_KEY.match(str(key).strip()))


def numeral_value(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s in _CN_DIGITS:
        return _CN_DIGITS[s]
    raise ValueError(s)


_YEAR = r"((?:19|20)\d{2})\s*年?"
_M = r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DASH = r"\s*[-—–~～至到－]+\s*"

# Patterns for a cumulative span, each giving the end month; tried in order, first match wins.
_SPAN_PATTERNS: list[tuple[re.Pattern, object]] = [
    (re.compile(r"(?<![\d十])(?:1|一|元)\s*月?" + _DASH + _M + r"\s*月"), lambda m: numeral_value(m.group(1))),
    (re.compile(r"前三季度|1\s*[-—–~至]\s*3\s*季度|一至三季度"), 9),
    (re.compile(r"上半年|1\s*[-—–~至]\s*2\s*季度|一至二季度|(?<!下)半年"), 6),
    (re.compile(r"(?:第)?[一1]\s*季度"), 3),
    (re.compile(r"全年|年度|1\s*[-—–~至]\s*4\s*季度|一至四季度"), 12),
    (re.compile(r"(?:第)?[四4]\s*季度|前四季度"), 12),
    (re.compile(r"(?:第)?[三3]\s*季度"), 9),
    (re.compile(r"(?:第)?[二2]\s*季度"), 6),
    # "截至6月底" / "6月末" / "至6月"
    (re.compile(r"(?:截至|截止|至)\s*(?:(?:19|20)\d{2}\s*年)?\s*" + _M + r"\s*月"),
     lambda m: numeral_value(m.group(1))),
    (re.compile(_M + r"\s*月\s*(?:底|末|份)"), lambda m: numeral_value(m.group(1))),
]
_YEAR_MONTH = re.compile(_YEAR + r"\s*" + _M + r"\s*月(?!\s*[-—–~～至到－])")
_YEAR_ONLY = re.compile(r"((?:19|20)\d{2})\s*年")
_ANNUAL_REPORT = re.compile(r"统计公报|公报|年报")
# Not \b: CJK letters and "_" are word characters, so \b fails in "指标2023Q3" and "2023Q3_主要指标.xlsx".
_ISO_QUARTER = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d{2})\s*[-_ ]?\s*[Qq]([1-4])(?![0-9A-Za-z])")


_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=\s*年)")
_CN_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


# Full-width digits and dashes ("２０２３年１－６月"), as typed with a Chinese input method left in full-width mode.
_FULLWIDTH = str.maketrans("０１２３４５６７８９－～", "0123456789-~")


def arabic_years(text: str) -> str:
    """"二〇二三年" → "2023年" (official documents write years in Chinese numerals); full-width digits → ASCII."""
    return _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_YEAR_DIGITS), text.translate(_FULLWIDTH))


def find_year(text: str) -> int | None:
    text = arabic_years(str(text))
    m = _YEAR_ONLY.search(str(text)) or re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", str(text))
    return int(m.group(1)) if m else None


# Spans that do not start in January ("下半年", "11-12月", "二季度当季") are not cumulative: no period.
_NOT_CUMULATIVE = re.compile(r"下半年|当季|(?<![\d十])(?:[2-9]|1[0-2]|[二三四五六七八九]|十[一二]?)\s*月?"
                             + _DASH + _M + r"\s*月")


def find_end_month(text: str) -> int | None:
    """The end month of a cumulative span named in text ("1-6月", "上半年", "前三季度"), without the year."""
    s = str(text).translate(_FULLWIDTH)
    if _NOT_CUMULATIVE.search(s) and not _SPAN_PATTERNS[0][0].search(s):
        return None
    for pat, res in _SPAN_PATTERNS:
        m = pat.search(s)
        if m:
            try:
                return res(m) if callable(res) else res
            except ValueError:
                continue
    return None


# A month or quarter that does not exist ("13月", "0月", "第5季度", "1-15月"): a typo, never a full year.
_IMPOSSIBLE = re.compile(r"(?<![\d.])(?:0+|1[3-9]|[2-9]\d)\s*月(?!\s*[日号])|(?:第)?[5-9]\s*季度")


def find_period(text: str, default_year: int | None = None, year_alone_is_full_year: bool = True,
                month_is_span: bool = True) -> Period | None:
    """Find a cumulative period in a title, header or file name.

    "岳阳楼区2023年1-6月主要经济指标" → 2023Q2; "2023年3月" → 2023Q1 (monthly tables are cumulative);
    "前三季度" with default_year → Q3; an annual bulletin's "2023年…统计公报" → 2023Q4, but "2023年" alone → None
    (a year alone is never the full year).
    """
    s = arabic_years(str(text).replace("\n", " "))
    if _IMPOSSIBLE.search(s):
        return None
    m = _ISO_QUARTER.search(s)
    if m:
        return Period(int(m.group(1)), int(m.group(2)) * 3)
    year = find_year(s) or default_year
    end = find_end_month(s)
    if end is None and month_is_span:     # "2023年6月" as 1-6月: callers that know the columns pass False
        ym = _YEAR_MONTH.search(s)
        if ym:
            year, end = int(ym.group(1)), numeral_value(ym.group(2))
    # A year alone is never the full year: only an annual report says so (统计公报, 年报).
    if end is None and year_alone_is_full_year and _YEAR_ONLY.search(s) and _ANNUAL_REPORT.search(s) \
            and not _NOT_CUMULATIVE.search(s):
        end = 12
    if year is None or end is None or not 1 <= end <= 12:
        return None
    return Period(year, end)


def sort_keys(keys) -> list[str]:
    return sorted(keys, key=lambda k: parse_key(k))

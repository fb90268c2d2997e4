"""Units: recognise a unit written in a table and convert a value to the plan's unit.

Values are stored in the unit the plan declares for the indicator (亿元 for GDP, 元 for income …), so 万元 and
亿元 never mix. Conversions are only within one dimension; anything else is an error the importer reports.
"""
from __future__ import annotations

import re

# unit → (dimension, factor to the dimension's base)
_UNITS: dict[str, tuple[str, float]] = {
    "元": ("money", 1.0), "千元": ("money", 1e3), "万元": ("money", 1e4), "百万元": ("money", 1e6),
    "亿元": ("money", 1e8),
    "%": ("percent", 1.0), "％": ("percent", 1.0), "百分比": ("percent", 1.0),
    "平方米": ("area", 1.0), "㎡": ("area", 1.0), "m2": ("area", 1.0), "万平方米": ("area", 1e4),
    "公顷": ("area", 1e4), "亩": ("area", 10000 / 15), "万亩": ("area", 1e4 * 10000 / 15),
    "平方公里": ("area", 1e6),
    "米": ("length", 1.0), "公里": ("length", 1e3), "千米": ("length", 1e3), "km": ("length", 1e3),
    "人": ("persons", 1.0), "万人": ("persons", 1e4), "人次": ("persons", 1.0),
    "个月": ("months", 1.0), "月": ("months", 1.0),
}
# Counting words: one dimension, since ledgers say 个 / 项 / 处 for the same projects.
for _w in ("个", "项", "处", "家", "户", "台", "栋", "幢", "条", "所", "座", "宗", "件", "批", "次"):
    _UNITS[_w] = ("count", 1.0)
_UNITS["万户"] = ("count", 1e4)

# Full-width forms written as escapes: an editor or a copy once folded them into ASCII here, silently.
_UNIT_IN_BRACKETS = re.compile(r"[(\uff08]\s*([^()\uff08\uff09]{1,8}?)\s*[)\uff09]")
_UNIT_AFTER_COLON = re.compile(r"单位\s*[:\uff1a]\s*([^\s)\uff09]{1,16})")
# "单位：亿元、%" / "单位：%，万元": amounts in the one unit, rates in the other
_UNIT_LIST_SEP = re.compile(r"[\u3001,\uff0c;\uff1b/]")


class UnitError(ValueError):
    pass


def canonical(unit: str | None) -> str | None:
    """The unit as written, cleaned ("(亿元)" → "亿元", "％" → "%"); None when empty or unknown."""
    if unit is None:
        return None
    u = str(unit).strip().strip("()\uff08\uff09").replace("％", "%").replace(" ", "")
    if u.startswith("单位:") or u.startswith("单位\uff1a"):
        u = u[3:]
    if u in ("", "-", "—"):
        return None
    return u if u in _UNITS else None


def is_known(unit: str | None) -> bool:
    return canonical(unit) is not None


def unit_in_text(text: str) -> str | None:
    """A unit named in a label or header: "社会消费品零售总额(亿元)", "单位:万元", "绝对值(万元)"."""
    s = str(text)
    m = _UNIT_AFTER_COLON.search(s)
    if m:
        named = [u for u in (canonical(p) for p in _UNIT_LIST_SEP.split(m.group(1))[:3]) if u]
        # a note naming an amount unit and % speaks of the amounts; % alone makes the table a rate table
        if named:
            return next((u for u in named if u != "%"), named[0])
    for m in _UNIT_IN_BRACKETS.finditer(s):
        u = canonical(m.group(1))
        if u:
            return u
    return None


def factor(from_unit: str, to_unit: str) -> float:
    """Multiply a value in from_unit by this to get it in to_unit. Raises UnitError across dimensions."""
    f, t = canonical(from_unit), canonical(to_unit)
    if f is None:
        raise UnitError(f"unknown unit {from_unit!r}")
    if t is None:
        raise UnitError(f"unknown unit {to_unit!r}")
    (fd, ff), (td, tf) = _UNITS[f], _UNITS[t]
    if fd != td:
        raise UnitError(f"cannot convert {from_unit} to {to_unit}")
    return ff / tf


def convertible(from_unit: str, to_unit: str) -> bool:
    """Whether a value in `from_unit` can be expressed in `to_unit` (same dimension, both known)."""
    try:
        factor(from_unit, to_unit)
    except UnitError:
        return False
    return True


def dimension(unit: str | None) -> tuple[str, float] | None:
    """(dimension, factor to its base unit) of a known unit: "亿元" → ("money", 1e8); None when unknown."""
    u = canonical(unit)
    return _UNITS.get(u) if u else None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    return value * factor(from_unit, to_unit)

"""User-facing strings in zh-CN and en, and number formatting the Chinese way.

Catalogues are TOML files in plantrack/locales/ (one per feature, merged), each key a table with `zh` and `en`:
    [overview.title]
    zh = "总览"
    en = "Overview"
Plan names (indicators, tasks, areas) come from plan_config.toml, not from here.
"""
from __future__ import annotations

import math
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

LANGS = ("zh", "en")
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"

STATUS_ICONS = {"green": "●", "yellow": "▲", "red": "■", "no_data": "○"}
STATUS_COLOURS = {"green": "#1a9850", "yellow": "#e6a700", "red": "#d73027", "no_data": "#9e9e9e"}
MILESTONE_ICONS = {"done": "✔", "in_progress": "◐", "not_started": "○", "delayed": "✖", "not_reported": "？"}

# Units in English; Chinese shows them as written in the plan. These name the unit of a raw stored value (a CSV
# column); a figure shown to a reader goes through fmt_value, which writes money in millions (MONEY_EN_MILLIONS).
_UNITS_EN = {"亿元": "100m yuan", "万元": "10k yuan", "元": "yuan", "%": "%", "家": "firms", "个": "",
             "台": "lifts", "人": "people", "条": "", "栋": "buildings", "所": "schools", "亩": "mu",
             "公顷": "ha", "公里": "km", "平方米": "m²", "个月": "months", "户": "entities", "百分点": "pp"}


class MissingTranslation(KeyError):
    pass


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(LOCALES_DIR.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, entry in _flatten(data):
            if key in merged:
                raise ValueError(f"{path.name}: key {key!r} is defined twice")
            merged[key] = entry
    return merged


def _flatten(data: dict, prefix: str = ""):
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and set(v) <= set(LANGS) and all(isinstance(x, str) for x in v.values()):
            yield key, v
        elif isinstance(v, dict):
            yield from _flatten(v, key + ".")
        else:
            raise ValueError(f"locale key {key!r}: expected a table with zh and en")


def t(key: str, lang: str = "zh", **kwargs) -> str:
    """The string for key in lang, formatted with kwargs ("{value}")."""
    try:
        text = catalogue()[key][lang if lang in LANGS else "zh"]
    except KeyError:
        raise MissingTranslation(f"no {lang} string for {key!r}") from None
    return text.format(**kwargs) if kwargs else text


def status_label(status: str, lang: str = "zh") -> str:
    """Icon + text, so status reads without colour (black-and-white print, colour-blind readers)."""
    return f"{STATUS_ICONS[status]} {t(f'status.{status}', lang)}"


def milestone_label(state: str, lang: str = "zh") -> str:
    return f"{MILESTONE_ICONS[state]} {t(f'milestone.{state}', lang)}"


# English amounts in one form a reader parses: millions of yuan ("38,562 m yuan"), never "385.62 100m yuan".
# Millions, not billions: a value in 亿元 with two decimals is a whole number of millions, so nothing is lost.
MONEY_EN_MILLIONS = {"亿元": 100.0, "百万元": 1.0, "万元": 0.01, "千元": 0.001}
MONEY_EN_UNIT = "m yuan"


def display_unit(unit: str, lang: str = "zh") -> tuple[float, str]:
    """(factor, unit text) a value in `unit` is shown with: (100, "m yuan") for 亿元 in English, (1, unit) else."""
    if lang == "en" and unit in MONEY_EN_MILLIONS:
        return MONEY_EN_MILLIONS[unit], MONEY_EN_UNIT
    return 1.0, unit_label(unit, lang)


def unit_label(unit: str, lang: str = "zh") -> str:
    return _UNITS_EN.get(unit, unit) if lang == "en" else unit


def _unshowable(x) -> bool:
    """None, NaN and ±inf (a store written before imports refused non-finite figures) show as "—"."""
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def round_half_up(x: float, decimals: int = 1) -> float:
    """四舍五入, the one rounding rule of every figure shown: 6.25 → 6.3 and −0.05 → −0.1 (Python's round()
    and f-strings round half to even on the binary value and would show 6.2). repr() gives the shortest
    decimal that reads back as x, so 6.25 is rounded as the 6.25 the analyst typed."""
    if not math.isfinite(x):   # Decimal would raise InvalidOperation (a traceback on the export page)
        return float(x)
    q = Decimal(1).scaleb(-decimals)
    v = float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))
    return 0.0 if v == 0 else v


def fmt_number(x, decimals: int | None = None) -> str:
    """Thousands separators; whole numbers without decimals; at most two decimals otherwise (half up)."""
    if _unshowable(x):
        return "—"
    x = float(x)
    if decimals is not None:
        return f"{round_half_up(x, decimals):,.{decimals}f}"
    s = f"{round_half_up(x, 2):,.2f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def fmt_rate(x, lang: str = "zh") -> str:
    """A rate with one decimal, the way analysts write it: 6.3% (half up)."""
    return "—" if _unshowable(x) else f"{round_half_up(x, 1):.1f}%"


def fmt_pp(x, lang: str = "zh", signed: bool = True) -> str:
    """Points (百分点) with one decimal (half up)."""
    if _unshowable(x):
        return "—"
    unit = t("unit.pp", lang)
    sep = "" if lang == "zh" else " "
    v = round_half_up(x, 1)
    if v == 0:      # a zero has no sign: "0.0个百分点", never "+0.0" (prose says 持平)
        return f"0.0{sep}{unit}"
    return f"{v:+.1f}{sep}{unit}" if signed else f"{abs(v):.1f}{sep}{unit}"


def fmt_value(x, unit: str, lang: str = "zh") -> str:
    """A value with its unit: 804.28亿元 / 80,428 m yuan (the one helper every screen and document uses)."""
    if _unshowable(x):
        return "—"
    if unit == "%":
        return f"{fmt_number(x)}%"
    factor, u = display_unit(unit, lang)
    sep = "" if lang == "zh" else " "
    return f"{fmt_number(float(x) * factor)}{sep}{u}".strip()

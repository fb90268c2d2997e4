"""Warnings shown before an import is confirmed: figures that read correctly but look implausible.

A 万元 table read as 亿元 is 10,000× off; a cumulative level that falls within a year, a growth rate of +300 %
or a required pace that no economy reaches usually mean a misread layout or a typo. These are warnings, not
refusals: the analyst sees them beside the figures and decides. Thresholds come from plan_config.toml [import].
"""
from __future__ import annotations

import math

from ..model import metrics
from ..model.periods import parse_key
from ..model.units import UnitError, factor
from .records import ParsedFile, Record


def derived_growth_notes(plan, parsed: ParsedFile) -> list[str]:
    """One line per growth rate the importer computed from two levels (no growth column in the file)."""
    out = []
    for r in parsed.records:
        if r.growth_pct is not None and r.growth_source == "derived":
            out.append(f"{_where(r)}{_name(plan, r)} {_label(r)}：增速 {r.growth_pct:g}%（推算）"
                       f"由本期与上年同期数值算得，文件未给出增速 / growth derived from the two levels, "
                       f"not reported in the file")
    return out


def check_growth_range(plan, parsed: ParsedFile) -> list[str]:
    lo, hi = plan.import_.plausible_growth_min_pct, plan.import_.plausible_growth_max_pct
    return [f"{_where(r)}{_name(plan, r)} {_label(r)}：增速 {r.growth_pct:g}% 超出 {lo:g}%～{hi:g}% 的合理范围，"
            f"请核对是否读错列或单位 / growth outside the plausible range"
            for r in parsed.records if r.growth_pct is not None and not lo <= r.growth_pct <= hi]


def check_against_store(plan, store, parsed: ParsedFile) -> list[str]:
    """Growth range, and each level against what is already stored for the same indicator and region."""
    out = check_growth_range(plan, parsed)
    settings = plan.import_
    stored: dict[tuple[int, str], dict[tuple[str, int], float]] = {}

    def levels(year: int, region: str) -> dict[tuple[str, int], float]:
        if (year, region) not in stored:
            df = store.current_values(year, region)
            stored[(year, region)] = {(row.indicator, int(row.end_month)): float(row.value)
                                      for row in df.itertuples() if row.value == row.value and row.value is not None}
        return stored[(year, region)]

    for r in parsed.records:
        if r.value is None or not r.region:
            continue
        p = parse_key(r.period)
        this_year = levels(p.year, r.region)
        earlier = sorted(m for (ind, m) in this_year if ind == r.indicator and m < p.end_month)
        later = sorted(m for (ind, m) in this_year if ind == r.indicator and m > p.end_month)
        ref = (this_year[(r.indicator, earlier[-1])], f"{p.year}年1-{earlier[-1]}月") if earlier else None
        if ref is None:
            last = levels(p.year - 1, r.region).get((r.indicator, p.end_month))
            ref = (last, f"{p.year - 1}年同期") if last is not None else None
        if ref and ref[0] and r.value:
            ratio = r.value / ref[0]
            if ratio > settings.plausible_ratio or ratio < 1 / settings.plausible_ratio:
                out.append(f"{_where(r)}{_name(plan, r)} {_label(r)}：{r.value:g} {r.unit} 是已存{ref[1]}数值 "
                           f"{ref[0]:g} {r.unit} 的 {ratio:.4g} 倍，请核对单位（万元/亿元）/ "
                           f"{ratio:.4g}× the stored previous figure: a unit slip?")
        if _is_cumulative(plan, r):
            if earlier and r.value < this_year[(r.indicator, earlier[-1])]:
                out.append(f"{_where(r)}{_name(plan, r)} {_label(r)}：累计数 {r.value:g} {r.unit} 低于已存 "
                           f"1-{earlier[-1]}月的 {this_year[(r.indicator, earlier[-1])]:g} {r.unit}；累计数在一年内"
                           f"不应减少 / a cumulative level lower than an earlier period of the same year")
            if later and r.value > this_year[(r.indicator, later[0])]:
                out.append(f"{_where(r)}{_name(plan, r)} {_label(r)}：累计数 {r.value:g} {r.unit} 高于已存 "
                           f"1-{later[0]}月的 {this_year[(r.indicator, later[0])]:g} {r.unit}；累计数在一年内"
                           f"不应减少 / a cumulative level higher than a later period of the same year")
        out.extend(_pace_warning(plan, r, p, levels))
    return out


def _pace_warning(plan, r: Record, p, levels) -> list[str]:
    """The growth the rest of the year would need for the annual target, when it is not a plausible number."""
    if r.prev_value is None or p.end_month == 12 or p.year not in plan.years:
        return []
    target = next((t for t in plan.years[p.year].targets if t.indicator.id == r.indicator
                   and t.indicator.kind == "growth" and t.target is not None), None)
    if target is None:
        return []
    full = levels(p.year - 1, r.region).get((r.indicator, 12))
    if full is None:
        return []
    need = metrics.required_growth(target.target, r.value, r.prev_value, full)
    lo, hi = plan.import_.plausible_growth_min_pct, plan.import_.plausible_growth_max_pct
    if need is None or (math.isfinite(need) and lo <= need <= hi):
        return []
    shown = f"{need:.1f}%" if math.isfinite(need) else str(need)
    return [f"{_where(r)}{_name(plan, r)} {_label(r)}：按此数值，余下月份需增长 {shown} 才能完成全年目标，"
            f"不是合理的数字，请核对单位和期间 / the required pace for the rest of the year is implausible"]


def _is_cumulative(plan, r: Record) -> bool:
    """Levels that add up over the year (amounts, counts); not rates or stocks measured at a date."""
    ind = plan.indicators[r.indicator]
    if ind.unit == "%":
        return False
    try:
        factor(ind.unit, "元")
        return True
    except UnitError:
        return ind.kind == "cumulative"


def _name(plan, r: Record) -> str:
    elsewhere = r.region and r.region != plan.app.home_district
    return plan.indicators[r.indicator].name_zh + (f"（{r.region}）" if elsewhere else "")


def _label(r: Record) -> str:
    return parse_key(r.period).label("zh", with_year=True)


def _where(r: Record) -> str:
    loc = r.location
    if loc is None:
        return ""
    return f"{loc.file}，{loc.sheet or ''} 第{loc.row}行：" if loc.row else f"{loc.file}："

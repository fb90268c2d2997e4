"""Table rows for the reports: an area's sub-targets, and every target for the CSV."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analysis.scorecard import Scorecard
from ..model.i18n import t, unit_label
from ..present import period_facts
from ..present.export_safety import escape_cell


def subtarget_rows(card: Scorecard, area_id: str, lang: str) -> list[list[str]]:
    """Rows for an area's table, from the display facts (plantrack.present): indicator, target, actual,
    completion, gap with its unit, status (icon and label), lead unit; the status key last (cell colour)."""
    facts = period_facts(card, lang)
    return [[f.name, f.target_text, f.actual_text, f.completion_text, f.gap_text, f.status.text, f.lead_unit,
             f.status.status] for f in facts.of_area(area_id)]


@dataclass(frozen=True)
class SubtargetTable:
    header: list[str]
    rows: list[list[str]]
    align: str                 # one letter a column: l text, r number, c centred
    statuses: list[str]        # a row's status, for its colour
    status_column: int


def gap_column(facts, lang: str) -> tuple[str, list[str]]:
    """The gap column of a table: its header and cells. The unit goes in the header ("差距（百分点）", bare signed
    figures below) when every gap of the table is in points, else in each cell ("差1.4亿元") under "差距" — so a
    narrow column never wraps "个百分/点"."""
    facts = list(facts)
    # a gap of a rate (a ceiling or level in %) is in points too: 城镇调查失业率 +0.3个百分点
    pp = t("unit.pp", lang)
    in_points = [f.gap_unit in ("pp", "%") and f.gap_text.endswith(pp) for f in facts]
    points = any(in_points) and all(p or f.gap_text == "—" for p, f in zip(in_points, facts))
    if not points:
        return t("export.col_gap", lang), [f.gap_text for f in facts]
    return t("export.col_gap_pp", lang), [f.gap_text.removesuffix(pp).rstrip() for f in facts]


def subtarget_table(card: Scorecard, area_id: str, lang: str) -> SubtargetTable:
    """An area's sub-target table for the report, from the display facts; the gap column by `gap_column`."""
    facts = period_facts(card, lang).of_area(area_id)
    rows = subtarget_rows(card, area_id, lang)
    gap_head, gaps = gap_column(facts, lang)
    out = [row[:4] + [gap] + row[5:7] for row, gap in zip(rows, gaps)]
    heads = [t(f"export.col_{k}", lang) for k in ("indicator", "target", "actual", "completion", "gap", "status",
                                                   "lead")]
    heads[4] = gap_head
    return SubtargetTable(heads, out, "lrrrrcl", [r[-1] for r in rows], 5)


def scorecard_frame(card: Scorecard, lang: str = "zh") -> pd.DataFrame:
    """Every target at the period, for the CSV in the ZIP (text cells escaped against formula injection).
    Figures as shown (四舍五入); the gap in its own unit (points, or the target's unit at year end)."""
    facts = period_facts(card, lang)
    rows = []
    for f in facts.all:
        area = "" if f.area is None else card.plan.area(f.area).short(lang)
        rows.append({t("export.col_period", lang): card.period.key, t("export.col_area", lang): area,
                     t("export.col_indicator", lang): f.name, "id": f.id,
                     t("export.col_unit", lang): unit_label(f.actual_unit, lang),
                     t("export.col_target", lang): f.target, t("export.col_actual", lang): f.actual,
                     t("export.col_completion", lang): f.completion,
                     t("export.col_gap", lang): f.gap,
                     t("present.col_gap_unit", lang): t("unit.pp", lang) if f.gap_unit == "pp"
                     else unit_label(f.gap_unit, lang),
                     t("export.col_status", lang): f.status.text})
    df = pd.DataFrame(rows)
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(escape_cell)
    df.columns = [escape_cell(c) for c in df.columns]
    return df

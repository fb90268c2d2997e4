"""Table rows for the reports: an area's sub-targets, and every target for the CSV."""
from __future__ import annotations

import pandas as pd

from .. import narrative
from ..export_safety import escape_cell
from ..i18n import status_label, t, unit_label
from ..scorecard import Scorecard


def subtarget_rows(card: Scorecard, area_id: str, lang: str) -> list[list[str]]:
    """Rows for an area's table: indicator, target, actual, completion, gap, status, lead unit."""
    plan = card.plan
    ids = {tg.id for tg in plan.targets_of_area(area_id, include_tracked=False)}
    out = []
    for a in card.subtargets:
        if a.id not in ids:
            continue
        unit = a.target.unit
        target = narrative.target_text(a.target.target, unit, lang)
        if a.kind == "ceiling":
            target = "≤" + target
        elif a.kind == "level":
            target = "≥" + target
        actual = "—" if a.actual is None else narrative.value_with_unit(a.actual, unit, lang)
        completion = "—" if a.completion_pct is None else narrative.rate(a.completion_pct)
        if a.gap is None:
            gap = "—"
        elif a.kind == "cumulative" or unit == "%":
            gap = f"{narrative.round1(a.gap):+.1f}"
        else:
            gap = f"{a.gap:+,.2f}".rstrip("0").rstrip(".")
        lead = plan.canonical_unit(plan.task(a.target.task).lead_unit)
        out.append([a.target.indicator.name(lang), target, actual, completion, gap, status_label(a.status, lang),
                    lead, a.status])
    return out


def scorecard_frame(card: Scorecard, lang: str = "zh") -> pd.DataFrame:
    """Every target at the period, for the CSV in the ZIP (text cells escaped against formula injection)."""
    rows = []
    for a in card.all:
        area = "" if a.target.task is None else card.plan.area(card.plan.task(a.target.task).area).short(lang)
        rows.append({t("export.col_period", lang): card.period.key, t("export.col_area", lang): area,
                     t("export.col_indicator", lang): a.target.indicator.name(lang), "id": a.id,
                     t("export.col_unit", lang): unit_label(a.target.unit, lang) if a.kind != "growth" else "%",
                     t("export.col_target", lang): a.target.target, t("export.col_actual", lang): a.actual,
                     t("export.col_completion", lang): None if a.completion_pct is None else round(a.completion_pct, 1),
                     t("export.col_gap", lang): None if a.gap is None else round(a.gap, 1),
                     t("export.col_status", lang): status_label(a.status, lang)})
    df = pd.DataFrame(rows)
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(escape_cell)
    df.columns = [escape_cell(c) for c in df.columns]
    return df


"""Small importable files for the data-safety tests (template layout, written as csv)."""
from __future__ import annotations

HEADER = "指标代码,指标名称,期间,累计值,单位,同比增长(%),备注"


def template_csv(values: dict[str, float], period: str = "2023Q2", growth: float = 5.0,
                 extra_rows: tuple[str, ...] = ()) -> bytes:
    """One row per indicator id → cumulative value, in the plan's unit (亿元 for gdp/retail/fai/revenue)."""
    units = {"gdp": "亿元", "retail": "亿元", "fai": "", "revenue": "亿元", "income": "元"}
    rows = [HEADER] + [f"{iid},,{period},{v},{units.get(iid, '')},{growth}," for iid, v in values.items()]
    return ("\n".join(rows + list(extra_rows)) + "\n").encode("utf-8")


def big_template_csv(plan, years=range(2017, 2024), seed: int = 0) -> bytes:
    """Every indicator × every month of many years: a sizeable file (≈ 3,400 values) for the kill test."""
    lines = ["指标代码,期间,累计值,单位,同比增长(%)"]
    for y in years:
        for m in range(1, 13):
            for i, (iid, ind) in enumerate(plan.indicators.items()):
                lines.append(f"{iid},{y}M{m:02d},{100 + m + i + seed},{ind.unit},{(seed + i) % 9}.5")
    return ("\n".join(lines) + "\n").encode("utf-8")

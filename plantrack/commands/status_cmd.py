"""status --period 2023Q2 — every headline target and sub-target with gap and status (from plantrack.present)."""
from __future__ import annotations

from ..analysis.scorecard import build_scorecard
from ..model.periods import parse_key
from ..model.plan import get_plan
from ..present import period_facts
from ..store.database import Store
from ._common import print_json


def register(sub) -> None:
    p = sub.add_parser("status", help="status of every target at a period")
    p.add_argument("--period", required=True, help="e.g. 2023Q2 (1-6月) or 2023M05")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=run)


def run(args) -> int:
    parse_key(args.period)
    plan = get_plan()
    store = Store()
    card = build_scorecard(plan, store, args.period)
    derived = derived_growth(plan, store, args.period)
    # the stored figures (not rounded for display) plus the label; counts at year end: shortfall and unit
    rows = [a.as_json(args.lang) for a in card.all]
    for row, a in zip(rows, card.all):
        if a.target.indicator.kind == "growth" and a.target.indicator.id in derived:
            row["growth_source"] = "derived"     # computed from two levels, not reported (推算)
    if args.json:
        print_json(rows)
        return 0
    facts = period_facts(card, args.lang)
    for f in facts.all:
        print(f"{f.id:<28} {f.name:<22} actual {f.actual_text:>12}  target {f.target_text:>12}  "
              f"gap {f.gap_text:>14}  {f.status.text}")
    print(" ".join(f"{text} {n}" for _, text, n in facts.counts.items()) + f"  ({facts.counts.total})")
    return 0


def derived_growth(plan, store, period: str) -> set[str]:
    """Indicators whose growth at this period was computed from two levels by the importer (shown （推算）)."""
    cur = store.current_values(parse_key(period).year, plan.app.home_district)
    if "growth_source" not in cur:
        return set()
    return set(cur[(cur.period == period) & (cur.growth_source == "derived")].indicator)

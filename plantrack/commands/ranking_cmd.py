"""ranking --period 2023Q2 --indicator gdp — the districts of the city ranked by growth, highest first.

`--json` prints `[{"region": ..., "growth_pct": ..., "rank": ...}]`: districts only (the city total is kept
apart and printed as text, never ranked). Ties share a rank and the next rank is skipped (1, 2, 2, 4), compared
at 0.01-point precision. A disagreement with a table's own 位次 goes to stderr as a warning.
"""
from __future__ import annotations

import sys

from ..analysis.city_ranking import build_ranking, ranking_sentence, resolve_indicator
from ..model.i18n import fmt_rate
from ..model.periods import parse_key
from ..model.plan import get_plan
from ..store.database import Store
from ._common import print_json


def register(sub) -> None:
    p = sub.add_parser("ranking", help="districts of the city ranked by growth of one indicator")
    p.add_argument("--period", required=True, help="e.g. 2023Q2 (1-6月)")
    p.add_argument("--indicator", required=True, help="indicator id (gdp, fai, retail, revenue, income …) or name")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=run)


def run(args) -> int:
    period = parse_key(args.period).key
    plan = get_plan()
    indicator = resolve_indicator(plan, args.indicator)
    ranking = build_ranking(plan, Store(), indicator, period)
    for w in ranking.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.json:
        print_json(ranking.as_json())
        return 0
    if not ranking.has_data:
        print(f"no district data for {indicator} {period}")
        return 0
    for r in ranking.rows:
        mark = " *" if r.is_home else ""
        rank = "—" if r.rank is None else str(r.rank)
        reported = "" if r.reported_rank is None else f"  (表中位次 {r.reported_rank})"
        print(f"{rank:>3}  {r.region:<10} {fmt_rate(r.growth_pct):>7}{mark}{reported}")
    if ranking.city is not None:
        print(f"     {ranking.city.region:<10} {fmt_rate(ranking.city.growth_pct):>7}  (city total, not ranked)")
    sentence = ranking_sentence(ranking, plan, args.lang)
    if sentence:
        print(sentence)
    return 0

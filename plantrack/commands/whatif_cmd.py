"""whatif --period 2023Q2 --set gdp:Q3=7.5,Q4=8 [--set revenue:Q4=12] — 情景测算 for the headline targets.

Quarters not set grow at the required pace (on the comparable base), so without --set every projection ends on
its target. Nothing is stored. `--json` prints one object per headline target: the quarters with their growth
and whether it was set, the projected full-year growth, its status and gap (points), `estimate: true`.
"""
from __future__ import annotations

from ..model.i18n import fmt_pp, fmt_rate, t
from ..model.periods import parse_key
from ..model.plan import get_plan
from ..present.whatif import (
    Projection,
    parse_scenario,
    project_all,
    reason_text,
    scenario_title,
    span_label,
    status_of,
    status_rule,
    still_needed_text,
)
from ..store.database import Store
from ._common import print_json


def register(sub) -> None:
    p = sub.add_parser("whatif", help="情景测算: the full year if each remaining quarter grows at a chosen rate")
    p.add_argument("--period", required=True, help="the latest period with data, e.g. 2023Q2")
    p.add_argument("--set", action="append", default=[], metavar="ID:Qn=RATE,…",
                   help="e.g. gdp:Q3=7.5,Q4=8 (repeat for more indicators); quarters not set keep the required pace")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=run)


def run(args) -> int:
    period = parse_key(args.period)
    scenario = parse_scenario(None, args.set)
    plan = get_plan()
    projections = project_all(plan, Store(), period.key, scenario)
    if args.json:
        print_json([p.as_json(args.lang) for p in projections])
        return 0
    print(t("whatif.cli_heading", args.lang, title=scenario_title(period, args.lang)))
    for p in projections:
        print(line(p, args.lang))
    print(status_rule(plan.status, args.lang))
    return 0


def line(p: Projection, lang: str) -> str:
    """One indicator as text: quarters, projected full year, status and gap — or why it cannot be projected."""
    sep = "，" if lang == "zh" else ", "
    head = f"{p.id:<8} {p.base.indicator.name(lang)}" + ("：" if lang == "zh" else ": ")
    if p.reason is not None:
        return head + reason_text(p, lang)
    quarters = [t("whatif.rate_set" if k in p.set_quarters else "whatif.rate_default", lang,
                  span=span_label(p.base.period, k, lang), value=fmt_rate(v, lang)) for k, v in p.rates.items()]
    parts = [t("whatif.current", lang, value=fmt_rate(p.base.growth, lang)), *quarters,
             t("whatif.projected", lang, value=fmt_rate(p.full_year_growth, lang)),
             t("whatif.target", lang, value="≥" + fmt_rate(p.base.target, lang)),
             t("whatif.gap", lang, value=fmt_pp(p.gap, lang)), status_of(p, lang).text]
    needed = still_needed_text(p, lang)
    return head + sep.join(parts + ([needed] if needed else []))

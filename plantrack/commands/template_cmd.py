"""template OUT.xlsx — the analysts' spreadsheet template, generated from plan_config.toml."""
from __future__ import annotations

from ..model.plan import get_plan


def register(sub) -> None:
    p = sub.add_parser("template", help="write the import template (xlsx) for a plan year")
    p.add_argument("out", metavar="OUT.xlsx")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--period", default=None, help="pre-fill the period column, e.g. 2023Q2")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..ingest.template import write_template
    plan = get_plan()
    write_template(plan, args.year or plan.latest_year, args.out, period=args.period)
    print(f"wrote {args.out}")
    return 0

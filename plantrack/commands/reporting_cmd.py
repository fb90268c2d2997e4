"""reporting --period 2023Q2 [--as-of 2023-07-15] [--json] — 报送情况: per unit the items it owes for the
quarter and whether each was received on time, late, or is missing, worst first.

`--json` prints {"period", "as_of", "sample", "note", "totals", "units": [{"unit", "roles", "due", "expected",
"received", "late", "missing", "days_overdue", "items": [{"kind", "id", "name", "task", "status", "due",
"revision", "received_at", "received_by", "file", "latest_revision", "days_late", "overdue"}]}]}; status is
received (on time), late or missing; on the bundled sample, "note" says why every item received reads late.
Deadlines come from [reporting] in plan_config.toml. `--reminder` prints the 催报通知 for the units with items missing;
`--reminder-docx FILE` writes it as a DOCX in 公文 layout.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..analysis.submissions import build_reporting
from ..export.footer import sample_in_store
from ..export.reminder_docx import build_reminder_docx
from ..model.i18n import t
from ..model.plan import get_plan
from ..present.reminder_text import build_reminder, date_text, sample_note, unit_lines
from ..store.database import Store
from ._common import print_json


def register(sub) -> None:
    p = sub.add_parser("reporting", help="报送情况: who has delivered what for a quarter, what is late or missing")
    p.add_argument("--period", required=True, help="a quarter, e.g. 2023Q2 (1-6月)")
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="judge deadlines as of this day (default: today)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--reminder", action="store_true", help="print the 催报通知 as text (for a chat message)")
    p.add_argument("--reminder-docx", metavar="FILE.docx", help="write the 催报通知 as a DOCX in 公文 layout")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=run)


def run(args) -> int:
    plan = get_plan()
    store = Store()
    status = build_reporting(plan, store, args.period, as_of=args.as_of)
    sample = sample_in_store(store)
    note = sample_note(status, sample, args.lang)
    if args.reminder or args.reminder_docx:
        reminder = build_reminder(status, plan.year(status.period.year), plan.reporting, args.lang, sample=sample)
        if args.reminder_docx:
            Path(args.reminder_docx).write_bytes(build_reminder_docx(reminder))
        if args.reminder:
            print(reminder.text() if not reminder.empty else t("reminder.none", args.lang), end="")
        return 0
    if args.json:
        print_json({**status.as_json(args.lang), "sample": sample, "note": note or None})
        return 0
    lang = args.lang
    print(t("report.heading", lang, period=status.period.label(lang, with_year=True),
            as_of=date_text(status.as_of, lang)))
    if note:
        print(note)
    for u in status.units:
        line = t("report.unit_line", lang, due=date_text(u.due, lang), expected=len(u.items),
                 got=u.count("received") + u.count("late"), received=u.count("received"), late=u.count("late"),
                 missing=u.count("missing"))
        if u.days_overdue:
            line += ("，" if lang == "zh" else ", ") + t("report.overdue_days", lang, days=u.days_overdue)
        print(f"{u.unit}  {line}")
        for group in unit_lines(u, lang):     # the missing items by kind, as in the 催报通知
            print("    " + t("report.missing_items", lang, items=group))
    if not status.not_reported:
        print(t("report.all_done", lang))
    return 0

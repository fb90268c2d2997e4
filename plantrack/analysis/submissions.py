"""报送情况: what each unit owes the task-force office for a quarter, what has arrived (which revision, when, by
whom), what is late and what is missing — read from the store's revisions, never entered by hand.

Who owes what comes from plan_config.toml: each lead unit (牵头单位) owes, for every task it leads, the items in
[reporting].lead_unit_items (sub-target values, tracked values, milestone statuses); a unit under
[reporting.units] may owe indicators whatever its tasks (the statistics bureau: the headline indicators) and may
have its own deadline. An item is received when an active revision gives it for the period — a value or growth
for the home district, or a milestone status for that period — on time when the first such revision was imported
on or before the deadline (the quarter's last day + deadline days). Rolled-back revisions do not count.
Judged as of a past day, what was imported after that day had not arrived yet.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..model.periods import Period, parse_key
from ..model.plan import Plan, ReportingSettings, YearPlan

STATUSES = ("received", "late", "missing")


class ReportingError(ValueError):
    """Reporting cannot be assessed for this request (no [reporting] section, not a quarter …)."""


@dataclass(frozen=True)
class Item:
    """One thing a unit owes for a period: an indicator's value or a milestone's status."""
    kind: str            # "indicator" | "milestone"
    id: str
    name_zh: str
    name_en: str
    task: str | None     # task number ("2.1") it is owed for; None for a data source's indicators

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class ItemStatus:
    item: Item
    status: str                          # received (on time) | late | missing
    due: dt.date
    revision: int | None = None          # the first active revision that delivered it
    received_at: dt.datetime | None = None
    received_by: str | None = None
    file_name: str | None = None
    latest_revision: int | None = None   # a later correction, when there is one
    days_late: int | None = None         # late: days after the deadline it arrived; missing: days overdue so far

    @property
    def overdue(self) -> bool:
        return self.status == "missing" and bool(self.days_late)

    def as_json(self, lang: str = "zh") -> dict:
        return {"kind": self.item.kind, "id": self.item.id, "name": self.item.name(lang), "task": self.item.task,
                "status": self.status, "due": self.due.isoformat(), "revision": self.revision,
                "received_at": self.received_at.isoformat(sep=" ", timespec="seconds") if self.received_at else None,
                "received_by": self.received_by, "file": self.file_name, "latest_revision": self.latest_revision,
                "days_late": self.days_late, "overdue": self.overdue}


@dataclass(frozen=True)
class UnitReport:
    unit: str
    roles: tuple[str, ...]          # "lead_unit" and/or "source"
    due: dt.date
    items: tuple[ItemStatus, ...]

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def missing(self) -> tuple[ItemStatus, ...]:
        return tuple(i for i in self.items if i.status == "missing")

    @property
    def days_overdue(self) -> int:
        return max((i.days_late or 0 for i in self.missing), default=0)

    @property
    def last_received(self) -> ItemStatus | None:
        got = [i for i in self.items if i.received_at is not None]
        return max(got, key=lambda i: i.received_at or dt.datetime.min) if got else None   # all received

    def as_json(self, lang: str = "zh") -> dict:
        return {"unit": self.unit, "roles": list(self.roles), "due": self.due.isoformat(),
                "expected": len(self.items), "received": self.count("received"), "late": self.count("late"),
                "missing": self.count("missing"), "days_overdue": self.days_overdue,
                "items": [i.as_json(lang) for i in self.items]}


@dataclass(frozen=True)
class ReportingStatus:
    period: Period
    as_of: dt.date
    units: tuple[UnitReport, ...]   # worst first (sort_key)

    @property
    def not_reported(self) -> tuple[UnitReport, ...]:
        """Units with anything still missing, worst first."""
        return tuple(u for u in self.units if u.missing)

    def totals(self) -> dict[str, int]:
        return {"units": len(self.units), "complete": sum(1 for u in self.units if not u.missing),
                "complete_on_time": sum(1 for u in self.units if not u.missing and not u.count("late")),
                "not_reported": len(self.not_reported),
                **{s: sum(u.count(s) for u in self.units) for s in STATUSES}}

    def as_json(self, lang: str = "zh") -> dict:
        return {"period": self.period.key, "as_of": self.as_of.isoformat(), "totals": self.totals(),
                "units": [u.as_json(lang) for u in self.units]}


def sort_key(u: UnitReport):
    """Worst first: overdue items, then the most missing, the longest overdue, the most late; then by name."""
    overdue = sum(1 for i in u.missing if i.overdue)
    return (-overdue, -len(u.missing), -u.days_overdue, -u.count("late"), u.unit)


# ─────────────────────────── who owes what ───────────────────────────

def period_end(period: Period) -> dt.date:
    return (pd.Timestamp(period.year, period.end_month, 1) + pd.offsets.MonthEnd(0)).date()


def due_date(settings: ReportingSettings, unit: str, period: Period) -> dt.date:
    return period_end(period) + dt.timedelta(days=settings.deadline_days_for(unit))


def resubmit_by(settings: ReportingSettings, notice_day: dt.date) -> dt.date:
    """The date a 催报通知 dated `notice_day` asks the missing items by: [reporting].resubmit_days after it,
    counting working days (Monday–Friday, not in non_working_days) or calendar days."""
    if settings.resubmit_day_kind == "calendar":
        return notice_day + dt.timedelta(days=settings.resubmit_days)
    day, left = notice_day, settings.resubmit_days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in settings.non_working_days:
            left -= 1
    return day


def expected_items(plan: Plan, year_plan: YearPlan) -> dict[str, tuple[tuple[str, ...], tuple[Item, ...]]]:
    """unit → (roles, items owed each quarter), in plan order; units that owe nothing are left out."""
    settings = _settings(plan)
    owed: dict[str, list[Item]] = {}
    roles: dict[str, list[str]] = {}

    def add(unit: str, role: str, item: Item) -> None:
        items = owed.setdefault(unit, [])
        if all((i.kind, i.id) != (item.kind, item.id) for i in items):
            items.append(item)
        if role not in roles.setdefault(unit, []):
            roles[unit].append(role)

    for task in year_plan.tasks:
        unit = year_plan.canonical_unit(task.lead_unit)
        wanted = settings.task_items_for(unit)
        for group in ("subtargets", "tracked"):
            if group in wanted:
                for t in getattr(year_plan, group):
                    if t.task == task.id:
                        add(unit, "lead_unit", Item("indicator", t.id, t.indicator.name_zh, t.indicator.name_en,
                                                    task.number))
        if "milestones" in wanted:
            for m in year_plan.milestones_of_task(task.id):
                add(unit, "lead_unit", Item("milestone", m.id, m.name_zh, m.name_en, task.number))
    for name, entry in settings.units.items():
        unit = year_plan.canonical_unit(name)
        ids = ([t.id for t in year_plan.headline] if entry.headline else []) + list(entry.indicators)
        for iid in dict.fromkeys(ids):
            ind = plan.indicator(iid)
            add(unit, "source", Item("indicator", iid, ind.name_zh, ind.name_en, None))
    return {u: (tuple(roles[u]), tuple(items)) for u, items in owed.items() if items}


def _settings(plan: Plan) -> ReportingSettings:
    if plan.reporting is None:
        raise ReportingError(f"{plan.path.name} has no [reporting] section: nothing says who owes what by when")
    return plan.reporting


def reporting_period(period_key: str) -> Period:
    period = parse_key(period_key)
    if not period.is_quarter_end:
        raise ReportingError(f"{period_key}: reporting is quarterly; name a quarter (e.g. {period.year}Q2)")
    return period


# ─────────────────────────── what has arrived ───────────────────────────

def build_reporting(plan: Plan, store, period_key: str, as_of: dt.date | None = None,
                    region: str | None = None) -> ReportingStatus:
    """Every unit's items for the quarter, judged against its deadline as of `as_of` (default: today)."""
    period = reporting_period(period_key)
    year_plan = plan.year(period.year)
    settings = _settings(plan)
    as_of = as_of or dt.date.today()
    region = region or plan.app.home_district
    got = {(r.kind, r.item): r for r in store.query("reporting_received", year=period.year, period=period.key,
                                                     region=region).itertuples(index=False)}
    units = []
    for unit, (roles, items) in expected_items(plan, year_plan).items():
        due = due_date(settings, unit, period)
        units.append(UnitReport(unit=unit, roles=roles, due=due,
                                items=tuple(_judge(i, got.get((i.kind, i.id)), due, as_of) for i in items)))
    return ReportingStatus(period=period, as_of=as_of, units=tuple(sorted(units, key=sort_key)))


def _judge(item: Item, row, due: dt.date, as_of: dt.date) -> ItemStatus:
    at = pd.Timestamp(row.received_at).to_pydatetime() if row is not None else None
    if at is None or at.date() > as_of:       # judged as of a past day: what came later had not come yet
        return ItemStatus(item, "missing", due, days_late=max((as_of - due).days, 0))
    late = (at.date() - due).days
    latest = int(row.latest_revision)
    return ItemStatus(item, "late" if late > 0 else "received", due, revision=int(row.revision), received_at=at,
                      received_by=str(row.received_by),
                      file_name=None if pd.isna(row.file_name) else str(row.file_name),
                      latest_revision=latest if latest != int(row.revision) else None,
                      days_late=late if late > 0 else None)

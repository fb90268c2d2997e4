"""催报通知: the reminder the task-force office sends to units with items still missing for a quarter — as
structured parts (for the 公文 DOCX) and as plain text for a chat message. Every fact comes from the
reporting status and plan_config.toml: units, items, deadlines, days overdue, the deadline rule, the date asked
for (请于X月X日前补报: [reporting].resubmit_days after the notice's date), the office and its contact.

What the notice chases is named from what is missing: 工作台账 (a lead unit's items for its tasks), 统计数据
(a data source's indicators), or both; each unit's items are grouped by kind, not labelled one by one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..analysis.submissions import ItemStatus, ReportingStatus, UnitReport, resubmit_by
from ..model.i18n import t
from ..model.plan import ReportingSettings, YearPlan
from .facts import date_text as _facts_date_text
from .facts import period_phrase

_ZH_NUMERALS = "一二三四五六七八九十"
# Item groups in the order a unit's paragraph lists them.
GROUPS = ("statistics", "ledger_value", "milestone")


def zh_ordinal(n: int) -> str:
    """1 → 一, 11 → 十一, 20 → 二十, 35 → 三十五 (公文 numbering 一、二、…)."""
    if n <= 10:
        return _ZH_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _ZH_NUMERALS[tens - 1]) + "十" + (_ZH_NUMERALS[ones - 1] if ones else ""))


def date_text(d: dt.date, lang: str) -> str:
    """2023年7月10日 / 10 Jul 2023: the project's one date wording (facts.date_text)."""
    return _facts_date_text(d, lang)


def group_of(i: ItemStatus) -> str:
    """statistics (a data source's indicator), ledger_value (a lead unit's figure for a task) or milestone."""
    if i.item.kind == "milestone":
        return "milestone"
    return "ledger_value" if i.item.task is not None else "statistics"


@dataclass(frozen=True)
class Reminder:
    title: str
    addressee: str
    opening: str
    units: tuple[tuple[str, tuple[str, ...]], ...]   # (numbered heading, one line per kind of missing item)
    closing: str
    signature: str
    date: str
    sample_note: str = ""                # 示例数据 mark: a notice built on the bundled sample must say so
    contact: str = ""                    # （联系人：…；联系电话：…） when plan_config gives them

    @property
    def empty(self) -> bool:
        return not self.units

    def text(self) -> str:
        """Plain text for a chat message: the same words, a unit's heading then its items by kind."""
        body = [line for head, lines in self.units for line in (head, *lines)]
        head = [self.sample_note, ""] if self.sample_note else []
        contact = [self.contact] if self.contact else []
        return "\n".join([*head, self.title, "", self.addressee, self.opening, *body, self.closing, *contact, "",
                          self.signature, self.date]) + "\n"


def unit_heading(i: int, u: UnitReport, lang: str) -> str:
    due = date_text(u.due, lang)
    if lang == "zh":
        late = f"，已逾期{u.days_overdue}天" if u.days_overdue else "，尚未到期"
        return f"{zh_ordinal(i)}、{u.unit}（截止日期{due}{late}，未报送{len(u.missing)}项）"
    late = f", {u.days_overdue} days overdue" if u.days_overdue else ", not yet due"
    return f"{i}. {u.unit} (due {due}{late}; {len(u.missing)} missing)"


def unit_lines(u: UnitReport, lang: str) -> tuple[str, ...]:
    """One line per kind of missing item: 里程碑进展（12项）：A；B。 (names contain 、 themselves: ； between)."""
    out = []
    for group in GROUPS:
        names = [i.item.name(lang) for i in u.missing if group_of(i) == group]
        if names:
            sep, end = ("；", "。") if lang == "zh" else ("; ", ".")
            out.append(t("reminder.group", lang, kind=t(f"reminder.kind.{group}", lang), n=len(names),
                         items=sep.join(names) + end))
    return tuple(out)


def sample_note(status: ReportingStatus, sample: bool, lang: str) -> str:
    """Why everything reads 迟报 on the bundled sample: it was imported in one go, after the deadlines. The page,
    the CLI and the JSON say it in these words."""
    if not sample or not status.totals()["late"]:
        return ""
    return t("report.sample_note", lang, period=status.period.label(lang, with_year=True))


def chased(units: tuple[UnitReport, ...], lang: str) -> str:
    """工作台账 / 统计数据 / 工作台账和统计数据: only what is actually missing."""
    groups = {group_of(i) for u in units for i in u.missing}
    parts = [t(f"reminder.what.{w}", lang) for w in ("ledger", "statistics")
             if (w == "ledger" and groups & {"ledger_value", "milestone"}) or (w == "statistics" and w in groups)]
    return t("reminder.what.and", lang).join(parts)


def deadline_rule(settings: ReportingSettings, units: tuple[UnitReport, ...], lang: str) -> str:
    """"季度结束后10日内（区统计局20日内）": the deadlines of the units chased, from [reporting]."""
    by_days: dict[int, list[str]] = {}
    for u in units:
        by_days.setdefault(settings.deadline_days_for(u.unit), []).append(u.unit)
    main = settings.deadline_days if settings.deadline_days in by_days else min(by_days)
    others = [t("reminder.rule_other", lang, units="、".join(names) if lang == "zh" else ", ".join(names), days=d)
              for d, names in sorted(by_days.items()) if d != main]
    tail = t("reminder.rule_others", lang, others=("，" if lang == "zh" else "; ").join(others)) if others else ""
    return t("reminder.rule", lang, days=main) + tail


def closing_text(units: tuple[UnitReport, ...], by: dt.date, office: str, lang: str) -> str:
    """请…于X月X日前补报: overdue units by the new date, units not yet due by their own deadline."""
    overdue = any(u.days_overdue for u in units)
    pending = any(not u.days_overdue for u in units)
    key = "both" if overdue and pending else "overdue" if overdue else "pending"
    return t(f"reminder.closing.{key}", lang, date=date_text(by, lang)) + t("reminder.help", lang, office=office)


def contact_text(settings: ReportingSettings, lang: str) -> str:
    parts = [t(f"reminder.{k}", lang, value=getattr(settings, k)) for k in ("contact", "phone")
             if getattr(settings, k)]
    return t("reminder.contact_line", lang, parts=("；" if lang == "zh" else "; ").join(parts)) if parts else ""


def build_reminder(status: ReportingStatus, year_plan: YearPlan, settings: ReportingSettings, lang: str = "zh",
                   sample: bool = False) -> Reminder:
    """`sample`: the store holds the bundled sample data, so the notice's facts are illustrative and it says so
    before its title (a forwarded notice must never present made-up facts as official)."""
    period = period_phrase(status.period, lang, with_year=True)   # the documents' one period phrase (doc12)
    tf = year_plan.task_force
    units = status.not_reported
    what = chased(units, lang) if units else ""
    return Reminder(
        title=t("reminder.title", lang, period=period, what=what),
        addressee=t("reminder.addressee", lang),
        opening=t("reminder.opening", lang, task_force=tf.name_zh, period=period, what=what,
                  rule=deadline_rule(settings, units, lang) if units else "",
                  as_of=date_text(status.as_of, lang), n=len(units)),
        units=tuple((unit_heading(i, u, lang), unit_lines(u, lang)) for i, u in enumerate(units, 1)),
        closing=closing_text(units, resubmit_by(settings, status.as_of), tf.office, lang),
        contact=contact_text(settings, lang),
        signature=t("reminder.signature", lang, task_force=tf.name_zh),
        date=date_text(status.as_of, lang),
        sample_note=t("reminder.sample_note", lang) if sample else "")

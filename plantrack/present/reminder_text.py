"""催报通知: the reminder the task-force office sends to units with items still missing for a quarter — as
structured parts (for the 公文 DOCX) and as plain text for a chat message. Every fact comes from the
reporting status and the plan: units, items, deadlines, days overdue, the office's name; nothing is invented
(no new deadline is set: the notice asks for the missing items and names the deadline that applied)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..i18n import t
from ..plan import YearPlan
from ..reporting import ReportingStatus, UnitReport

_ZH_NUMERALS = "一二三四五六七八九十"


def zh_ordinal(n: int) -> str:
    """1 → 一, 11 → 十一, 20 → 二十, 35 → 三十五 (公文 numbering 一、二、…)."""
    if n <= 10:
        return _ZH_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _ZH_NUMERALS[tens - 1]) + "十" + (_ZH_NUMERALS[ones - 1] if ones else ""))


def zh_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def date_text(d: dt.date, lang: str) -> str:
    return zh_date(d) if lang == "zh" else d.isoformat()


@dataclass(frozen=True)
class Reminder:
    title: str
    addressee: str
    opening: str
    units: tuple[tuple[str, str], ...]   # (numbered heading, the missing items)
    closing: str
    signature: str
    date: str
    sample_note: str = ""                # 示例数据 mark: a notice built on the bundled sample must say so

    @property
    def empty(self) -> bool:
        return not self.units

    def text(self) -> str:
        """Plain text for a chat message: the same words, one unit a paragraph."""
        body = [f"{head}{items}" for head, items in self.units]
        head = [self.sample_note, ""] if self.sample_note else []
        return "\n".join([*head, self.title, "", self.addressee, self.opening, *body, self.closing, "",
                          self.signature, self.date]) + "\n"


def unit_heading(i: int, u: UnitReport, lang: str) -> str:
    due = date_text(u.due, lang)
    if lang == "zh":
        late = f"，已逾期{u.days_overdue}天" if u.days_overdue else "，尚未到期"
        return f"{zh_ordinal(i)}、{u.unit}（截止日期{due}{late}，未报送{len(u.missing)}项）："
    late = f", {u.days_overdue} days overdue" if u.days_overdue else ", not yet due"
    return f"{i}. {u.unit} (due {due}{late}; {len(u.missing)} missing): "


def unit_items(u: UnitReport, lang: str) -> str:
    kinds = {"indicator": t("report.kind.indicator", lang), "milestone": t("report.kind.milestone", lang)}
    if lang == "zh":   # milestone names contain 、 themselves: items are separated by ；
        return "；".join(f"{i.item.name(lang)}（{kinds[i.item.kind]}）" for i in u.missing) + "。"
    return "; ".join(f"{i.item.name(lang)} ({kinds[i.item.kind].lower()})" for i in u.missing) + "."


def build_reminder(status: ReportingStatus, year_plan: YearPlan, lang: str = "zh", sample: bool = False) -> Reminder:
    """`sample`: the store holds the bundled sample data, so the notice's facts are illustrative and it says so
    before its title (a forwarded notice must never present made-up facts as official)."""
    period = status.period.label(lang, with_year=True)
    tf = year_plan.task_force
    units = tuple((unit_heading(i, u, lang), unit_items(u, lang)) for i, u in enumerate(status.not_reported, 1))
    return Reminder(
        title=t("reminder.title", lang, period=period),
        addressee=t("reminder.addressee", lang),
        opening=t("reminder.opening", lang, task_force=tf.name_zh, period=period,
                  span=status.period.span_label(lang), as_of=date_text(status.as_of, lang), n=len(units)),
        units=units,
        closing=t("reminder.closing", lang, office=tf.office),
        signature=t("reminder.signature", lang, task_force=tf.name_zh),
        date=date_text(status.as_of, lang),
        sample_note=t("reminder.sample_note", lang) if sample else "")

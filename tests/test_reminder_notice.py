"""催报通知 as the task-force office would send it (issue 17 review): a concrete 补报 date from [reporting]
(working or calendar days), the deadline rule stated from the config, items grouped by kind, a title naming
only what is chased, no ASCII hyphen in a range, the optional contact — over generated reporting states."""
import dataclasses
import datetime as dt
import io
import random
import re

import pytest
from docx import Document

from plantrack.analysis.submissions import (
    ItemStatus,
    ReportingStatus,
    UnitReport,
    due_date,
    expected_items,
    resubmit_by,
    sort_key,
)
from plantrack.export.reminder_docx import build_reminder_docx
from plantrack.model.periods import Period
from plantrack.model.plan import get_plan
from plantrack.present.reminder_text import build_reminder, date_text

PLAN = get_plan()
SETTINGS = PLAN.reporting


def working_days_between(a: dt.date, b: dt.date, holidays=()) -> int:
    """Working days in (a, b]."""
    return sum(1 for k in range(1, (b - a).days + 1)
               if (d := a + dt.timedelta(days=k)).weekday() < 5 and d not in holidays)


@pytest.mark.parametrize("seed", range(40))
def test_resubmit_date_counts_working_or_calendar_days_from_the_config(seed):
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))
    n = rng.randrange(0, 12)
    holidays = tuple(start + dt.timedelta(days=rng.randrange(1, 20)) for _ in range(rng.randrange(4)))
    working = dataclasses.replace(SETTINGS, resubmit_days=n, resubmit_day_kind="working", non_working_days=holidays)
    by = resubmit_by(working, start)
    assert working_days_between(start, by, holidays) == n
    if n:   # the n-th working day itself, never a weekend or holiday after it
        assert by.weekday() < 5 and by not in holidays
    calendar = dataclasses.replace(working, resubmit_day_kind="calendar")
    assert resubmit_by(calendar, start) == start + dt.timedelta(days=n)


def random_status(rng: random.Random, period: Period) -> ReportingStatus:
    """A reporting state: some units, each item received / late / missing, judged at a random day."""
    owed = expected_items(PLAN, PLAN.year(period.year))
    as_of = dt.date(period.year, period.end_month, 28) + dt.timedelta(days=rng.randrange(1, 60))
    units = []
    for name, (roles, items) in rng.sample(sorted(owed.items()), rng.randrange(1, len(owed) + 1)):
        due = due_date(SETTINGS, name, period)
        states = []
        for it in items:
            s = rng.choice(("received", "late", "missing", "missing"))
            states.append(ItemStatus(it, s, due, days_late=max((as_of - due).days, 0) if s == "missing" else None))
        units.append(UnitReport(name, roles, due, tuple(states)))
    return ReportingStatus(period, as_of, tuple(sorted(units, key=sort_key)))


QUARTERS = [Period(2023, m) for m in (3, 6, 9, 12)]


@pytest.mark.parametrize("seed", range(30))
def test_generated_notices_read_as_a_notice(seed):
    rng = random.Random(seed)
    period = QUARTERS[seed % 4]
    status = random_status(rng, period)
    settings = dataclasses.replace(SETTINGS, resubmit_days=rng.randrange(1, 8),
                                   resubmit_day_kind=rng.choice(("working", "calendar")))
    r = build_reminder(status, PLAN.year(2023), settings)
    chased = status.not_reported
    if not chased:
        assert r.empty
        return
    text = r.text()
    # the title names only what is chased: 工作台账 for a lead unit's items, 统计数据 for a source's indicators
    ledger = any(i.item.task is not None for u in chased for i in u.missing)
    stats = any(i.item.task is None for u in chased for i in u.missing)
    what = "工作台账和统计数据" if ledger and stats else "工作台账" if ledger else "统计数据"
    # the documents' period phrase: 2023年上半年, the year end "2023年" (never 全年 after the year)
    phrase = "2023年" if period.end_month == 12 else period.label("zh", with_year=True)
    assert r.title == f"关于催报{phrase}{what}的通知"
    assert f"{what}应于季度结束后" in r.opening
    # the rule stated from the config: each chased unit's days, the default first
    days = {u.unit: settings.deadline_days_for(u.unit) for u in chased}
    main = settings.deadline_days if settings.deadline_days in days.values() else min(days.values())
    assert f"季度结束后{main}日内" in r.opening
    for unit, d in days.items():
        if d != main:
            assert f"{unit}{d}日内" in r.opening
    # a concrete date asked for when anything is overdue; units not yet due keep their own deadline
    by = date_text(resubmit_by(settings, status.as_of), "zh")
    overdue = any(u.days_overdue for u in chased)
    assert (f"于{by}前补报" in r.closing) == overdue
    assert ("截止日期前报送" in r.closing) == any(not u.days_overdue for u in chased)
    # items grouped by kind: each missing item named once, no per-item kind label, counts add up
    for (head, lines), u in zip(r.units, chased):
        assert f"未报送{len(u.missing)}项" in head
        assert sum(int(re.match(r"^\S+?（(\d+)项）：", line).group(1)) for line in lines) == len(u.missing)
        body = "".join(lines)
        for i in u.missing:
            assert body.count(i.item.name_zh) >= 1
        assert "（里程碑进展）" not in body and "（指标数据）" not in body
    # a range in a 公文 never has an ASCII hyphen
    assert "-" not in text


def test_the_sample_quarter_as_sent(tmp_path):
    """The review's case: 2023Q2 as of 25 July 2023, nothing from the bureau chased → the title says 工作台账 only
    when the bureau is complete; the DOCX carries the grouped lines, the date and the contact."""
    period = Period(2023, 6)
    owed = expected_items(PLAN, PLAN.year(2023))
    as_of = dt.date(2023, 7, 25)        # a Tuesday: three working days → Friday 28 July
    units = []
    for name, (roles, items) in owed.items():
        due = due_date(SETTINGS, name, period)
        if name == "区统计局":
            states = [ItemStatus(i, "received", due) for i in items]
        else:
            states = [ItemStatus(i, "missing", due, days_late=(as_of - due).days) for i in items]
        units.append(UnitReport(name, roles, due, tuple(states)))
    status = ReportingStatus(period, as_of, tuple(sorted(units, key=sort_key)))
    settings = dataclasses.replace(SETTINGS, resubmit_days=3, resubmit_day_kind="working", contact="张三",
                                   phone="0730-1234567")
    r = build_reminder(status, PLAN.year(2023), settings)
    assert r.title == "关于催报2023年上半年工作台账的通知"
    assert "调度安排，2023年上半年工作台账应于季度结束后10日内报送专班办公室。" in r.opening   # no "（1-6月）"
    assert r.closing.startswith("请上述单位于2023年7月28日前补报未报送事项。")
    assert r.contact == "（联系人：张三；联系电话：0730-1234567）"
    doc = [p.text for p in Document(io.BytesIO(build_reminder_docx(r))).paragraphs if p.text]
    assert r.contact in doc and r.closing in doc
    first_unit = doc.index(r.units[0][0])
    assert doc[first_unit + 1].startswith(("台账指标数据（", "里程碑进展（"))
    # without a contact in the config, no empty brackets
    assert build_reminder(status, PLAN.year(2023), SETTINGS).contact == "" or SETTINGS.contact


def test_statistics_only_notice_states_the_bureaus_rule():
    period = Period(2023, 9)
    owed = expected_items(PLAN, PLAN.year(2023))
    roles, items = owed["区统计局"]
    due = due_date(SETTINGS, "区统计局", period)
    as_of = due + dt.timedelta(days=2)
    u = UnitReport("区统计局", roles, due, tuple(ItemStatus(i, "missing", due, days_late=2) for i in items))
    r = build_reminder(ReportingStatus(period, as_of, (u,)), PLAN.year(2023), SETTINGS)
    assert r.title == "关于催报2023年前三季度统计数据的通知"
    assert "统计数据应于季度结束后20日内报送" in r.opening and "（区统计局" not in r.opening
    assert r.units[0][1][0].startswith("统计数据（5项）：地区生产总值；")

"""The presentation model: a period's scorecard turned into its display facts once, in zh or en.

Every screen and document (pages, charts, meeting mode, narrative, PPTX, DOCX, the CLI's `status`) reads these
facts instead of formatting on its own, so a figure, a label, a count or the order of the red items cannot
differ between them. One rounding rule (四舍五入, ROUND_HALF_UP, i18n.round_half_up); gaps are computed from the
rounded figures shown, so a line adds up (6.3% against 10% is −3.7 points, never −3.8).

    facts = period_facts(card, "zh")
    facts.headline[0].actual_text      "5.3%"
    facts.headline[0].status.text      "■ 低于目标"
    facts.by_id("funds_secured").gap_text   "−7.0个百分点"  (year end: "差1.4亿元")
    facts.counts.total, facts.counts.items()
    facts.red                          grouped by kind, worst first within each group
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..analysis.scorecard import Assessment, Scorecard
from ..model import kinds, metrics
from ..model.i18n import (
    MILESTONE_ICONS,
    STATUS_COLOURS,
    STATUS_ICONS,
    fmt_number,
    fmt_pp,
    fmt_rate,
    fmt_value,
    round_half_up,
    t,
)
from ..model.kinds import KindSpec
from ..model.metrics import missing as _missing
from ..model.periods import EN_MONTHS, Period

# Display order of statuses in counts (green first; red is listed separately as red items).
STATUS_ORDER = ("green", "yellow", "red", "no_data")
MILESTONE_ORDER = ("done", "in_progress", "not_started", "delayed", "not_reported")
# Quotas of whole things are whole (36.7个 → 37个: the quota must be reached, so round up).
WHOLE_UNITS = frozenset({"个", "家", "台", "人", "条", "栋", "所", "户"})


def _r1(x: float | None) -> float | None:
    return None if _missing(x) else round_half_up(x, 1)


def value_text(x: float | None, unit: str, lang: str) -> str:
    """A value with its unit, half up: 385.36亿元 / 96个 / 4.7% (rates one decimal); English amounts as
    i18n.fmt_value writes them (38,536 m yuan)."""
    if _missing(x):
        return "—"
    if unit == "%":
        return fmt_rate(x, lang)
    return fmt_value(x, unit, lang)


def target_text(value: float | None, kind: str, unit: str, lang: str) -> str:
    """How a target reads, from the kind table's operator: ≥10%, 228个, ≤5%, ≥95%."""
    if _missing(value):
        return "—"
    spec = kinds.spec(kind)
    shown = f"{fmt_number(value)}%" if spec.actual_is_rate or unit == "%" else value_text(value, unit, lang)
    if is_held(kind, value, unit):
        # a share cannot exceed 100%: the plan says 保持100%, and "≥100%" reads as a misprint
        return t("present.target_hold_full", lang, value=shown)
    return f"{spec.operator}{shown}"


def is_held(kind: str, value: float | None, unit: str) -> bool:
    """A level target at 100% cannot be exceeded, only held: it reads "保持100%", not "≥100%"."""
    spec = kinds.spec(kind)
    return spec.operator == "≥" and unit == "%" and not spec.actual_is_rate and not _missing(value) and value >= 100


def signed_value_text(x: float, unit: str, lang: str) -> str:
    """+0.5亿元 / −2条; points for % units."""
    if unit == "%":
        return fmt_pp(x, lang)
    v = round_half_up(x, 2)
    return ("-" if v < 0 else "+" if v > 0 else "") + value_text(abs(v), unit, lang)


def pp_text(x: float | None, lang: str, signed: bool = True) -> str:
    return fmt_pp(x, lang, signed=signed)


def period_phrase(period: Period, lang: str = "zh", with_year: bool = False) -> str:
    """The period as documents write it (公文, 催报通知, captions): `span_text` — 一季度 / 上半年 / 前三季度 / 全年 /
    1月 / 1—5月, the one-em dash of GB/T 15834 (连接号), never "1-5月".

    with_year: 2023年上半年 / 2023年1—5月; the year end is the year itself, "2023年" (never "2023年全年").
    """
    base = span_text(period, lang)
    if not with_year:
        return base
    if period.end_month == 12:
        return f"{period.year}年" if lang == "zh" else str(period.year)
    return f"{period.year}年{base}" if lang == "zh" else f"{base} {period.year}"


def rest_of_year(period: Period, lang: str) -> str:
    """下半年 after H1, 四季度 after Q3, 二至四季度 after Q1, "8—12月" after a month."""
    named = {3: "present.rest.q1", 6: "present.rest.h1", 9: "present.rest.q3", 11: "present.rest.dec"}
    if period.end_month in named:
        return t(named[period.end_month], lang)
    return t("present.rest.months", lang, start=period.end_month + 1, start_en=EN_MONTHS[period.end_month + 1])


def span_text(period: Period, lang: str) -> str:
    """The cumulative span as documents write it: 一季度 / 上半年 / 前三季度 / 全年, other months 1—7月 (一字线,
    GB/T 15834, never the ASCII hyphen); English Jan–Jul."""
    if lang == "en":
        return period.span_label("en")
    if period.end_month % 3 == 0 or period.end_month == 1:
        return period.label("zh")
    return t("present.span_months", lang, end=period.end_month)


def cutoff_text(period: Period, lang: str) -> str:
    """The data cut-off: 2023年6月底 / end of Jun 2023 — one phrase for screens and documents."""
    month = EN_MONTHS[period.end_month] if lang == "en" else period.end_month
    return t("present.cutoff", lang, year=period.year, month=month)


def cutoff_line(period: Period, lang: str) -> str:
    """数据截至2023年6月底 / Data as of end of Jun 2023 (the year end too: 数据截至2023年12月底)."""
    return t("present.cutoff_line", lang, cutoff=cutoff_text(period, lang))


def pace_text(period: Period, required: float | None, lang: str) -> str:
    """"下半年需增长14.3%": the growth the rest of the year needs, named after the span still to come."""
    if _missing(required) or metrics.is_year_end(period.end_month):
        return ""
    rate = fmt_rate(required, lang)
    named = {3: "dash.pace.q1", 6: "dash.pace.h1", 9: "dash.pace.q3", 11: "dash.pace.dec"}
    if period.end_month in named:
        return t(named[period.end_month], lang, value=rate)
    return t("dash.pace.months", lang, value=rate, start=period.end_month + 1,
             start_en=EN_MONTHS[period.end_month + 1])


# ─────────────────────────── the facts ───────────────────────────

@dataclass(frozen=True)
class StatusFacts:
    status: str      # green / yellow / red / no_data
    label: str       # 序时推进 / 进度滞后 / 严重滞后 / 达标 / 完成 / 未完成 …
    icon: str        # ● ▲ ■ ○: status survives black-and-white print
    colour: str
    key: str = ""    # the label's locale key (label.cumulative.done_early …): orders a tally

    @property
    def text(self) -> str:
        return f"{self.icon} {self.label}"


def status_facts(kind: str, status: str, lang: str, year_end: bool = False,
                 completion: float | None = None) -> StatusFacts:
    key = metrics.label_key(kind, status, year_end, completion)
    return StatusFacts(status, t(key, lang), STATUS_ICONS[status], STATUS_COLOURS[status], key)


# The words a screen may use for a target's status: every label of the kind table, in display order (within a
# status: done early first, then by kind). A tally of targets counts by these words, never by a colour's name.
LABEL_KEYS = ("label.year_end.green", "label.cumulative.done_early",
              *(f"label.{k}.green" for k in kinds.KINDS), *(f"label.{k}.yellow" for k in kinds.KINDS),
              *(f"label.{k}.red" for k in kinds.KINDS), "label.year_end.red", "label.no_data")


def vocabulary(lang: str) -> frozenset[str]:
    """Every status word of the presentation model in a language (达标, 接近目标, 序时推进, 严重滞后, 完成 …)."""
    return frozenset(t(k, lang) for k in LABEL_KEYS)


@dataclass(frozen=True)
class TargetFacts:
    """One target at the period, as every renderer shows it."""
    id: str
    spec: KindSpec
    name: str
    short: str
    unit: str                  # the plan's unit ("%" for the growth rate of a growth target is `actual_unit`)
    actual_unit: str
    is_headline: bool
    area: str | None
    task_number: str
    lead_unit: str
    year_end: bool
    actual: float | None       # as shown (rates one decimal, values two)
    actual_text: str
    target: float | None
    target_text: str
    completion: float | None   # counts: % of the annual target, one decimal
    completion_text: str
    time_progress_text: str
    gap: float | None          # as shown, in `gap_unit`; positive = ahead
    gap_unit: str              # "pp" or the indicator's unit
    gap_text: str              # −3.7个百分点 / −7.0个百分点 / 差1.4亿元 / +0.3个百分点
    shortfall: float | None    # in the target's unit, 0 when met (counts, ceilings, levels)
    shortfall_text: str        # at year end: 差1.4亿元; "" in the year, when met or unknown
    status: StatusFacts
    change: float | None = None        # growth: points on the previous quarter, as shown
    change_text: str = ""              # +0.4个百分点
    change_size_text: str = ""         # 0.4个百分点 (for 提高 / 回落 phrasing)
    previous_label: str = ""           # 一季度
    change_phrase: str = ""            # 较一季度提高0.7个百分点 / 与一季度持平: the one wording for cards and slides
    level_text: str = ""               # growth: the cumulative level, 385.36亿元
    last_year_text: str = ""           # the same period last year
    required: float | None = None      # growth: the rest of the year needs this, %, one decimal
    pace_text: str = ""                # 下半年需增长14.3% / …无法测算（缺少总量数据）
    remaining_text: str = ""           # counts: 尚余132个，每季度约66个
    derived: bool = False              # growth: computed from two levels, not reported; actual_text says （推算）
    assessment: Assessment | None = field(default=None, repr=False, compare=False)

    @property
    def kind(self) -> str:
        return self.spec.kind

    def as_row(self) -> dict:
        """The figures as texts, for the cross-renderer test and simple tables."""
        return {"name": self.name, "actual": self.actual_text, "target": self.target_text,
                "completion": self.completion_text, "gap": self.gap_text, "status": self.status.text}


def _gap_facts(a: Assessment, spec: KindSpec, actual: float | None, completion: float | None,
               lang: str) -> tuple[float | None, str, str]:
    """(gap as shown, its unit, its text) by the kind table's gap unit (in the year or at year end)."""
    target = a.target.target
    unit = a.target.unit
    if _missing(actual) or _missing(target):
        return None, "pp", "—"
    gap_unit = spec.year_end_gap_unit if a.year_end else spec.gap_unit
    if gap_unit == "pp":
        if spec.status_rule == "time_progress":
            g = round_half_up(completion - a.time_progress_pct, 1)
        else:
            g = round_half_up(actual - target, 1)
        return g, "pp", pp_text(g, lang)
    # in the unit: counts at year end as a shortfall or surplus; ceilings and levels signed
    if spec.status_rule == "time_progress":
        g = round_half_up(actual - target, 2)
        if g < 0:
            return g, unit, t("present.shortfall", lang, value=value_text(-g, unit, lang))
        if g > 0:
            return g, unit, t("present.surplus", lang, value=value_text(g, unit, lang))
        return g, unit, t("present.on_target", lang)
    g = spec.gap(actual, target, a.time_progress_pct)
    g = round_half_up(g, 1 if unit == "%" else 2)
    return g, unit, signed_value_text(g, unit, lang)


def _pace(a: Assessment, lang: str) -> str:
    if not kinds.spec(a.kind).actual_is_rate or a.year_end or _missing(a.target.target):
        return ""
    if not _missing(a.required_growth):
        return pace_text(a.period, a.required_growth, lang)
    if _missing(a.actual):
        reason = "present.reason_no_growth"
    elif _missing(a.prev_value):
        reason = "present.reason_no_levels"
    else:
        reason = "present.reason_no_prev_year"
    return t("present.pace_unknown", lang, rest=rest_of_year(a.period, lang), reason=t(reason, lang))


def _quota(x: float, unit: str) -> float:
    return math.ceil(x - 1e-9) if unit in WHOLE_UNITS else round_half_up(x, 2)


def _change_phrase(change: float, previous: str, lang: str) -> str:
    """The change on the previous quarter as words, so a zero reads 持平 (never "+0.0") on every card."""
    key = "dash.card.up" if change > 0 else "dash.card.down" if change < 0 else "dash.card.flat"
    return t(key, lang, prev=previous, pp=pp_text(change, lang, signed=False))


def target_facts(a: Assessment, card: Scorecard, lang: str) -> TargetFacts:
    spec = kinds.spec(a.kind)
    plan = card.plan
    ind = a.target.indicator
    unit = a.target.unit
    actual_unit = "%" if spec.actual_is_rate else unit
    actual = None if _missing(a.actual) else (
        round_half_up(a.actual, 1) if actual_unit == "%" else round_half_up(a.actual, 2))
    completion = None if spec.status_rule != "time_progress" or _missing(a.completion_pct) \
        else round_half_up(a.completion_pct, 1)
    gap, gap_unit, gap_text = _gap_facts(a, spec, actual, completion, lang)
    shortfall = None if spec.actual_is_rate or _missing(a.shortfall) else round_half_up(a.shortfall, 2)
    task = plan.task(a.target.task) if a.target.task else None
    extra: dict = {}
    if spec.actual_is_rate:
        prev_q = a.period.previous_quarter()
        if prev_q is not None and not _missing(a.previous_actual) and actual is not None:
            change = round_half_up(actual - round_half_up(a.previous_actual, 1), 1)
            extra.update(change=change, change_text=pp_text(change, lang), previous_label=prev_q.label(lang),
                         change_size_text=pp_text(change, lang, signed=False),
                         change_phrase=_change_phrase(change, prev_q.label(lang), lang))
        if not _missing(a.value):
            extra["level_text"] = value_text(a.value, unit, lang)
        if not _missing(a.last_year_actual):
            extra["last_year_text"] = fmt_rate(a.last_year_actual, lang)
        extra["required"] = _r1(a.required_growth)
        extra["pace_text"] = _pace(a, lang)
    else:
        if not _missing(a.last_year_actual):
            extra["last_year_text"] = value_text(a.last_year_actual, unit, lang)
        if spec.status_rule == "time_progress" and a.remaining and not _missing(a.remaining_per_quarter):
            extra["remaining_text"] = t("present.remaining", lang, rest=value_text(a.remaining, unit, lang),
                                        per=value_text(_quota(a.remaining_per_quarter, unit), unit, lang))
    return TargetFacts(
        id=a.id, spec=spec, name=ind.name(lang), short=ind.short(lang), unit=unit, actual_unit=actual_unit,
        is_headline=a.target.is_headline, area=task.area if task else None, task_number=task.number if task else "",
        lead_unit=plan.canonical_unit(task.lead_unit) if task else "", year_end=a.year_end,
        actual=actual, actual_text=_actual_text(actual, actual_unit, a.growth_derived, lang), target=a.target.target,
        target_text=target_text(a.target.target, a.kind, unit, lang),
        completion=completion, completion_text="—" if completion is None else fmt_rate(completion, lang),
        time_progress_text=fmt_rate(a.time_progress_pct, lang) if spec.status_rule == "time_progress" else "—",
        gap=gap, gap_unit=gap_unit, gap_text=gap_text, shortfall=shortfall,
        shortfall_text=t("present.shortfall", lang, value=value_text(shortfall, unit, lang))
        if shortfall and a.year_end else "",
        status=status_facts(a.kind, a.status, lang, a.year_end, a.completion_pct), derived=a.growth_derived,
        assessment=a, **extra)


def _actual_text(actual: float | None, unit: str, derived: bool, lang: str) -> str:
    """The figure as shown; a growth rate the importer computed from two levels carries （推算） (issue 10)."""
    shown = value_text(actual, unit, lang)
    return shown + t("present.derived", lang) if derived and actual is not None else shown


# ─────────────────────────── counts ───────────────────────────

@dataclass(frozen=True)
class Counts:
    """Targets by status: the one count every screen and document shows (every target of the plan)."""
    by_status: dict[str, int]
    year_end: bool
    lang: str

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    def statuses(self) -> tuple[str, ...]:
        """The statuses shown: no yellow at year end (every target is met or not)."""
        return tuple(s for s in STATUS_ORDER if not (self.year_end and s == "yellow"))

    def label(self, status: str) -> str:
        return t(f"count.year_end.{status}" if self.year_end else f"status.{status}", self.lang)

    def text(self, status: str) -> str:
        """● 完成 / ■ 未完成: icon and word of a count category."""
        return f"{STATUS_ICONS[status]} {self.label(status)}"

    def items(self) -> list[tuple[str, str, int]]:
        """(status, icon + word, n) in display order."""
        return [(s, self.text(s), self.by_status.get(s, 0)) for s in self.statuses()]

    def __getitem__(self, status: str) -> int:
        return self.by_status.get(status, 0)


def counts_of(targets, year_end: bool, lang: str) -> Counts:
    by_status = dict.fromkeys(STATUS_ORDER, 0)
    for f in targets:
        by_status[f.status.status] += 1
    return Counts(by_status, year_end, lang)


@dataclass(frozen=True)
class Tally:
    """Targets counted by their own status words (2项提前完成、6项序时推进、6项进度滞后、5项严重滞后): what screens
    show wherever they count, so a count uses the words the cards, lists and legends use."""
    rows: tuple[tuple[str, str, int], ...]     # (status, label, n), green first; only labels that occur
    lang: str

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.rows)

    def items(self) -> list[tuple[str, str, int]]:
        """(status, icon + word, n) in display order (as Counts.items)."""
        return [(s, f"{STATUS_ICONS[s]} {label}", n) for s, label, n in self.rows]

    def worst_first(self) -> list[tuple[str, str, int]]:
        order = {"red": 0, "yellow": 1, "no_data": 2, "green": 3}
        return sorted(self.items(), key=lambda r: order[r[0]])

    def behind(self) -> list[tuple[str, str, int]]:
        """The red and yellow words, worst first (本领域5项严重滞后、6项进度滞后)."""
        return [r for r in self.worst_first() if r[0] in ("red", "yellow")]

    def phrase(self, rows) -> str:
        """"5项严重滞后、6项进度滞后" / "5 far behind schedule, 6 behind schedule"."""
        sep = "、" if self.lang == "zh" else ", "
        def word(text: str) -> str:
            label = text.split(" ", 1)[1]
            return label.lower() if self.lang == "en" else label
        return sep.join(t("present.tally_part", self.lang, n=n, label=word(text)) for _, text, n in rows)


def tally_of(targets, lang: str) -> Tally:
    found: dict[tuple[str, str], int] = {}
    rank = {k: i for i, k in enumerate(LABEL_KEYS)}
    keys: dict[tuple[str, str], int] = {}
    for f in targets:
        k = (f.status.status, f.status.label)
        found[k] = found.get(k, 0) + 1
        keys[k] = min(keys.get(k, len(rank)), rank.get(f.status.key, len(rank)))
    ordered = sorted(found, key=lambda k: (STATUS_ORDER.index(k[0]), keys[k]))
    return Tally(tuple((s, label, found[(s, label)]) for s, label in ordered), lang)


@dataclass(frozen=True)
class MilestoneCounts:
    by_state: dict[str, int]   # done / in_progress / not_started / delayed / not_reported (未报送, counted apart)
    overdue: int
    lang: str

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def reported(self) -> int:
        return self.total - self.by_state.get("not_reported", 0)

    def items(self) -> list[tuple[str, str, int]]:
        return [(s, f"{MILESTONE_ICONS[s]} {t(f'milestone.{s}', self.lang)}", self.by_state.get(s, 0))
                for s in MILESTONE_ORDER]


def milestone_counts(ms, lang: str) -> MilestoneCounts:
    by_state = dict.fromkeys(MILESTONE_ORDER, 0)
    overdue = 0
    if ms is not None and not ms.empty:
        for r in ms.itertuples(index=False):
            by_state[r.status] = by_state.get(r.status, 0) + 1
            overdue += bool(r.overdue)
    return MilestoneCounts(by_state, overdue, lang)


# ─────────────────────────── red items ───────────────────────────

@dataclass(frozen=True)
class RedItem:
    group: str                 # growth | count | limit | milestone (kinds.RED_GROUPS, in that order)
    id: str
    name: str
    is_headline: bool
    area: str | None
    task_number: str
    lead_unit: str
    detail: str                # gap text with its unit, or the milestone's state and due date
    task_name: str = ""        # the task's name (完善基础设施): what a leader reads instead of its number
    target: TargetFacts | None = None
    due: object = None
    due_text: str = ""
    milestone_status: str | None = None
    state_text: str = ""       # milestones: ✖ 滞后 / ◐ 推进中
    note: str = ""

    @property
    def kind(self) -> str:
        """"target" or "milestone"."""
        return "milestone" if self.group == "milestone" else "target"


def date_text(d, lang: str) -> str:
    if _missing(d) or d is None:
        return "—"
    if lang == "en":
        return f"{d.day} {EN_MONTHS[d.month]} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


def red_items_of(targets: tuple[TargetFacts, ...], card: Scorecard, lang: str) -> tuple[RedItem, ...]:
    """Grouped by kind (growth targets in 百分点, count targets against time progress, ceilings and held levels,
    overdue milestones), worst first within each group; the same order on every screen and document."""
    plan = card.plan
    reds = [f for f in targets if f.status.status == "red"]
    reds.sort(key=lambda f: (*metrics.red_sort_key(f.kind, f.assessment.gap, f.target), not f.is_headline))
    def task_name(task_id) -> str:
        return plan.task(task_id).name(lang) if task_id else ""

    out = [RedItem(group=f.spec.red_group, id=f.id, name=f.name, is_headline=f.is_headline, area=f.area,
                   task_number=f.task_number, lead_unit=f.lead_unit, detail=f.gap_text, target=f,
                   task_name=task_name(f.assessment.target.task))
           for f in reds]
    ms = card.milestones
    rows = []
    if ms is not None and not ms.empty:
        for r in ms[ms.overdue.astype(bool)].itertuples(index=False):
            task = plan.task(r.task)
            due = None if _missing(r.due) else r.due
            # overdue with no report: 逾期未报送 (the work and the report are both owed)
            key = "milestone.overdue_not_reported" if r.status == "not_reported" else f"milestone.{r.status}"
            state = f"{MILESTONE_ICONS[r.status]} {t(key, lang)}"
            due_txt = "" if due is None else date_text(due, lang)
            if due_txt and bool(getattr(r, "due_inferred", False)):
                due_txt = t("present.due_inferred", lang, date=due_txt)
            rows.append(RedItem(group="milestone", id=r.milestone, name=r.name_en if lang == "en" else r.name_zh,
                                is_headline=False, area=r.area, task_number=task.number,
                                task_name=task.name(lang), lead_unit=plan.canonical_unit(task.lead_unit),
                                detail=state + (("，" if lang == "zh" else ", ") + due_txt if due_txt else ""),
                                due=due, due_text=due_txt, milestone_status=r.status, state_text=state,
                                note="" if _missing(r.note) else str(r.note or "")))
    # earliest due first (longest overdue); reported delays without a stated date after them
    rows.sort(key=lambda m: (m.due is None, m.due or 0, m.task_number, m.id))
    return tuple(out + rows)


# ─────────────────────────── a period ───────────────────────────

@dataclass(frozen=True)
class PeriodFacts:
    card: Scorecard = field(repr=False)
    lang: str
    period: Period
    year_end: bool
    label: str                        # 2023年上半年
    time_progress_text: str           # 50.0%
    headline: tuple[TargetFacts, ...]
    subtargets: tuple[TargetFacts, ...]
    counts: Counts                    # every target (headline and sub-targets)
    milestones: MilestoneCounts
    red: tuple[RedItem, ...]

    @property
    def all(self) -> tuple[TargetFacts, ...]:
        return self.headline + self.subtargets

    def by_id(self, indicator_id: str) -> TargetFacts:
        return next(f for f in self.all if f.id == indicator_id)

    def of_area(self, area_id: str) -> tuple[TargetFacts, ...]:
        return tuple(f for f in self.subtargets if f.area == area_id)

    def of_task(self, task_number_or_id: str) -> tuple[TargetFacts, ...]:
        return tuple(f for f in self.subtargets
                     if f.assessment.target.task == task_number_or_id or f.task_number == task_number_or_id)

    def counts_of(self, targets) -> Counts:
        return counts_of(targets, self.year_end, self.lang)

    def tally(self, targets=None) -> Tally:
        """Targets (all by default) counted by their status words: the count a screen shows."""
        return tally_of(self.all if targets is None else targets, self.lang)

    def red_of_areas(self, areas) -> tuple[RedItem, ...]:
        """The red items of some areas (headline items always), in the same order."""
        keep = set(areas)
        return tuple(r for r in self.red if r.is_headline or r.area in keep)


def period_facts(card: Scorecard, lang: str = "zh") -> PeriodFacts:
    """Every display fact of a period, once."""
    headline = tuple(target_facts(a, card, lang) for a in card.headline)
    subtargets = tuple(target_facts(a, card, lang) for a in card.subtargets)
    year_end = card.year_end
    return PeriodFacts(card=card, lang=lang, period=card.period, year_end=year_end,
                       label=card.period.label(lang, with_year=True),
                       time_progress_text=fmt_rate(card.period.time_progress_pct, lang),
                       headline=headline, subtargets=subtargets,
                       counts=counts_of(headline + subtargets, year_end, lang),
                       milestones=milestone_counts(card.milestones, lang),
                       red=red_items_of(headline + subtargets, card, lang))

"""情景测算 (what if): where a headline indicator ends the year if each remaining quarter grows at a chosen rate.

Arithmetic on the comparable base, the same as the required pace (DESIGN, "Domain rules"): with last year's
full-year level Y, last year's cumulative level Yc to the period and this year's reported cumulative growth g,
this year's cumulative value on last year's base is Yc·(1+g) — never this year's nominal level, which for a
real growth rate (GDP, 可比价) is in other prices. A remaining quarter k adds last year's level of the same
months q_k, grown by its rate s_k:

    projected full year = Yc·(1+g) + Σ q_k·(1+s_k)        projected growth G = projected / Y − 1

s_k is the growth of quarter k alone on the same quarter last year (当季同比), not the cumulative growth to its
end (1—9月累计): that one is what the chart's points and the projection's points show.

With every s_k equal to the required pace r = [(1+T)·Y − Yc·(1+g)] / (Y − Yc) − 1, G is exactly the target T.
q_k is the difference of last year's cumulative levels at the quarter ends (from last year's own rows, else
this year's "上年同期" column). When those are not known but every remaining quarter has the same rate, Y − Yc
is all that is needed; otherwise the projection says which level is missing instead of guessing a split.

A scenario is a mapping {indicator: {"Q3": 7.5, "Q4": 8.0}}, written `gdp:Q3=7.5,Q4=8;revenue:Q4=12` in a link
and `--set gdp:Q3=7.5,Q4=8` on the command line. It is never stored: every figure here is a 测算 (estimate).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..model import metrics
from ..model.i18n import STATUS_COLOURS, STATUS_ICONS, fmt_pp, fmt_rate, t
from ..model.i18n import round_half_up as i18n_round_half_up
from ..model.metrics import as_float
from ..model.periods import Period, parse_key
from ..model.plan import IndicatorDef, Plan, StatusThresholds, YearPlan
from .facts import StatusFacts, rest_of_year, status_facts

# A quarter's growth outside this range is a typo, not a scenario (a level cannot fall by 100 % or more).
RATE_MIN, RATE_MAX = -100.0, 1000.0

Scenario = dict[str, dict[str, float]]


class ScenarioError(ValueError):
    """A scenario that cannot be applied; the message says which part and why."""


# ─────────────────────────── remaining quarters ───────────────────────────

def remaining_spans(period: Period) -> tuple[tuple[str, int, int], ...]:
    """(quarter key, first month, last month) of every span still to come after the period, up to December.

    After 2023Q2: Q3 (7–9), Q4 (10–12). After 2023M05 the rest of the second quarter comes first: Q2 (6–6)."""
    out = []
    start = period.end_month + 1
    while start <= 12:
        end = (start + 2) // 3 * 3
        out.append((f"Q{end // 3}", start, end))
        start = end + 1
    return tuple(out)


_ZH_QUARTERS = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}


def span_label(period: Period, key: str, lang: str = "zh") -> str:
    """How a remaining span reads: 三季度 / Q3 for a whole quarter, 6月 / Jun when only part of it is left."""
    for k, start, end in remaining_spans(period):
        if k == key:
            if end - start == 2:
                return _ZH_QUARTERS[end // 3] if lang == "zh" else key
            first, last = Period(period.year, start), Period(period.year, end)
            if lang == "zh":
                return f"{end}月" if start == end else f"{start}—{end}月"
            return last.span_label("en").split("–")[-1] if start == end else \
                f"{first.span_label('en').split('–')[-1]}–{last.span_label('en').split('–')[-1]}"
    raise ScenarioError(f"{key} is not a quarter still to come after {period.key}")


@dataclass(frozen=True)
class Segment:
    key: str                 # "Q3": the months of that quarter still to come
    start_month: int
    end_month: int
    last_year: float | None  # last year's level of the same months (difference of cumulative levels)


@dataclass(frozen=True)
class Base:
    """The comparable base of one headline indicator at a period."""
    indicator: IndicatorDef
    target: float
    period: Period
    growth: float | None                  # g: this year's cumulative growth to the period, %
    last_year_cum: dict[int, float] = field(default_factory=dict)   # month → last year's cumulative level

    @property
    def cum_last_year(self) -> float | None:          # Yc
        return self.last_year_cum.get(self.period.end_month)

    @property
    def full_last_year(self) -> float | None:         # Y
        return self.last_year_cum.get(12)

    @property
    def segments(self) -> tuple[Segment, ...]:
        out = []
        for key, start, end in remaining_spans(self.period):
            before, after = self.last_year_cum.get(start - 1), self.last_year_cum.get(end)
            level = after - before if before is not None and after is not None else None
            out.append(Segment(key, start, end, level))
        return tuple(out)

    @property
    def reason(self) -> str | None:
        """Why nothing can be projected (a code for i18n `whatif.reason.*`), None when it can."""
        if self.period.end_month >= 12:
            return "year_end"
        if self.growth is None:
            return "no_growth"
        if self.cum_last_year is None:
            return "no_level"
        if self.full_last_year is None:
            return "no_prev_year"
        if self.full_last_year - self.cum_last_year <= 0:
            return "no_rest"
        return None

    @property
    def comparable_cum(self) -> float | None:
        """This year's cumulative value on last year's base: Yc·(1+g)."""
        if self.cum_last_year is None or self.growth is None:
            return None
        return self.cum_last_year * (1 + self.growth / 100)


def required_pace(base: Base) -> float | None:
    """Growth every remaining month needs for the annual target, % (None when not computable): the status rules'
    own comparable-base pace, [(1+T)·Y − Yc·(1+g)] / (Y − Yc) − 1, so the card and the scenario agree."""
    if base.reason is not None:
        return None
    return metrics.required_growth_comparable(base.target, base.growth, base.cum_last_year, base.full_last_year)


# ─────────────────────────── projection ───────────────────────────

@dataclass(frozen=True)
class Projection:
    """One indicator under a scenario. Every figure is an estimate (测算)."""
    base: Base
    required_pace: float | None
    rates: dict[str, float]                 # the rate used for each remaining quarter, %
    set_quarters: tuple[str, ...]           # the quarters the scenario set (the rest keep the required pace)
    full_year_growth: float | None          # projected full-year growth, %
    gap: float | None                       # projected − target, points (positive = above target)
    status: str                             # the status the projected full year would have
    still_needed: float | None = None       # the growth the quarters not set would need to reach the target
    points: tuple[tuple[int, float], ...] = ()   # (end month, projected cumulative growth) for the chart
    reason: str | None = None               # why nothing was projected (whatif.reason.*)
    missing_quarter: str | None = None      # the quarter whose last-year level is needed but unknown

    @property
    def id(self) -> str:
        return self.base.indicator.id

    @property
    def is_set(self) -> bool:
        return bool(self.set_quarters)

    def as_json(self, lang: str = "zh") -> dict:
        return {"id": self.id, "period": self.base.period.key, "estimate": True, "target": self.base.target,
                "current_growth_pct": self.base.growth, "required_pace_pct": round_half_up(self.required_pace, 4),
                "quarters": {k: {"growth_pct": round_half_up(v, 4), "set": k in self.set_quarters}
                             for k, v in self.rates.items()},
                "projected_growth_pct": round_half_up(self.full_year_growth, 4),
                "gap_pp": round_half_up(self.gap, 4), "status": self.status,
                "label": status_of(self, lang).label,
                "still_needed_pct": round_half_up(self.still_needed, 4), "reason": self.reason,
                "missing_quarter": self.missing_quarter}


def project(base: Base, chosen: dict[str, float] | None, thresholds: StatusThresholds) -> Projection:
    """Project the full year with the chosen quarters' rates; quarters not chosen grow at the required pace."""
    chosen = dict(chosen or {})
    spans = {k for k, _, _ in remaining_spans(base.period)}
    unknown = sorted(set(chosen) - spans)
    if unknown:
        raise ScenarioError(f"{base.indicator.id}: {unknown[0]} is not a quarter still to come after "
                            f"{base.period.key} (remaining: {', '.join(sorted(spans)) or 'none'})")
    pace = required_pace(base)
    empty = Projection(base=base, required_pace=pace, rates={}, set_quarters=tuple(sorted(chosen)),
                       full_year_growth=None, gap=None, status="no_data", reason=base.reason)
    if base.reason is not None:
        return empty
    segs = base.segments
    rates = {s.key: chosen.get(s.key, pace) for s in segs}
    y, start = base.full_last_year, base.comparable_cum
    unknown_seg = next((s for s in segs if s.last_year is None), None)
    points: list[tuple[int, float]] = []
    if unknown_seg is None:
        total = start
        for s in segs:
            total += s.last_year * (1 + rates[s.key] / 100)
            points.append((s.end_month, (total / base.last_year_cum[s.end_month] - 1) * 100))
    elif len(set(rates.values())) == 1:
        # One rate for the whole rest of the year: last year's rest (Y − Yc) is enough, no quarter split needed.
        total = start + (y - base.cum_last_year) * (1 + next(iter(rates.values())) / 100)
        points.append((12, (total / y - 1) * 100))
    else:
        return replace(empty, rates=rates, reason="no_quarter_level", missing_quarter=unknown_seg.key)
    # An estimate, compared at a millionth of a point: the required pace is itself rounded (metrics, 1e-9), and
    # a year projected at exactly that pace must read 完成, never 未完成 by −0.000000001.
    growth = (total / y - 1) * 100
    gap = round(metrics.gap("growth", growth, base.target, 12), 6)
    gap = 0.0 if gap == 0 else gap     # no "−0.0" when the projection lands on the target
    return Projection(base=base, required_pace=pace, rates=rates, set_quarters=tuple(k for k in rates if k in chosen),
                      full_year_growth=growth, gap=gap, status=projected_status(gap, thresholds),
                      still_needed=_still_needed(base, segs, chosen, pace), points=tuple(points))


def _still_needed(base: Base, segs: tuple[Segment, ...], chosen: dict[str, float], pace: float) -> float | None:
    """The growth the quarters not chosen would need so the year still reaches the target."""
    free = [s for s in segs if s.key not in chosen]
    if not free:
        return None
    if not chosen:
        return pace
    if any(s.last_year is None for s in segs):
        return None
    needed = (1 + base.target / 100) * base.full_last_year - base.comparable_cum \
        - sum(s.last_year * (1 + chosen[s.key] / 100) for s in segs if s.key in chosen)
    rest = sum(s.last_year for s in free)
    return needed / rest * 100 - 100 if rest > 0 else None


# The cards' own words for a missing piece (present.reason_*), so the card's "所需增速无法测算（缺少总量数据）"
# and the projection's "无法测算（缺少总量数据）" name the same cause the same way.
_CARD_REASONS = {"no_growth": "present.reason_no_growth", "no_level": "present.reason_no_levels",
                 "no_prev_year": "present.reason_no_prev_year"}


def reason_text(p: Projection, lang: str = "zh") -> str:
    """Why a projection cannot be made, in words (the card's reasons, else i18n `whatif.reason.*`)."""
    if p.reason in _CARD_REASONS:
        return t("whatif.cannot", lang, reason=t(_CARD_REASONS[p.reason], lang))
    quarter = span_label(p.base.period, p.missing_quarter, lang) if p.missing_quarter else ""
    return t(f"whatif.reason.{p.reason}", lang, quarter=quarter)


def projected_status(gap: float | None, thresholds: StatusThresholds) -> str:
    """The projected year's status by the cards' own rule and thresholds (green at or above the target, yellow
    up to [status].growth_yellow_below_pp below, red beyond), so a projection closer to the target than today
    never reads worse than today's card."""
    return metrics.status("growth", gap, thresholds, year_end=False)


def status_of(p: Projection, lang: str = "zh") -> StatusFacts:
    """The projected year's status in the cards' own words, marked as an estimate: ● 达标（测算） / ▲ 接近目标（测算）
    / ■ 低于目标（测算）; 无法测算 when nothing can be projected — never a bare 完成 that reads like a fact."""
    if p.status == "no_data":
        return StatusFacts("no_data", t("whatif.cannot_short", lang), STATUS_ICONS["no_data"],
                           STATUS_COLOURS["no_data"])
    card = status_facts("growth", p.status, lang)
    return replace(card, label=card.label + t("whatif.estimate_suffix", lang))


def status_rule(thresholds: StatusThresholds, lang: str = "zh") -> str:
    """The rule the projected status follows, with the config's band, said next to every projection."""
    return t("whatif.status_rule", lang, band=fmt_pp(thresholds.growth_yellow_below_pp, lang, signed=False))


def still_needed_text(p: Projection, lang: str = "zh") -> str:
    """"三季度当季增速不低于−6.7%即可达标" / "四季度当季需增长12.0%方可达标": the quarters not set, named."""
    if not p.is_set or p.still_needed is None:
        return ""
    free = [k for k in p.rates if k not in p.set_quarters]
    spans = ("、" if lang == "zh" else ", ").join(span_label(p.base.period, k, lang) for k in free)
    key = "whatif.still_needed_met" if p.gap is not None and p.gap >= 0 else "whatif.still_needed"
    return t(key, lang, spans=spans, value=fmt_rate(p.still_needed, lang))


def defaults_text(p: Projection, lang: str = "zh") -> str:
    """"四季度未设定，按原所需增速14.3%计": beside inputs that still show the pace from before the scenario."""
    free = [k for k in p.rates if k not in p.set_quarters]
    if not p.is_set or not free or p.required_pace is None:
        return ""
    spans = ("、" if lang == "zh" else ", ").join(span_label(p.base.period, k, lang) for k in free)
    return t("whatif.defaults", lang, spans=spans, pace=fmt_rate(p.required_pace, lang))


def scenario_title(period: Period, lang: str = "zh") -> str:
    """情景测算：2023年下半年各季度增速假设 (四季度 alone: 2023年四季度增速假设)."""
    many = len(remaining_spans(period)) > 1
    return t("whatif.scenario_title", lang, year=period.year, rest=rest_of_year(period, lang),
             each=t("whatif.each_quarter", lang) if many else "")


def round_half_up(x: float | None, places: int) -> float | None:
    """四舍五入 (6.25 → 6.3 at one place): the one rule of i18n.round_half_up, None for a missing figure."""
    if x is None or math.isnan(x):
        return None
    return i18n_round_half_up(x, places)


# ─────────────────────────── from the store ───────────────────────────

def comparable_bases(plan: Plan, store, period_key: str, region: str | None = None) -> tuple[Base, ...]:
    """The comparable base of every headline target of the period's plan year."""
    period = parse_key(period_key)
    year_plan = plan.year(period.year)
    region = region or plan.app.home_district
    this_year = store.current_values(period.year, region)
    last_year = store.current_values(period.year - 1, region)
    rows = {(r.indicator, r.period): r for r in this_year.itertuples(index=False)}
    last_rows = {(r.indicator, r.period): r for r in last_year.itertuples(index=False)}
    months = [period.end_month] + [end for _, _, end in remaining_spans(period)]
    out = []
    for target in year_plan.headline:
        iid = target.id
        row = rows.get((iid, period.key))
        cum: dict[int, float] = {}
        for m in months:
            # last year's own row first; else this year's table's "上年同期" column for the same span
            own = last_rows.get((iid, Period(period.year - 1, m).key))
            level = as_float(own.value) if own is not None else None
            if level is None:
                same = rows.get((iid, Period(period.year, m).key))
                level = as_float(same.prev_value) if same is not None else None
            if level is not None:
                cum[m] = level
        out.append(Base(indicator=target.indicator, target=target.target, period=period,
                        growth=as_float(row.growth_pct) if row is not None else None, last_year_cum=cum))
    return tuple(out)


def project_all(plan: Plan, store, period_key: str, scenario: Scenario | None = None,
                region: str | None = None) -> tuple[Projection, ...]:
    """Every headline target of the period under the scenario (quarters not set: the required pace)."""
    period = parse_key(period_key)
    scenario = scenario or {}
    check_scenario(scenario, plan.year(period.year), period)
    return tuple(project(b, scenario.get(b.indicator.id), plan.status)
                 for b in comparable_bases(plan, store, period_key, region))


# ─────────────────────────── the scenario as text (links, CLI) ───────────────────────────

_ITEM = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*:\s*(.+?)\s*$")
_QUARTER = re.compile(r"^\s*[Qq]([1-4])\s*=\s*(\S+)\s*$")


def parse_item(text: str) -> tuple[str, dict[str, float]]:
    """`gdp:Q3=7.5,Q4=8` → ("gdp", {"Q3": 7.5, "Q4": 8.0})."""
    m = _ITEM.match(text or "")
    if not m:
        raise ScenarioError(f"{text!r}: expected INDICATOR:Q3=7.5,Q4=8")
    indicator, rates = m.group(1), {}
    for part in m.group(2).split(","):
        q = _QUARTER.match(part)
        if not q:
            raise ScenarioError(f"{text!r}: {part.strip()!r} is not Qn=RATE (e.g. Q4=8)")
        key = f"Q{q.group(1)}"
        if key in rates:
            raise ScenarioError(f"{text!r}: {key} is set twice")
        try:
            rate = float(q.group(2).rstrip("%"))
        except ValueError:
            raise ScenarioError(f"{text!r}: {q.group(2)!r} is not a number") from None
        if not math.isfinite(rate) or not RATE_MIN < rate <= RATE_MAX:
            raise ScenarioError(f"{text!r}: {key} growth {q.group(2)} is outside {RATE_MIN:g}…{RATE_MAX:g} %")
        rates[key] = rate
    return indicator, rates


def parse_scenario(text: str | None, items: list[str] | None = None) -> Scenario:
    """A link's `gdp:Q3=7.5,Q4=8;revenue:Q4=12` (or the CLI's repeated --set items) as a Scenario."""
    parts = [p for p in (text or "").split(";") if p.strip()] + list(items or [])
    out: Scenario = {}
    for part in parts:
        indicator, rates = parse_item(part)
        if indicator in out:
            raise ScenarioError(f"{indicator} is set twice")
        out[indicator] = rates
    return out


def _number(x: float) -> str:
    s = format(Decimal(repr(float(x))).normalize(), "f")
    return "0" if s in ("-0", "0") else s


def format_scenario(scenario: Scenario, order: tuple[str, ...] = ()) -> str:
    """The canonical link form: indicators in plan order (then by id), quarters in order, shortest numbers."""
    rank = {iid: i for i, iid in enumerate(order)}
    ids = sorted((i for i, r in scenario.items() if r), key=lambda i: (rank.get(i, len(rank)), i))
    return ";".join(f"{i}:" + ",".join(f"{q}={_number(v)}" for q, v in sorted(scenario[i].items())) for i in ids)


def check_scenario(scenario: Scenario, year_plan: YearPlan, period: Period) -> None:
    """Refuse what cannot be applied at this period: not a headline indicator, or a quarter already past."""
    headline = [t.id for t in year_plan.headline]
    spans = [k for k, _, _ in remaining_spans(period)]
    for iid, rates in scenario.items():
        if iid not in headline:
            raise ScenarioError(f"{iid}: not a headline indicator of the {year_plan.year} plan "
                                f"(what if is for: {', '.join(headline)})")
        for q in rates:
            if q not in spans:
                raise ScenarioError(f"{iid}: {q} is not a quarter still to come after {period.key} "
                                    f"(remaining: {', '.join(spans) or 'none — the year is complete'})")

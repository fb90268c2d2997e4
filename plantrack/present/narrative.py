"""The analysis text a district analyst writes for a briefing, generated from a Scorecard.

Standard phrasing (templates in plantrack/locales/export.toml, keys ``narrative.*``):

    上半年，全区实现地区生产总值385.36亿元，同比增长5.3%，增速较一季度提高0.7个百分点，低于年度目标4.7个百分点。
    老旧小区改造完成120个，完成年度目标的52.6%，超时间进度2.6个百分点
    城镇调查失业率4.6%，控制在5%以内
    完成全年目标，下半年地区生产总值需增长13.5%。

The period is written by plantrack.present.period_phrase (上半年, 1—5月, 全年); a rate or gap in prose is never
signed: a fall reads 下降, a change 提高/回落, a zero 持平.

Numbers are written the way analysts write them: rates and points with one decimal, rounded half up (6.25 →
6.3, not Python's 6.2), counts with thousands separators and their unit. Gaps and changes are computed from the
rounded figures the sentence shows, so the sentence adds up (6.3% against 10% is 3.7 points, never 3.8).
No target number lives here: every figure comes from the Scorecard and the plan.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..analysis.scorecard import Assessment, Scorecard
from ..model import kinds
from ..model.i18n import fmt_number, fmt_value, round_half_up, t
from ..model.metrics import missing as _missing
from ..model.periods import EN_MONTHS, Period
from . import PeriodFacts, period_facts
from .facts import period_phrase
from .facts import rest_of_year as present_rest_of_year
from .facts import value_text as facts_value_text

# ─────────────────────────── numbers ───────────────────────────

def round1(x: float) -> float:
    """Round half up to one decimal, as statistical bulletins do (6.25 → 6.3, −0.05 → −0.1): the one rule,
    i18n.round_half_up."""
    return round_half_up(x, 1)


def _d1(x: float) -> str:
    """One decimal, no sign, never "-0.0"."""
    v = round1(abs(x))
    return f"{v:.1f}"


def rate(x: float) -> str:
    """A rate: 6.3%."""
    v = round1(x)
    return f"{0.0 if v == 0 else v:.1f}%"


def plain(x: float) -> str:
    """A target or level as the plan writes it: 10%, 8.5%, 1,200 (no trailing .0)."""
    return fmt_number(x)


def value_with_unit(x: float, unit: str, lang: str) -> str:
    """120个 / 4,500人 / 8.35亿元; in English 120 / 4,500 people / 835 m yuan; rates one decimal."""
    if unit == "%":
        return rate(x)
    return fmt_value(x, unit, lang)


def target_text(x: float, unit: str, lang: str) -> str:
    if unit == "%":
        return f"{plain(x)}%"
    return value_with_unit(x, unit, lang)


# ─────────────────────────── names and period words ───────────────────────────

def indicator_name(a: Assessment, lang: str) -> str:
    """Chinese sentences use the full name (地区生产总值); English the short one (GDP)."""
    ind = a.target.indicator
    if lang != "en":
        return ind.name_zh
    name = ind.short("en")
    first = name.split(" ")[0]
    # "GDP" stays as it is; "Fixed-asset investment" is lower-cased inside a sentence
    return name if first.isupper() else name[:1].lower() + name[1:]


def rest_of_year(period: Period, lang: str) -> str:
    """The span still to come, in the words of plantrack.present (one name on every screen and document)."""
    return present_rest_of_year(period, lang)


def _join(parts: list[str], lang: str) -> str:
    return ("，" if lang == "zh" else ", ").join(parts)


def end_sentence(text: str, lang: str) -> str:
    return text + ("。" if lang == "zh" else ".")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# ─────────────────────────── headline indicators ───────────────────────────

def headline_clauses(a: Assessment, lang: str = "zh", with_span: bool = True) -> list[str]:
    """The clauses of a headline sentence, without the final full stop, in the order bulletins use:
    level and growth, the change on the previous quarter, then the gap to the annual target. The level clause
    is said only when a level was reported (never invented)."""
    name = indicator_name(a, lang)
    span = period_phrase(a.period, lang) if lang == "zh" else a.period.span_label(lang)
    target = a.target.target
    if _missing(a.actual):
        return [t("narrative.headline_no_data", lang, span=span, name=name)]
    actual = round1(a.actual)
    has_level = not _missing(a.value)
    key = ("narrative.fell" if actual < 0 else "narrative.grew") + ("_level" if has_level else "")
    shown = rate(abs(actual)) + (t("present.derived", lang) if a.growth_derived else "")
    yoy = t("narrative.yoy_year_end" if a.year_end else "narrative.yoy", lang)
    level = facts_value_text(a.value, a.target.unit, lang) if has_level else ""
    first = t(key, lang, span=span, name=name, rate=shown, yoy=yoy, level=level)
    if not with_span:
        first = _strip_span(first, span, lang)
    clauses = [first]
    prev_q = a.period.previous_quarter()
    if prev_q is not None and not _missing(a.previous_actual):
        change = round1(actual - round1(a.previous_actual))
        prev = prev_q.label(lang)
        if change > 0:
            clauses.append(t("narrative.up_from", lang, pp=_d1(change), prev=prev))
        elif change < 0:
            clauses.append(t("narrative.down_from", lang, pp=_d1(change), prev=prev))
        else:
            clauses.append(t("narrative.same_as", lang, prev=prev))
    target_clause = _target_clause(actual, target, lang)
    if target_clause:
        clauses.append(target_clause)
    return clauses


def _target_clause(actual: float, target, lang: str) -> str | None:
    """高于 / 低于年度目标X个百分点 / 与年度目标持平, from the rounded figure shown."""
    if _missing(target):
        return None
    gap = round1(actual - target)
    tgt = f"{plain(target)}%"
    if gap > 0:
        return t("narrative.above_target", lang, pp=_d1(gap), target=tgt)
    if gap < 0:
        return t("narrative.below_target", lang, pp=_d1(gap), target=tgt)
    return t("narrative.on_target", lang, target=tgt)


def red_headline_text(a: Assessment, lang: str = "zh") -> str:
    """A headline indicator in the red-items list: the rate and the gap only ("地区生产总值同比增长5.3%，低于年度目标
    4.7个百分点"; a fall "同比下降2.1%"), so the section does not repeat the headline sentences word for word."""
    name = indicator_name(a, lang)
    if _missing(a.actual):
        return t("narrative.headline_no_data", lang, span=period_phrase(a.period, lang), name=name)
    actual = round1(a.actual)
    shown = rate(abs(actual)) + (t("present.derived", lang) if a.growth_derived else "")
    yoy = t("narrative.yoy_year_end" if a.year_end else "narrative.yoy", lang)
    key = "narrative.red_headline_fall" if actual < 0 else "narrative.red_headline"
    parts = [t(key, lang, name=name, rate=shown, yoy=yoy)]
    target_clause = _target_clause(actual, a.target.target, lang)
    if target_clause:
        parts.append(target_clause)
    text = _join(parts, lang)
    return _cap(text) if lang == "en" else text


def _strip_span(text: str, span: str, lang: str) -> str:
    """"上半年，全区X同比增长…" → "全区X同比增长…" for lists where the period is already said."""
    if lang == "zh":
        return text.removeprefix(f"{span}，")
    return _cap(text.removeprefix(f"In {span}, "))


def headline_sentence(a: Assessment, lang: str = "zh") -> str:
    """上半年，全区实现地区生产总值385.36亿元，同比增长5.3%，增速较一季度提高0.7个百分点，低于年度目标4.7个百分点。"""
    return end_sentence(_join(headline_clauses(a, lang), lang), lang)


def price_note(card: Scorecard, lang: str = "zh") -> str | None:
    """Which headline growth rates are real (可比价); None when all are nominal."""
    real = [indicator_name(a, lang) for a in card.headline if a.target.indicator.price_basis == "real"]
    if not real:
        return None
    return t("narrative.price_note", lang, real=t("narrative.name_sep", lang).join(real))


def summary_sentence(card: Scorecard, lang: str = "zh", facts: PeriodFacts | None = None) -> str:
    """The counts of plantrack.present (every target): in the year 达标或序时推进 / 预警 / 滞后, at year end
    完成 / 未完成."""
    facts = facts or period_facts(card, lang)
    c = facts.counts
    key = "present.summary_year_end" if facts.year_end else "present.summary_in_year"
    # at year end the year itself ("2023年全区…"), never "2023年全年全区…"; months 2023年1—5月
    period = period_phrase(card.period, lang, with_year=True)
    return t(key, lang, period=period, n=c.total, **c.by_status)


# ─────────────────────────── sub-targets ───────────────────────────

def subtarget_sentence(a: Assessment, lang: str = "zh") -> str | None:
    """One clause group for a sub-target, without the final full stop; None without data.

    cumulative: 老旧小区改造完成120个，完成年度目标的52.6%，超时间进度2.6个百分点
    ceiling:    城镇调查失业率4.6%，控制在5%以内
    level:      基本医疗保险参保率96.2%，稳定在95%以上
    """
    if _missing(a.actual):
        return None
    name = a.target.indicator.name(lang)
    unit = a.target.unit
    target = a.target.target
    spec = kinds.spec(a.kind)
    if spec.status_rule == "time_progress":
        parts = [t("narrative.cum_done", lang, name=name, value=value_with_unit(a.actual, unit, lang))]
        if _missing(target):
            return _join(parts, lang)
        completion = round1(a.actual / target * 100)
        parts.append(t("narrative.cum_share", lang, pct=rate(completion)))
        if a.year_end:   # not met: the shortfall in the target's unit (差1.4亿元), never in points; met: the
            # share (≥100%) says it, under 完成的 — "完成年度目标的110.0%，完成年度目标" said it twice
            if a.shortfall:
                parts.append(t("present.shortfall", lang, value=value_with_unit(round_half_up(a.shortfall, 2),
                                                                                 unit, lang)))
        elif completion >= 100:
            parts.append(t("narrative.done_early", lang))
        else:
            gap = round1(completion - a.time_progress_pct)
            if gap > 0:
                parts.append(t("narrative.ahead", lang, pp=_d1(gap)))
            elif gap < 0:
                parts.append(t("narrative.behind", lang, pp=_d1(gap)))
            else:
                parts.append(t("narrative.on_time", lang))
        return _join(parts, lang)
    if spec.status_rule == "limit":
        shown = round1(a.actual) if unit == "%" else a.actual
        value = value_with_unit(shown, unit, lang)
        tgt = target_text(target, unit, lang)
        ceiling = spec.direction == "down"
        diff = (target - shown) if ceiling else (shown - target)
        if unit == "%":
            gap = t("narrative.points", lang, pp=_d1(round1(diff)))
        else:
            gap = value_with_unit(abs(diff), unit, lang)
        if ceiling:
            key = "narrative.ceiling_met" if diff >= 0 else "narrative.ceiling_missed"
        elif diff > 0:
            key = "narrative.level_met"
        elif diff == 0:
            key = "narrative.level_held"
        else:
            key = "narrative.level_missed"
        return t(key, lang, name=name, value=value, target=tgt, gap=gap)
    # a growth sub-target (none in the 2023 plan, but the config allows it)
    return _join(headline_clauses(a, lang, with_span=False), lang)


def _is_ahead(a: Assessment) -> bool:
    """Green by the status rules (at or ahead of time progress, target met; at year end 完成)."""
    return a.status == "green"


@dataclass(frozen=True)
class AreaText:
    area: str
    title: str
    ahead: tuple[str, ...]       # sentences without final punctuation
    behind: tuple[str, ...]
    no_data: tuple[str, ...]     # indicator names
    paragraphs: tuple[str, ...]  # the text as written in the report


def area_text(card: Scorecard, area_id: str, lang: str = "zh") -> AreaText:
    plan = card.plan
    area = plan.area(area_id)
    ids = {tg.id for tg in plan.targets_of_area(area_id, include_tracked=False)}
    ahead, behind, no_data = [], [], []
    for a in card.subtargets:
        if a.id not in ids:
            continue
        s = subtarget_sentence(a, lang)
        if s is None:
            no_data.append(a.target.indicator.name(lang))
        elif _is_ahead(a):
            ahead.append(s)
        else:
            behind.append(s)
    sep = t("narrative.list_sep", lang)
    paragraphs = []
    year_end = card.year_end   # the year-end review: 完成的 / 未完成的
    if ahead:
        paragraphs.append(t("present.area_done" if year_end else "narrative.area_ahead", lang, items=sep.join(ahead)))
    if behind:
        paragraphs.append(t("present.area_not_done" if year_end else "narrative.area_behind", lang,
                            items=sep.join(behind)))
    if no_data:
        paragraphs.append(t("narrative.area_no_data", lang, items=t("narrative.name_sep", lang).join(no_data)))
    tracked = _tracked_items(card, area_id, lang)
    if tracked:
        paragraphs.append(t("narrative.area_tracked", lang, items=t("narrative.name_sep", lang).join(tracked)))
    ms = _milestone_counts(card, area_id)
    if ms["n"]:   # 未报送 counted apart: no report is not 未启动
        key = "present.area_milestones" if ms["not_reported"] else "narrative.area_milestones"
        paragraphs.append(t(key, lang, **ms))
    return AreaText(area=area_id, title=f"{area.number}. {area.name(lang)}" if lang == "en" else
                    f"{_CN_NUMBERS.get(area.number, str(area.number))}、{area.name(lang)}",
                    ahead=tuple(ahead), behind=tuple(behind), no_data=tuple(no_data), paragraphs=tuple(paragraphs))


_CN_NUMBERS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def _tracked_items(card: Scorecard, area_id: str, lang: str) -> list[str]:
    ids = [tg.id for tg in card.plan.targets_of_area(area_id) if tg.target is None]
    if card.tracked is None or card.tracked.empty:
        return []
    out = []
    for iid in ids:
        rows = card.tracked[card.tracked.indicator == iid]
        if rows.empty or _missing(rows.value.iloc[0]):
            continue
        ind = card.plan.target(iid).indicator
        v = float(rows.value.iloc[0])
        sep = "" if lang == "zh" else " "
        out.append(f"{ind.name(lang)}{sep}{value_with_unit(v, ind.unit, lang)}")
    return out


def _milestone_counts(card: Scorecard, area_id: str) -> dict[str, int]:
    ms = card.milestones
    if ms is None or ms.empty:
        return {"n": 0, "done": 0, "in_progress": 0, "not_started": 0, "late": 0, "not_reported": 0}
    rows = ms[ms.area == area_id]
    late = rows.overdue.astype(bool)
    return {"n": len(rows), "done": int((rows.status == "done").sum()),
            "in_progress": int(((rows.status == "in_progress") & ~late).sum()),
            "not_started": int(((rows.status == "not_started") & ~late).sum()),
            "late": int(late.sum()),     # 逾期未报送 is late, not counted twice
            "not_reported": int(((rows.status == "not_reported") & ~late).sum())}


# ─────────────────────────── red items ───────────────────────────

@dataclass(frozen=True)
class RedItem:
    kind: str          # headline | subtarget | milestone
    id: str
    area: str | None
    text: str          # sentence without final punctuation, lead unit included
    lead_unit: str | None


def red_items(card: Scorecard, lang: str = "zh", areas: list[str] | None = None,
              facts: PeriodFacts | None = None) -> list[RedItem]:
    """Red targets and overdue or delayed milestones, each with its lead unit, in the one order of
    plantrack.present (grouped by kind, worst first within each group)."""
    facts = facts or period_facts(card, lang)
    out: list[RedItem] = []
    for item in facts.red:
        if areas is not None and not item.is_headline and item.area not in areas:
            continue
        if item.target is not None:
            a = item.target.assessment
            if item.is_headline:
                out.append(RedItem("headline", a.id, None, red_headline_text(a, lang), None))
                continue
            text = (subtarget_sentence(a, lang) or "") + t("narrative.lead_unit", lang, unit=item.lead_unit)
            out.append(RedItem("subtarget", a.id, item.area, text, item.lead_unit))
            continue
        if item.milestone_status == "delayed" or item.due is None:
            body = t("narrative.milestone_delayed", lang, name=item.name)
        elif item.milestone_status == "not_reported":     # stated date passed, nothing reported: 逾期未报送
            body = t("narrative.milestone_overdue_not_reported", lang, name=item.name,
                     due=_date_text(item.due, lang))
        else:
            body = t("narrative.milestone_overdue", lang, name=item.name, due=_date_text(item.due, lang))
        out.append(RedItem("milestone", item.id, item.area, body + t("narrative.lead_unit", lang, unit=item.lead_unit),
                           item.lead_unit))
    return out


def _date_text(d, lang: str) -> str:
    if lang == "en":
        return f"{d.day} {EN_MONTHS[d.month]} {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


# ─────────────────────────── required pace ───────────────────────────

def pace_sentences(card: Scorecard, lang: str = "zh", areas: list[str] | None = None) -> list[str]:
    """完成全年目标，下半年地区生产总值需增长13.5%，…。 and what count targets still need."""
    if card.period.end_month >= 12:
        return []
    rest = rest_of_year(card.period, lang)
    facts = period_facts(card, lang)
    out = []
    items = []
    unknown = []
    for a in card.headline:
        if _missing(a.required_growth):
            # said, not left out: e.g. 固定资产投资 has no levels, so its pace cannot be computed
            if not _missing(a.target.target):
                unknown.append((indicator_name(a, lang), facts.by_id(a.id).pace_text))
            continue
        name = indicator_name(a, lang)
        r = round1(a.required_growth)
        key = "narrative.pace_item" if r >= 0 else "narrative.pace_item_fall"
        items.append(t(key, lang, name=name, rate=rate(abs(r)), rest=rest))
    if items:
        sentence = t("narrative.pace_growth", lang, rest=rest, items=_join(items, lang))
        out.append(_cap(sentence) if lang == "en" else sentence)
    by_reason: dict[str, list[str]] = {}
    for name, text in unknown:
        by_reason.setdefault(text, []).append(name)
    for text, names in by_reason.items():
        joined = t("narrative.name_sep", lang).join(names)
        out.append(end_sentence(f"{joined}{text}" if lang == "zh"
                                else f"{_cap(joined)}: {text[:1].lower()}{text[1:]}", lang))
    counts = []
    for a in card.subtargets:
        if kinds.spec(a.kind).status_rule != "time_progress" or _missing(a.remaining) or a.remaining <= 0 \
                or _is_ahead(a):
            continue
        if areas is not None and card.plan.area_of_indicator(a.id) not in areas:
            continue
        unit = a.target.unit
        value = value_with_unit(a.remaining, unit, lang)
        name = a.target.indicator.name(lang)
        if card.period.remaining_quarters() > 1:
            counts.append(t("narrative.pace_count_item", lang, name=name, value=value,
                            per_quarter=value_with_unit(_round_count(a.remaining_per_quarter, unit), unit, lang)))
        else:  # one quarter left: the per-quarter quota is the whole remainder
            counts.append(t("narrative.pace_count_item_last", lang, name=name, value=value))
    if counts:
        out.append(t("narrative.pace_counts", lang, rest=rest, items=t("narrative.list_sep", lang).join(counts)))
    return out


def _round_count(x: float, unit: str) -> float:
    """Per-quarter quotas of whole things are whole (36.7个 → 37个); amounts keep two decimals."""
    whole_units = {"个", "家", "台", "人", "条", "栋", "所", "户"}
    return math.ceil(x - 1e-9) if unit in whole_units else round_half_up(x, 2)


# ─────────────────────────── the whole briefing ───────────────────────────

@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Briefing:
    title: str
    period_label: str
    sections: tuple[Section, ...]
    headline: tuple[str, ...] = field(default=())      # one sentence per headline indicator
    areas: tuple[AreaText, ...] = field(default=())
    red: tuple[RedItem, ...] = field(default=())

    def text(self) -> str:
        """Plain text, for a preview or a .txt file."""
        lines = [self.title, self.period_label, ""]
        for s in self.sections:
            lines.append(s.title)
            lines.extend(s.paragraphs)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def document_title(card: Scorecard, lang: str = "zh") -> str:
    """The one title of a period's briefing, on the DOCX, the PPTX cover, the text file and the file names:
    岳阳楼区2023年上半年经济运行情况汇报 / 岳阳楼区2023年经济运行情况汇报 (year end)."""
    plan = card.plan
    district = plan.district_en if lang == "en" else _short_district(plan.district_zh)
    span = "" if card.period.end_month == 12 else \
        period_phrase(card.period, lang) if lang == "zh" else card.period.label(lang) + " "
    return t("export.doc_title", lang, district=district, year=card.period.year, span=span)


def _short_district(name: str) -> str:
    """岳阳市岳阳楼区 → 岳阳楼区 (the office's own name for itself)."""
    import re
    m = re.match(r"^.+?[市州盟](.+[区县市旗])$", name)
    return m.group(1) if m else name


report_title = document_title   # the name older callers use


def build_briefing(card: Scorecard, lang: str = "zh", areas: list[str] | None = None,
                   ranking: tuple[str, ...] | list[str] = ()) -> Briefing:
    """All the text of a briefing for a period: summary, headline, the city ranking (sentences from
    plantrack.analysis.city_ranking, when district tables were imported), one section per area, red items, pace."""
    area_ids = [a.id for a in card.plan.areas if areas is None or a.id in areas]
    sep_end = "" if lang == "zh" else " "
    headline = tuple(headline_sentence(a, lang) for a in card.headline)
    head_par = sep_end.join(headline)
    note = price_note(card, lang)
    sections = [Section("summary", t("narrative.section_summary", lang), (summary_sentence(card, lang),)),
                Section("headline", t("narrative.section_headline", lang),
                        (head_par,) + ((note,) if note else ()))]
    ranking = tuple(end_sentence(r, lang) for r in ranking if r)
    if ranking:
        sections.append(Section("ranking", t("narrative.section_ranking", lang), (sep_end.join(ranking),)))
    area_texts = tuple(area_text(card, aid, lang) for aid in area_ids)
    for at in area_texts:
        sections.append(Section(f"area:{at.area}", at.title, at.paragraphs))
    reds = tuple(red_items(card, lang, area_ids))
    red_pars = tuple(end_sentence(r.text, lang) for r in reds)
    sections.append(Section("red", t("narrative.section_red", lang), red_pars or (t("narrative.no_red_items", lang),)))
    pace = pace_sentences(card, lang, area_ids)
    if pace:
        sections.append(Section("pace", t("narrative.section_pace", lang), tuple(pace)))
    # at year end the year itself: "2023年", never "2023年全年"
    period_label = period_phrase(card.period, lang, with_year=True) if lang == "zh" \
        else card.period.label(lang, with_year=True)
    return Briefing(title=document_title(card, lang), period_label=period_label,
                    sections=tuple(sections), headline=headline, areas=area_texts, red=reds)

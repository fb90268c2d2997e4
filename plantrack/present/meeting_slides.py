"""The slide sequence of meeting mode (汇报模式), as data: no streamlit here.

Order, as a 调度会 runs: the five headline targets, then the red items (红灯事项, worst first, a few per slide
so the type stays large), then one slide per work-task area, and last, while quarters are still to come, what
if (情景测算: the leaders' "if the fourth quarter grows 8 %" questions). Each slide knows its key ("headline", "red-1",
"area-green"), so a link can open a given area (?page=meeting&area=green).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..analysis.scorecard import Scorecard
from . import PeriodFacts, RedItem, Tally, TargetFacts, period_facts
from .series import worst_first

# Rows per red-items slide: what fits a 16:9 projector (1920×1080 and 1600×1000) at 1.75rem (28 px) type, one
# line per item in Chinese (English names and task names wrap to two lines, so fewer), with the presenter
# controls floating over the edge instead of taking room.
RED_ITEMS_PER_SLIDE = 12
RED_ITEMS_PER_SLIDE_BY_LANG = {"zh": RED_ITEMS_PER_SLIDE, "en": 7}
# Sub-targets per area slide (a table row each, beside the chart); an area with more continues on a second slide.
TARGETS_PER_SLIDE = 8


@dataclass(frozen=True)
class Slide:
    key: str                       # "headline" | "whatif" | "red-1" | "area-green" | "area-green-2" | "empty"
    kind: str                      # headline | whatif | red | area | empty
    area: str | None = None
    page: int = 1                  # continuation number of a slide split for size
    pages: int = 1
    headline: tuple[TargetFacts, ...] = ()
    red: tuple[RedItem, ...] = ()          # in the one order of plantrack.present (grouped by kind, worst first)
    targets: tuple[TargetFacts, ...] = ()
    milestones: pd.DataFrame | None = None
    counts: Tally | None = None


def _chunks(n: int, size: int) -> list[range]:
    return [range(i, min(i + size, n)) for i in range(0, n, size)] or [range(0)]


def build_slides(card: Scorecard | None, lang: str = "zh", facts: PeriodFacts | None = None) -> list[Slide]:
    """Every slide for a period's scorecard, from its display facts (plantrack.present); one "empty" slide
    when the period has no data."""
    if card is None or not card.has_data:
        return [Slide(key="empty", kind="empty")]
    facts = facts or period_facts(card, lang)
    slides = [Slide(key="headline", kind="headline", headline=facts.headline)]
    red = facts.red
    parts = _chunks(len(red), RED_ITEMS_PER_SLIDE_BY_LANG.get(lang, RED_ITEMS_PER_SLIDE))
    for k, rows in enumerate(parts, 1):
        slides.append(Slide(key=f"red-{k}", kind="red", page=k, pages=len(parts),
                            red=tuple(red[i] for i in rows)))
    ms = card.milestones
    for area in card.plan.areas:
        targets = tuple(worst_first(facts.of_area(area.id)))   # the first slide shows what is behind
        area_ms = ms[ms.area == area.id].reset_index(drop=True) if not ms.empty else ms
        counts = facts.tally(targets)   # by status word, as the slide's table says them
        parts = _chunks(len(targets), TARGETS_PER_SLIDE)
        for k, rows in enumerate(parts, 1):
            slides.append(Slide(key=f"area-{area.id}" + (f"-{k}" if k > 1 else ""), kind="area", area=area.id,
                                page=k, pages=len(parts), targets=tuple(targets[i] for i in rows),
                                milestones=area_ms, counts=counts))
    if card.period.end_month < 12:     # 情景测算 last, for the leaders' questions, while quarters are to come
        slides.append(Slide(key="whatif", kind="whatif", headline=card.headline))
    return slides


def slide_index(slides: list[Slide], key: str | None = None, area: str | None = None) -> int:
    """Position of the slide with `key`, or the first slide of `area`; 0 when not found."""
    for i, s in enumerate(slides):
        if (key is not None and s.key == key) or (area is not None and s.kind == "area" and s.area == area):
            return i
    return 0

"""The written report (DOCX) in 公文 layout: title, cut-off, the generated text under 一、（一） headings, tables.

主要经济指标, 全市排位 (when district tables were imported), at the year end 完成的目标任务 and 未完成的目标任务,
各领域推进情况 (one （一） per area with its table and progress chart), 滞后指标和逾期事项, 全年目标所需进度.
The cut-off is said once under the title, the source once in the closing note.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..analysis.scorecard import Scorecard
from ..model.i18n import STATUS_COLOURS, t
from ..present import narrative, period_facts
from ..present.narrative import Briefing
from . import gongwen
from .figures import Chart
from .footer import cutoff_line
from .tables import subtarget_table

_CN = "一二三四五六七八九十"


def _cn(i: int) -> str:
    return _CN[i - 1] if i <= 10 else str(i)


def _heading_number(i: int, level: int, lang: str) -> str:
    if lang != "zh":
        return f"{i}. " if level == 1 else f"({i}) "
    return f"{_cn(i)}、" if level == 1 else f"（{_cn(i)}）"


def _strip_number(title: str) -> str:
    """"一、强化产业发展…" / "1. Industry" → the title without its number (numbers are given here)."""
    return re.sub(r"^\s*(?:[一二三四五六七八九十]+、|\d+\.\s*)", "", title)


def is_year_end(card: Scorecard) -> bool:
    return card.period.end_month == 12


def doc_title(card: Scorecard, lang: str = "zh") -> str:
    """岳阳楼区2023年上半年经济运行情况汇报: narrative.document_title, the one title of DOCX, PPTX and file names."""
    return narrative.document_title(card, lang)


def _numbered(doc, items: list[str], lang: str) -> None:
    for k, text in enumerate(items, 1):
        gongwen.add_body(doc, f"{k}.{text}" if lang == "zh" else f"{k}. {text}")


@dataclass(frozen=True)
class YearEndLists:
    """Year end: every target met and not met (sentences ending with 。), and the milestones not done. The counts
    are the presentation model's (facts.counts), and every target it counts is listed — the two cannot differ."""
    done: list[str]
    undone: list[str]
    milestones_done: int
    milestones_undone: list[str]
    milestones_total: int


def year_end_lists(card: Scorecard, lang: str) -> YearEndLists:
    facts = period_facts(card, lang)
    plan = card.plan
    done, undone = [], []
    by_id = {a.id: a for a in card.headline + card.subtargets}
    for f in facts.all:                      # the order of the model: headline first, then areas
        a = by_id[f.id]
        if f.is_headline:     # 一 already has the full sentence: the list gives the rate and the gap only
            sentence = narrative.end_sentence(narrative.red_headline_text(a, lang), lang)
        else:
            sentence = narrative.subtarget_sentence(a, lang)
            if sentence is None:
                sentence = t("export.no_data_item", lang, name=f.name)
            if f.status.status != "green":
                sentence += t("narrative.lead_unit", lang, unit=f.lead_unit)
            sentence = narrative.end_sentence(sentence, lang)
        (done if f.status.status == "green" else undone).append(sentence)
    ms = card.milestones
    ms_undone, n_done, total = [], 0, 0
    if ms is not None and not ms.empty:
        total = len(ms)
        n_done = int((ms.status == "done").sum())
        for r in ms[ms.status != "done"].itertuples(index=False):
            name = r.name_en if lang == "en" else r.name_zh
            state = t(f"milestone.{r.status}", lang) if isinstance(r.status, str) else t("export.card_no_data", lang)
            # one bracket: 特种密封设备产业园项目规划（推进中，牵头单位：区科技工信局）
            ms_undone.append(narrative.end_sentence(t("export.milestone_not_done_lead", lang, name=name, state=state,
                                              unit=plan.canonical_unit(r.lead_unit)), lang))
    return YearEndLists(done, undone, n_done, ms_undone, total)


def build_docx(card: Scorecard, briefing: Briefing, charts: list[Chart], lang: str = "zh",
               sample: bool = False) -> bytes:
    doc = gongwen.new_document()
    gongwen.add_title(doc, doc_title(card, lang))
    gongwen.add_body(doc, f"（{cutoff_line(card.period, lang)}）" if lang == "zh"
                           else f"({cutoff_line(card.period, lang)})", gongwen.STYLE_SUBTITLE)
    if sample:
        p = gongwen.add_body(doc, "", gongwen.STYLE_SUBTITLE)
        gongwen.add_run(p, t("export.sample_mark", lang), bold=True, colour="#c00000")

    sections = {s.key: s for s in briefing.sections}
    progress = {c.area: c for c in charts if c.indicator == "progress" and c.png}
    n = 0

    def h1(key_or_title: str) -> None:
        nonlocal n
        n += 1
        gongwen.add_heading(doc, _heading_number(n, 1, lang) + key_or_title, 1)

    if "summary" in sections:
        for text in sections["summary"].paragraphs:
            gongwen.add_body(doc, text)
    head = sections.get("headline")
    if head is not None:
        h1(head.title)
        # one paragraph per indicator (the narrative joins them for the text file), then the price note
        for text in list(briefing.headline) + list(head.paragraphs[1:]):
            gongwen.add_body(doc, text)
    if "ranking" in sections:
        h1(sections["ranking"].title)
        for text in sections["ranking"].paragraphs:
            gongwen.add_body(doc, text)
    year_end = is_year_end(card)
    if year_end:
        # 完成的 / 未完成的: a lead sentence with the count of the summary, then every target it counts
        lists = year_end_lists(card, lang)
        total = len(lists.done) + len(lists.undone)
        h1(t("export.section_done", lang))
        gongwen.add_body(doc, t("export.done_lead", lang, total=total, n=len(lists.done)))
        _numbered(doc, lists.done or [t("export.none", lang)], lang)
        if lists.milestones_total:
            gongwen.add_body(doc, t("export.milestones_done", lang, n=lists.milestones_done,
                                    total=lists.milestones_total))
        h1(t("export.section_undone", lang))
        gongwen.add_heading(doc, _heading_number(1, 2, lang) + t("export.sub_targets", lang), 2)
        gongwen.add_body(doc, t("export.undone_lead", lang, total=total, n=len(lists.undone)))
        _numbered(doc, lists.undone or [t("export.none", lang)], lang)
        if lists.milestones_undone:
            gongwen.add_heading(doc, _heading_number(2, 2, lang) + t("export.sub_milestones", lang), 2)
            gongwen.add_body(doc, t("export.undone_milestones_lead", lang, total=lists.milestones_total,
                                    n=len(lists.milestones_undone)))
            _numbered(doc, lists.milestones_undone, lang)
    areas = [s for s in briefing.sections if s.key.startswith("area:")]
    if areas:
        h1(t("export.section_areas", lang))
        for k, section in enumerate(areas, 1):
            area_id = section.key.split(":", 1)[1]
            gongwen.add_heading(doc, _heading_number(k, 2, lang) + _strip_number(section.title), 2)
            for text in section.paragraphs:
                gongwen.add_body(doc, text)
            table = subtarget_table(card, area_id, lang)
            if table.rows:
                gongwen.add_table(doc, table.header, table.rows, table.align,
                                  {(i, table.status_column): STATUS_COLOURS[s] for i, s in enumerate(table.statuses)})
            if area_id in progress:
                gongwen.add_picture(doc, progress[area_id].png)
    # at year end 未完成的目标任务 lists every red target and unfinished task: no second list of the same items
    for key in (("pace",) if year_end else ("red", "pace")):
        if key in sections:
            h1(sections[key].title)
            paras = list(sections[key].paragraphs)
            if key == "red" and len(paras) > 1:
                _numbered(doc, paras, lang)
            else:
                for text in paras:
                    gongwen.add_body(doc, text)
    gongwen.add_body(doc, t("export.doc_note", lang, source=t("app.data_source", lang),
                            basis=t("export.basis_mixed", lang)), gongwen.STYLE_NOTE)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

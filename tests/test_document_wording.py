"""The wording rules of the briefing documents (issue 12), over every period the sample data and the fixture store
give, months included: one period phrase (上半年, 1—5月, 全年; never "1-5月"), no signed number in Chinese prose
(a fall reads 下降, a zero 持平), 超/落后时间进度, one title, and the red-items section never repeating a headline
sentence."""
from __future__ import annotations

import re

import pytest
from _export_fixture import fill_store

from plantrack.analysis.scorecard import build_scorecard
from plantrack.model.i18n import fmt_pp
from plantrack.model.periods import Period, parse_key
from plantrack.model.plan import get_plan
from plantrack.present import narrative, period_phrase

PERIODS = ("2023Q1", "2023M05", "2023Q2", "2023Q3", "2023M11", "2023Q4")

# an ASCII hyphen in a span of months or numbers ("1-6月", "6-12月"), a signed figure in prose ("增速-2.1%",
# "+0.0个百分点"), the words the issue replaced
HYPHEN_SPAN = re.compile(r"\d\s*-\s*\d+\s*月|\d-\d")
SIGNED = re.compile(r"(?<![0-9A-Za-z])[+\-−]\s?\d")
REPLACED = ("快于时间进度", "慢于时间进度", "增速-", "2023年全年")


@pytest.fixture(scope="module")
def plan():
    return get_plan()


@pytest.fixture(scope="module")
def cards(tmp_path_factory, plan):
    from _view_fixture import load_sample

    from plantrack.store.database import Store
    db = tmp_path_factory.mktemp("wording") / "s.duckdb"
    load_sample(db)
    sample = Store(db)
    fixture = fill_store(tmp_path_factory.mktemp("wording_fx") / "t.duckdb")   # has a fall (地方收入 −2.1%)
    out = {f"sample:{k}": build_scorecard(plan, sample, k) for k in PERIODS}
    out.update({f"fixture:{k}": build_scorecard(plan, fixture, k) for k in ("2023Q1", "2023Q2")})
    return out


@pytest.mark.parametrize("month", range(1, 13))
def test_period_phrase_every_month(month):
    p = Period(2023, month)
    phrase = period_phrase(p)
    assert "-" not in phrase and "全年" not in period_phrase(p, with_year=True)
    expected = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年", 1: "1月"}.get(month, f"1—{month}月")
    assert phrase == expected
    assert period_phrase(p, with_year=True) == ("2023年" if month == 12 else f"2023年{expected}")
    assert period_phrase(p, "en")      # English keeps Period.label


def test_a_zero_gap_has_no_sign():
    assert fmt_pp(0.0) == "0.0个百分点" and fmt_pp(-0.04) == "0.0个百分点" and fmt_pp(0.05) == "+0.1个百分点"


def _zh_texts(card) -> list[str]:
    b = narrative.build_briefing(card, "zh")
    return [b.title, b.period_label] + [p for s in b.sections for p in (s.title,) + s.paragraphs]


@pytest.mark.parametrize("which", [f"sample:{k}" for k in PERIODS] + ["fixture:2023Q1", "fixture:2023Q2"])
def test_prose_has_no_hyphen_span_no_signed_figure(cards, which):
    card = cards[which]
    for text in _zh_texts(card):
        assert not HYPHEN_SPAN.search(text), text
        assert not SIGNED.search(text), text
        assert not any(w in text for w in REPLACED), text


@pytest.mark.parametrize("which", [f"sample:{k}" for k in PERIODS] + ["fixture:2023Q2"])
def test_headline_sentences_and_red_section(cards, which):
    """Headline sentences open with the period phrase and the subject 全区 (实现 + level when reported); the red
    section says each red headline indicator as 同比增长/下降 and its gap, never a headline sentence again."""
    card = cards[which]
    b = narrative.build_briefing(card, "zh")
    span = period_phrase(card.period)
    for a, s in zip(card.headline, b.headline):
        assert s.startswith(f"{span}，全区"), s
        if a.actual is not None and a.value is not None and a.value == a.value:
            assert s.startswith(f"{span}，全区实现{a.target.indicator.name_zh}"), s
        assert ("比上年" in s) == card.year_end or "暂无数据" in s, s
    red = next(s for s in b.sections if s.key == "red")
    for par in red.paragraphs:
        assert par not in b.headline
        assert not par.startswith(f"{span}，"), par
        for sentence in b.headline:
            assert sentence.rstrip("。") not in par
    for r in b.red:
        if r.kind == "headline" and "暂无数据" not in r.text:
            assert re.match(r"^.+(同比|比上年)(增长|下降)\d+\.\d%", r.text), r.text


def test_the_fall_reads_xiajiang(cards):
    b = narrative.build_briefing(cards["fixture:2023Q2"], "zh")
    assert any("同比下降2.1%" in r.text for r in b.red)


@pytest.mark.parametrize("which", [f"sample:{k}" for k in PERIODS])
def test_one_title(cards, which):
    """The DOCX title and the file names come from narrative.document_title (the PPTX cover is checked with the
    deck in test_briefing_text.py)."""
    from plantrack.export.pack import pack_basename
    from plantrack.export.report import doc_title
    card = cards[which]
    title = narrative.document_title(card)
    assert narrative.build_briefing(card).title == doc_title(card) == pack_basename(card, "zh") == title
    assert title.startswith("岳阳楼区2023年") and title.endswith("经济运行情况汇报")
    assert ("全年" not in title) and ("-" not in title)
    assert parse_key(card.period.key) == card.period

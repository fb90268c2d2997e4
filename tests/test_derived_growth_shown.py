"""Issue 10: a growth rate the importer computed from two levels (no growth column) is shown （推算） / (derived)
wherever it is shown — the facts every screen reads, the narrative, the DOCX briefing — and a reported one is not."""
from __future__ import annotations

import io

import openpyxl
import pytest
from PIL import Image

from plantrack import export
from plantrack.analysis.scorecard import build_scorecard
from plantrack.ingest import parse_file
from plantrack.model.plan import get_plan
from plantrack.present import narrative, period_facts
from plantrack.store.database import Store

PERIOD = "2023Q2"


def _table() -> bytes:
    """Retail with this year's and last year's level only (growth derived: 180.55 / 165.2 − 1 = 9.29%);
    GDP with its reported growth."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["岳阳楼区2023年1-6月主要经济指标"], ["单位：亿元"], ["指标", "1-6月", "上年同期", "增长(%)"],
                ["社会消费品零售总额", 180.55, 165.2, None], ["地区生产总值", 250.1, 236.0, 5.8]):
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    plan = get_plan()
    parsed = parse_file(plan=plan, data=_table(), name="上年同期.xlsx")
    assert {r.indicator: r.growth_source for r in parsed.records} == {"retail": "derived", "gdp": "reported"}
    s = Store(tmp_path_factory.mktemp("derived") / "store.duckdb")
    s.import_parsed(parsed, user="t")
    return s


@pytest.mark.parametrize("lang, marker", [("zh", "9.3%（推算）"), ("en", "9.3% (derived)")])
def test_the_facts_mark_derived_growth_only(store, lang, marker):
    facts = period_facts(build_scorecard(get_plan(), store, PERIOD), lang)
    by_id = {f.id: f for f in facts.headline}
    assert by_id["retail"].derived and by_id["retail"].actual_text == marker
    assert not by_id["gdp"].derived and by_id["gdp"].actual_text == "5.8%"


def test_the_narrative_says_the_growth_is_derived(store):
    card = build_scorecard(get_plan(), store, PERIOD)
    by_id = {a.id: a for a in card.headline}
    assert "同比增长9.3%（推算）" in "，".join(narrative.headline_clauses(by_id["retail"], "zh"))
    assert "（推算）" not in "，".join(narrative.headline_clauses(by_id["gdp"], "zh"))


def test_the_docx_briefing_shows_derived_growth(store, monkeypatch):
    from docx import Document
    buf = io.BytesIO()
    Image.new("RGB", (320, 180), "white").save(buf, format="PNG")
    monkeypatch.setattr(export.png, "render_png", lambda fig, *a, **k: buf.getvalue())
    pack = export.build_pack(get_plan(), store, PERIOD, formats=["docx"], ascii_names=True)
    doc = Document(io.BytesIO(pack.files[f"{PERIOD}_briefing.docx"]))
    text = "\n".join([p.text for p in doc.paragraphs] +
                     [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "9.3%（推算）" in text
    assert "5.8%（推算）" not in text

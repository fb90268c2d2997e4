"""The presentation model (plantrack.present): display facts computed once, and every renderer showing the same.

Part one checks the facts themselves (rounding half up, gap texts with units, labels, counts, the red items'
order). Part two renders one period of the bundled sample data through every renderer — the CLI (text and
--json), the overview and task-force pages, meeting mode, the charts, the narrative, PPTX, DOCX and the CSV — and
checks that the same figures, counts, labels and order appear in each.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from PIL import Image

from plantrack import export
from plantrack.analysis.scorecard import assess, build_scorecard
from plantrack.model.i18n import fmt_pp, fmt_rate, round_half_up
from plantrack.model.periods import parse_key
from plantrack.model.plan import get_plan
from plantrack.present import charts, narrative, period_facts, target_facts
from plantrack.present.meeting_slides import build_slides
from plantrack.store.database import Store
from tests._view_fixture import load_sample, run_app, texts

REPO = Path(__file__).resolve().parent.parent


# ─────────────────────────── the facts ───────────────────────────

def _half_up(x: float, nd: int) -> str:
    return f"{Decimal(repr(x)).quantize(Decimal(1).scaleb(-nd), rounding=ROUND_HALF_UP):.{nd}f}"


@pytest.mark.parametrize("k", range(-300, 300, 7))
def test_every_half_rounds_up_in_every_formatter(k):
    """The family, not the one 6.25 of the issue: x.x5 at every sign and size rounds away from zero, in rates,
    points and the shared rounding function (Python's round and f-strings would give 6.2 for 6.25)."""
    x = k / 10 + (0.05 if k >= 0 else -0.05)
    expected = _half_up(x, 1)
    assert fmt_rate(x) == f"{expected}%"
    assert round_half_up(x, 1) == float(expected)
    assert fmt_pp(x, signed=False) == f"{abs(float(expected)):.1f}个百分点"


def _growth(plan, indicator, period_key, growth, previous=None, value=None, prev_value=None, full=None):
    target = plan.year(2023).target(indicator)
    row = {"growth_pct": growth, "value": value, "prev_value": prev_value}
    return assess(target, parse_key(period_key), row, previous, full, plan)


def _count(plan, indicator, period_key, value):
    return assess(plan.year(2023).target(indicator), parse_key(period_key), {"value": value}, None, None, plan)


@pytest.fixture(scope="module")
def plan():
    return get_plan()


@pytest.fixture(scope="module")
def empty_card(plan, tmp_path_factory):
    return build_scorecard(plan, Store(tmp_path_factory.mktemp("empty") / "e.duckdb"), "2023Q2")


def test_growth_facts_round_half_up_and_gap_from_the_shown_figure(plan, empty_card):
    f = target_facts(_growth(plan, "gdp", "2023Q2", 6.25, previous=5.8), empty_card, "zh")
    assert (f.actual_text, f.target_text, f.gap_text, f.change_text) == ("6.3%", "≥10%", "-3.7个百分点", "+0.5个百分点")
    assert f.status.text == "■ 低于目标" and f.status.colour == "#d73027"


def test_count_facts_in_the_year_and_at_year_end(plan, empty_card):
    h1 = target_facts(_count(plan, "funds_secured", "2023Q2", 8.6), empty_card, "zh")
    assert (h1.actual_text, h1.target_text, h1.completion_text, h1.gap_text, h1.status.text) == \
        ("8.6亿元", "20亿元", "43.0%", "-7.0个百分点", "▲ 进度滞后")   # behind time progress: never 达标
    assert h1.shortfall_text == ""                                       # the shortfall is a year-end figure
    q4 = target_facts(_count(plan, "funds_secured", "2023Q4", 18.6), empty_card, "zh")
    assert (q4.gap_text, q4.shortfall_text, q4.status.text) == ("差1.4亿元", "差1.4亿元", "■ 未完成")
    assert q4.gap_unit == "亿元"
    en = target_facts(_count(plan, "back_streets", "2023Q4", 18), empty_card, "en")
    assert en.status.text == "■ Not met" and en.gap_text.endswith("short")
    done = target_facts(_count(plan, "back_streets", "2023Q4", 21), empty_card, "zh")
    assert (done.gap_text, done.status.text) == ("超1条", "● 完成")
    early = target_facts(_count(plan, "provincial_projects", "2023Q2", 2), empty_card, "zh")
    assert early.status.text == "● 提前完成"


def test_pace_is_said_when_it_cannot_be_computed(plan, empty_card):
    fai = target_facts(_growth(plan, "fai", "2023Q2", 4.1), empty_card, "zh")
    assert (fai.required, fai.pace_text) == (None, "下半年所需增速无法测算（缺少总量数据）")
    gdp = target_facts(_growth(plan, "gdp", "2023Q2", 5.3, value=385.36, prev_value=372.60, full=777.54),
                       empty_card, "zh")
    assert (gdp.required, gdp.pace_text) == (14.3, "下半年需增长14.3%")
    no_year = target_facts(_growth(plan, "gdp", "2023Q2", 5.3, value=385.36, prev_value=372.60), empty_card, "en")
    assert no_year.pace_text == "Growth needed in H2 cannot be computed (last year's full-year level is missing)"


# ─────────────────────────── every renderer, one period ───────────────────────────

@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("present") / "sample.duckdb"
    load_sample(db)
    return db


@pytest.fixture(scope="module", params=["2023Q1", "2023Q2", "2023Q3", "2023Q4"])
def period(request):
    return request.param


@pytest.fixture(scope="module")
def facts(sample_db, period, plan):
    return period_facts(build_scorecard(plan, Store(sample_db), period), "zh")


def test_sample_year_end_shows_missed_targets_as_not_met(sample_db, plan):
    f = period_facts(build_scorecard(plan, Store(sample_db), "2023Q4"), "zh")
    missed = {x.name: (x.status.text, x.gap_text) for x in f.all if x.status.status == "red"}
    assert missed["争项争资"] == ("■ 未完成", "差1.4亿元")
    assert missed["市政主管网建设"] == ("■ 未完成", "差0.4公里")
    assert missed["学校提质改造"] == ("■ 未完成", "差1所")
    assert all(x.status.label in ("完成", "未完成", "暂无数据") for x in f.all)
    assert [s for s, _, _ in f.counts.items()] == ["green", "red", "no_data"]    # no yellow at year end
    # milestones: every one reported by the year-end ledger; inferred due dates raise nothing by themselves
    inferred = {m.id for m in plan.year(2023).milestones if m.due_inferred}
    ms = f.card.milestones.set_index("milestone")
    assert all(ms.loc[m, "status"] == "delayed" for m in inferred if ms.loc[m, "overdue"])


def test_sample_h1_milestones_not_reported_are_counted_apart(sample_db, plan):
    f = period_facts(build_scorecard(plan, Store(sample_db), "2023Q2"), "zh")
    m = f.milestones
    assert m.total == 61 and m.by_state["not_reported"] == 61 - m.reported and m.reported < 20
    assert m.by_state["not_started"] < m.by_state["not_reported"]


def test_cli_text_and_json(sample_db, period, facts):
    env = {**os.environ, "PLANTRACK_DB": str(sample_db), "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-m", "plantrack", "status", "--period", period], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    for line, f in zip(lines, facts.all):
        assert line.startswith(f.id)
        for text in (f.actual_text, f.target_text, f.gap_text, f.status.text):
            assert text in line, (f.id, text, line)
    assert lines[len(facts.all)] == " ".join(f"{t} {n}" for _, t, n in facts.counts.items()) + \
        f"  ({facts.counts.total})"
    js = subprocess.run([sys.executable, "-m", "plantrack", "status", "--period", period, "--json"], cwd=REPO,
                        env=env, capture_output=True, text=True, timeout=120)
    rows = json.loads(js.stdout)
    assert [r["label"] for r in rows] == [f.status.label for f in facts.all]
    assert {"id", "actual", "target", "gap", "status", "kind", "period", "value"} <= set(rows[0])
    for r, f in zip(rows, facts.all):
        if f.kind == "cumulative" and facts.year_end and f.actual is not None:
            assert (r["shortfall"], r["unit"]) == (f.shortfall, f.unit)
        else:
            assert "shortfall" not in r


def test_charts_show_the_counts(facts):
    fig = charts.status_summary_chart(facts.counts, "zh", "")
    bar = fig.data[0]
    assert list(bar.y) == [t for _, t, _ in facts.counts.items()]
    assert list(bar.x) == [n for _, _, n in facts.counts.items()]
    assert f"共{facts.counts.total}项" in fig.layout.title.text
    assert fig.layout.xaxis.title.text == "目标数（项）"     # it counts every target, not only sub-targets


def test_narrative_counts_and_red_order(facts):
    b = narrative.build_briefing(facts.card)
    summary = b.sections[0].paragraphs[0]
    c = facts.counts
    assert f"{c.total}项" in summary and f"{c['green']}项" in summary and f"{c['red']}项" in summary
    red_ids = [r.id for r in b.red]
    assert red_ids == [r.id for r in facts.red]


def _positions(text: str, names: list[str]) -> list[int]:
    return [text.index(n) for n in names]


@pytest.fixture(scope="module")
def pack(sample_db, period, plan):
    mp = pytest.MonkeyPatch()
    buf = io.BytesIO()
    Image.new("RGB", (320, 180), "white").save(buf, format="PNG")
    mp.setattr(export.png, "render_png", lambda fig, *a, **k: buf.getvalue())
    try:
        yield export.build_pack(plan, Store(sample_db), period, formats=["pptx", "docx", "zip"],
                                  ascii_names=True)
    finally:
        mp.undo()


def test_pptx_cards_and_red_items(pack, facts, period):
    from pptx import Presentation
    prs = Presentation(io.BytesIO(pack.files[f"{period}_briefing.pptx"]))
    slide_texts = ["\n".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    cards = slide_texts[1]
    for f in facts.headline:
        assert f"{f.short}\n{f.actual_text}" in cards and f.status.text in cards
        # the change on last quarter in the cards' one wording: a zero is 持平, never "+0.0"
        assert f.change_phrase in cards
        if f.change is not None:
            assert ("持平" in f.change_phrase) == (f.change == 0), f.change_phrase
    assert "+0.0" not in cards and "−0.0" not in cards and "-0.0" not in cards
    # at the year end the red slides are titled 未完成的目标任务和逾期事项 (export.red_title_year_end)
    red_title = "未完成的目标任务和逾期事项" if facts.year_end else "滞后指标和逾期事项"
    red_text = "\n".join(line for t in slide_texts if t.startswith(red_title)
                         for line in t.splitlines() if line.startswith("■ "))   # not the footer
    names = [r.name for r in facts.red]
    pos = _positions(red_text, names)
    assert pos == sorted(pos), "red items in the facts' order"


def test_docx_tables_and_red_order(pack, facts, period):
    from docx import Document
    doc = Document(io.BytesIO(pack.files[f"{period}_briefing.docx"]))
    rows = {r.cells[0].text: [c.text for c in r.cells] for t in doc.tables for r in list(t.rows)[1:]}
    for f in facts.subtargets:
        assert rows[f.name][1:4] + rows[f.name][5:6] == [f.target_text, f.actual_text, f.completion_text,
                                                          f.status.text]
        # a table whose gaps are all in points says so once, in its header (差距（百分点）)
        assert rows[f.name][4] in (f.gap_text, f.gap_text.removesuffix("个百分点"))
    body = "\n".join(p.text for p in doc.paragraphs)
    c = facts.counts
    assert f"{c.total}项量化指标" in body
    red_names = [r.name for r in facts.red]
    # at the year end the red items are listed under 三、未完成的目标任务 (no second red list)
    red_part = body[body.index("未完成的目标任务" if facts.year_end else "滞后指标和逾期事项"):]
    pos = _positions(red_part, red_names)   # raises when a red item is missing from the section
    if not facts.year_end:   # the year-end lists number the unmet targets and tasks in plan order instead
        assert pos == sorted(pos)


def test_csv_statuses(pack, facts, period):
    import zipfile
    z = zipfile.ZipFile(io.BytesIO(pack.files[f"{period}_briefing_charts.zip"]))
    csv = z.read(f"{period}_scorecard.csv").decode("utf-8-sig").splitlines()[1:]
    assert [line.rsplit(",", 1)[1] for line in csv] == [f.status.text for f in facts.all]


def test_meeting_slides_and_pages(sample_db, period, facts, monkeypatch, tmp_path):
    slides = build_slides(facts.card, "zh")
    assert [r.id for s in slides if s.kind == "red" for r in s.red] == [r.id for r in facts.red]
    area_counts = {s.area: s.counts for s in slides if s.kind == "area"}
    assert sum(c.total for c in area_counts.values()) == len(facts.subtargets)
    monkeypatch.setenv("PLANTRACK_DB", str(sample_db))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))
    at = run_app(page="meeting", period=period, slide="headline")
    assert not at.exception
    text = texts(at)
    for f in facts.headline:
        assert f.status.text in text and f.actual_text.replace(".", "\\.") in text
    at = run_app(page="meeting", period=period, slide="red-1")
    red_md = texts(at)
    first = [r.name for r in facts.red[:6]]
    pos = _positions(red_md, first)
    assert pos == sorted(pos)
    at = run_app(page="task_force", period=period)
    assert not at.exception
    red_table = at.dataframe[0].value
    assert list(red_table.iloc[:, 2]) == [r.name for r in facts.red]
    at = run_app(period=period)          # the overview: the summary chart counts the same targets by their words
    spec = json.loads(at.get("plotly_chart")[len(facts.headline)].proto.spec)
    bar = spec["data"][0]
    assert bar["y"] == [t for _, t, _ in facts.tally().items()]
    assert sum(bar["x"]) == facts.counts.total
    for status in facts.counts.statuses():   # each colour's count is the briefing's count of that category
        assert sum(n for s, _, n in facts.tally().items() if s == status) == facts.counts[status]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("end_month", range(1, 12))
def test_one_name_for_the_rest_of_the_year(end_month, lang):
    """The narrative's pace sentence, the card's pace text and the 'cannot be computed' line name the span
    still to come the same way (was 后三个季度 in the briefing, 二至四季度 on the card; 12-12月 in November; months written 6-12月 like the period labels 1-6月)."""
    from plantrack.model.periods import parse_key
    from plantrack.present.facts import pace_text, rest_of_year
    p = parse_key(f"2023M{end_month:02d}")
    rest = rest_of_year(p, lang)
    assert narrative.rest_of_year(p, lang) == rest
    assert "12-12" not in rest and "Dec–Dec" not in rest
    assert pace_text(p, 12.0, lang).startswith(rest)


@pytest.mark.parametrize("kind", ["level", "ceiling", "growth", "cumulative"])
@pytest.mark.parametrize("value", [95.0, 99.5, 100.0])
def test_a_share_held_at_100_percent_reads_as_held_not_at_least(kind, value):
    # "长江岳阳段水质优良率保持100%": a share cannot pass 100%, so "≥100%" on the DOCX/PPTX tables misreads the plan;
    # below 100% and for every other kind the operator stays.
    from plantrack.model import kinds
    from plantrack.present import target_text
    unit = "%" if kind != "cumulative" else "个"
    op = kinds.spec(kind).operator
    held = kind == "level" and value >= 100
    shown = f"{value:g}%" if unit == "%" else f"{value:g}个"
    assert target_text(value, kind, unit, "zh") == (f"保持{shown}" if held else f"{op}{shown}")
    assert target_text(value, kind, unit, "en").startswith("hold " if held else op)

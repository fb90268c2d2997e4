"""Every chart's marks, labels and legend agree, for every task of the plan and every status a row can have:

- a status glyph (● ▲ ■ ○) in a label is drawn in that status's colour (never a black ■ beside a red point);
- a trace shown in the legend draws all its marks alike (one colour, one symbol), so its legend entry is the mark;
- completion bars start at 0 and a row with nothing done still has its status mark on the zero line;
- growth axes start at 0 when nothing is negative; a held rate's axis stops at 100 % unless a value exceeds it.
Rows are varied by generating assessments at each status (dataclasses.replace on real ones).
"""
from __future__ import annotations

import dataclasses
import re

import pytest

from plantrack.analysis.scorecard import build_scorecard
from plantrack.model.i18n import STATUS_COLOURS, STATUS_ICONS
from plantrack.model.plan import get_plan
from plantrack.present import charts, series, target_facts

GLYPH_STATUS = {g: s for s, g in STATUS_ICONS.items()}
SPAN = re.compile(r"<span style='color:(#[0-9a-f]{6})'>([^<]*)</span>")


def _glyphs_agree(text: str) -> list[str]:
    problems = []
    for colour, inner in SPAN.findall(text or ""):
        for g in inner:
            if g in GLYPH_STATUS and STATUS_COLOURS[GLYPH_STATUS[g]] != colour:
                problems.append(f"{g} drawn in {colour}: {text!r}")
    bare = SPAN.sub("", text or "")
    problems += [f"uncoloured {g} in {text!r}" for g in bare if g in GLYPH_STATUS]
    return problems


def _check(fig) -> list[str]:
    problems = []
    texts = [a.text for a in fig.layout.annotations] + [fig.layout.title.text]
    for tr in fig.data:
        texts += list(tr.text) if isinstance(tr.text, (list, tuple)) else [tr.text] if tr.text else []
        shown = tr.showlegend is not False and tr.name not in (None, "labels", "zero")
        marker = getattr(tr, "marker", None)
        if shown and marker is not None:
            for attr in ("color", "symbol"):
                v = getattr(marker, attr, None)
                if isinstance(v, (list, tuple)) and len(set(v)) > 1:
                    problems.append(f"legend entry {tr.name!r} stands for marks of several {attr}s: {v}")
        if tr.name and tr.name != "labels":
            problems += [f"legend name {tr.name!r} carries a glyph"] if any(g in tr.name for g in GLYPH_STATUS) else []
    for x in texts:
        problems += _glyphs_agree(x)
    return problems


@pytest.fixture
def card(dashboard_store):
    return build_scorecard(get_plan(), dashboard_store, "2023Q2")


def _variants(a):
    """The same row at each status, including nothing done yet (0) and no data."""
    t = a.target.target or 1.0
    yield dataclasses.replace(a, actual=0.0, completion_pct=0.0, gap=-a.time_progress_pct, status="red")
    yield dataclasses.replace(a, actual=t * 0.45, completion_pct=45.0, gap=-5.0, status="yellow")
    yield dataclasses.replace(a, actual=t * 0.8, completion_pct=80.0, gap=30.0, status="green")
    yield dataclasses.replace(a, actual=None, completion_pct=None, gap=None, status="no_data")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_charts_of_every_task(card, lang):
    plan = get_plan().year(2023)
    for task in plan.tasks:
        rows = [a for a in series.task_assessments(card, task.id) if a.kind == "cumulative"]
        if not rows:
            continue
        mixed = [list(_variants(a))[i % 4] for i, a in enumerate(rows)]   # one row each, statuses cycling
        fig = charts.progress_chart([target_facts(a, card, lang) for a in mixed], lang, "n", task.id)
        assert not _check(fig), (task.id, _check(fig))
        assert fig.layout.xaxis.range[0] == 0
        names = list(fig.layout.yaxis.categoryarray)
        zero_rows = {a.target.indicator.name(lang) for a in mixed if a.completion_pct == 0.0}
        zero = next((tr for tr in fig.data if tr.name == "zero"), None)
        assert zero is not None and set(zero.y) == zero_rows and set(zero.x) == {0.0}
        red_first = [n for n in names if n in zero_rows]
        assert names[:len(red_first)] == red_first, "the rows furthest behind come first"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_limit_charts_at_every_status(card, lang):
    for a in card.subtargets:
        if a.kind not in ("ceiling", "level"):
            continue
        lim = a.target.target
        for actual, status in ((lim * 0.9, "red"), (lim, "green"), (min(lim * 1.02, 100.0), "yellow"), (None, "no_data")):
            v = dataclasses.replace(a, actual=actual, status=status)
            fig = charts.limit_chart(target_facts(v, card, lang), lang, "n")
            assert not _check(fig), _check(fig)
            assert fig.layout.xaxis.range[0] == 0
            if a.kind == "level" and a.target.unit == "%":
                assert fig.layout.xaxis.range[1] == 100.0
        if a.kind == "level" and a.target.unit == "%":
            over = charts.limit_chart(target_facts(dataclasses.replace(a, actual=103.0, status="green"), card, lang),
                                      lang, "n")
            assert over.layout.xaxis.range[1] > 103.0, "a value over 100 % widens the axis"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_growth_and_summary_charts(card, dashboard_store, lang):
    for s in series.headline_series(get_plan(), dashboard_store, card):
        fig = charts.growth_chart(s, lang, "n")
        assert not _check(fig), _check(fig)
        if all(p.growth >= 0 for p in s.points):
            assert fig.layout.yaxis.range[0] == 0
        assert fig.layout.yaxis.ticksuffix == "%"
    from plantrack.present import period_facts
    summary = series.task_force_summary(card, lang)
    tallies = series.task_force_tallies(period_facts(card, lang), summary)
    assert not _check(charts.task_force_chart(summary, tallies, lang, "n"))

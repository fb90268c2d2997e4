"""Declare once, derive the rest: every indicator of a plan year appears on exactly one dashboard page —
the overview (headline targets) or one area page (its tasks' sub-targets and tracked indicators) — and the
area page really renders it."""
import json
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from plantrack.model.plan import get_plan
from plantrack.ui import area_page as area
from plantrack.ui import overview_page as overview

REPO = Path(__file__).resolve().parent.parent
PLAN = get_plan()


def shown(year_plan) -> Counter:
    c = Counter(overview.indicators(year_plan))
    for a in year_plan.areas:
        c.update(area.indicators(year_plan, a.id))
    return c


@pytest.mark.parametrize("year", sorted(PLAN.years))
def test_every_indicator_on_exactly_one_page(year):
    yp = PLAN.year(year)
    counts = shown(yp)
    declared = {t.id for t in yp.headline + yp.subtargets + yp.tracked}
    assert set(counts) == declared
    assert {i: n for i, n in counts.items() if n != 1} == {}


def test_catalogue_has_no_orphan_indicator():
    used = set().union(*(set(shown(yp)) for yp in PLAN.years.values()))
    assert set(PLAN.indicators) - used == set()


@pytest.mark.parametrize("year", sorted(PLAN.years))
def test_every_area_page_file_exists(year):
    for a in PLAN.year(year).areas:
        assert (REPO / "pages" / f"area_{a.id}.py").exists(), a.id


def test_area_pages_render_what_they_declare(dashboard_store):
    yp = PLAN.year(2023)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    for a in yp.areas:
        at.switch_page(f"pages/area_{a.id}.py").run()
        assert not at.exception
        names = set()
        for d in at.dataframe:
            df = d.value
            if "指标" in df.columns:
                names |= set(df["指标"])
        for chart in at.get("plotly_chart"):   # count targets are shown as their task's progress chart
            spec = json.loads(chart.proto.spec)
            names |= {y for tr in spec["data"] if tr.get("type") == "bar" for y in (tr.get("y") or [])}
        expected = {PLAN.indicator(i).name("zh") for i in area.indicators(yp, a.id)}
        assert names == expected, a.id

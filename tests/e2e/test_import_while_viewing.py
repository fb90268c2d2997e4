"""An import from the CLI while sessions are viewing: it succeeds, and every session's next run shows it.

Sessions speak Streamlit's websocket protocol (bench/_st_client.py: what a browser tab sends and waits for)
and keep re-running the overview or an area page while `plantrack import` corrects a figure on each. The
pages share drawn tables and charts across sessions per store generation (widgets.table / show_chart), so a
generation that did not change, or changed before the data did, would show here as a session still seeing
the old figure. No timing is asserted (bench/bench_load.py measures the import's wall time under load).
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import random

import pytest

from bench._st_client import Viewer
from plantrack.model.i18n import fmt_rate, fmt_value
from plantrack.model.plan import get_plan
from plantrack.present import series
from plantrack.store.database import Store

pytestmark = pytest.mark.e2e

SESSIONS_PER_PAGE = 3
AREA = "demand"


def _latest(store: Store, plan) -> tuple[str, object]:
    period = store.periods_with_data(plan.latest_year, plan.app.home_district)[-1]
    return period, store.current_values(plan.latest_year, plan.app.home_district)


def _pick_new(current: float, shown, fmt, step: float) -> float:
    """A new figure whose text no session shows yet (so "shows the new figure" cannot pass by accident):
    growth rates in tenths, stored figures in whole units (counts of streets or projects have no decimals)."""
    rng = random.Random(14)
    while True:
        candidate = round(round(current / step) * step + rng.randint(3, 40) * rng.choice((1, -1)) * step, 1)
        if candidate > 0 and not any(r.shows(fmt(candidate)) for r in shown):
            return candidate


def test_cli_import_while_sessions_view_and_each_next_run_shows_it(fresh_app_server, tmp_path):
    plan = get_plan()
    store = Store(fresh_app_server.env["PLANTRACK_DB"])
    period, values = _latest(store, plan)
    gdp = values[(values.indicator == "gdp") & (values.period == period)].iloc[0]
    area_ids = set(series.area_indicators(plan.year(plan.latest_year), AREA))
    counted = values[(values.indicator.isin(area_ids)) & (values.period == period) & values.value.notna()]
    assert len(counted), f"the sample has no {AREA} figures for {period}"

    async def scenario():
        overview = [Viewer(fresh_app_server.url, collect_texts=True) for _ in range(SESSIONS_PER_PAGE)]
        area = [Viewer(fresh_app_server.url, collect_texts=True) for _ in range(SESSIONS_PER_PAGE)]
        everyone = overview + area
        await asyncio.gather(*(v.__aenter__() for v in everyone))
        try:
            before = await asyncio.gather(*(v.open("") for v in overview),
                                          *(v.open(f"page=area_{AREA}") for v in area))
            assert all(not r.exceptions for r in before), [r.exceptions for r in before]
            # a figure of the area that its page shows as text (fmt_value), to be corrected
            shown = [row for _, row in counted.iterrows()
                     if all(r.shows(fmt_value(row.value, row.unit, "zh")) for r in before[SESSIONS_PER_PAGE:])]
            assert shown, f"none of the {AREA} figures for {period} is on its page as fmt_value text"
            item = shown[0]
            growth = _pick_new(float(gdp.growth_pct), before[:SESSIONS_PER_PAGE], fmt_rate, 0.1)
            value = _pick_new(float(item.value), before[SESSIONS_PER_PAGE:],
                              lambda v: fmt_value(v, item.unit, "zh"), 1)
            path = tmp_path / "更正.csv"
            path.write_text("指标代码,指标名称,期间,累计值,单位,同比增长(%),备注\n"
                            f"gdp,,{period},{gdp.value},{gdp.unit},{growth},更正\n"
                            f"{item.indicator},,{period},{value},{item.unit},,更正\n", encoding="utf-8")

            stop = asyncio.Event()
            runs = [0]

            async def keep_viewing(v: Viewer):
                while not stop.is_set():
                    r = await v.rerun()
                    assert not r.exceptions, r.exceptions
                    runs[0] += 1

            loops = [asyncio.create_task(keep_viewing(v)) for v in everyone]
            await asyncio.sleep(0.5)
            result = await asyncio.to_thread(fresh_app_server.cli, "import", "--user", "e2e", str(path))
            stop.set()
            await asyncio.gather(*loops)
            assert result.returncode == 0, result.stdout + result.stderr
            assert runs[0] >= len(everyone), "the sessions were not viewing during the import"

            after = await asyncio.gather(*(v.rerun() for v in everyone))
            for r in after[:SESSIONS_PER_PAGE]:
                assert r.shows(fmt_rate(growth)), "an overview session's next run still shows the old GDP growth"
            for r in after[SESSIONS_PER_PAGE:]:
                assert r.shows(fmt_value(value, item.unit, "zh")), \
                    f"an area session's next run still shows the old {item.indicator}"
        finally:
            await asyncio.gather(*(v.__aexit__() for v in everyone), return_exceptions=True)

    # its own thread and event loop: Playwright's sync API may already run a loop in this worker's thread
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()

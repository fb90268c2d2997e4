"""Server-side run time of the overview and one area page (内需挖掘, pages/area_demand.py) against the size of
the store: 1k, 100k and 1M observations.

Each store is a temporary DuckDB file made with the store's own schema: the sample data imported as
analysts would (so the current year of the home district is realistic), then synthetic observations bulk-
inserted in revisions of 10,000 rows, in random order — every plan indicator, 40 regions (the city's districts
and made-up ones), years 1950–2099 except the plan year and the year before it, all twelve month-end spans. They make
the store big without changing what the pages show, which is what a store with decades of history does.

Two measurements per page and size, each the median of several runs:
- page (AppTest, cold): a fresh AppTest session runs app.py and switches to the page, with st.cache_data
  and st.cache_resource cleared first — the first view after an import, the worst case;
- page (AppTest, warm): the same session runs the page again — what every later click costs;
- functions (cold): the plantrack calls the page makes, without Streamlit (build_context's store reads, the
  scorecard, series for the charts) — shown too, since AppTest adds its own overhead.
Baseline: the 1k store, measured in the same run. Goal: 1M no more than 1.5× the 1k time.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, machine, median_of, quick, table  # noqa: E402

SIZES = (1_000, 100_000, 1_000_000)
CHUNK = 10_000
GOAL = 1.5
PAGES = {"overview": "pages/overview.py", "area_demand": "pages/area_demand.py"}
EXTRA_REGIONS = [f"示例区{i:02d}" for i in range(27)]


def build_store(path: Path, n: int) -> int:
    """A store of about n observations; returns the exact count."""
    import numpy as np
    import pandas as pd

    from plantrack.commands.load_sample_cmd import sample_files
    from plantrack.ingest import parse_file
    from plantrack.model.plan import get_plan
    from plantrack.store.database import Store
    from plantrack.store.queries import execute

    plan = get_plan()
    store = Store(path)
    for f in sample_files():
        store.import_parsed(parse_file(f, plan=plan), user="sample", content=None)
    with store.connect() as con:
        have = con.execute("select count(*) from observations").fetchone()[0]
        rev = int(execute(con, "revision_next_id")[0][0])
    todo = max(0, n - have)
    if not todo:
        return have
    rng = np.random.default_rng(n)
    ids = np.array(list(plan.indicators))
    units = np.array([plan.indicators[i].unit for i in ids])
    regions = np.array(list(plan.app.city_regions) + EXTRA_REGIONS)
    plan_year = plan.latest_year
    years = np.array([y for y in range(1950, 2100) if y not in (plan_year, plan_year - 1)])
    k = np.arange(todo)
    ind = k % len(ids)
    month = (k // len(ids)) % 12 + 1
    region = (k // (len(ids) * 12)) % len(regions)
    year = years[(k // (len(ids) * 12 * len(regions))) % len(years)]
    period = np.where(month % 3 == 0, np.char.add(np.char.add(year.astype(str), "Q"), (month // 3).astype(str)),
                      np.char.add(np.char.add(year.astype(str), "M"), np.char.zfill(month.astype(str), 2)))
    value = rng.uniform(1, 1000, todo).round(2)
    df = pd.DataFrame({
        "revision": 0, "indicator": ids[ind].astype(object), "period": period.astype(object),
        "year": year.astype("int32"), "end_month": month.astype("int32"), "region": regions[region].astype(object),
        "value": value, "unit": units[ind].astype(object), "growth_pct": rng.normal(6, 3, todo).round(1),
        "prev_value": (value / 1.06).round(2), "rank": pd.array(rng.integers(1, 14, todo), dtype="Int32"),
        "source_sheet": "synthetic", "source_row": pd.array(k % 60000 + 5, dtype="Int32"), "source_column": "D"})
    df["revision"] = (rev + k // CHUNK).astype("int32")
    # stored in random order: no help from DuckDB's per-row-group min/max for the year filter (worst case)
    df = df.sample(frac=1.0, random_state=n).reset_index(drop=True)
    with store.connect() as con:
        con.execute("begin transaction")
        for r in range(rev, int(df.revision.max()) + 1):
            execute(con, "revision_insert", revision=r, kind="import", file_name=f"synthetic_{r}.xlsx",
                    sha256=f"synthetic{r:08d}", size_bytes=0, layout="template", user_name="bench",
                    record_count=int((df.revision == r).sum()), note=None)
        con.register("synthetic", df)
        con.execute("insert into observations select * from synthetic")
        con.unregister("synthetic")
        con.execute("commit")
        con.execute("checkpoint")
        return con.execute("select count(*) from observations").fetchone()[0]


def clear_caches() -> None:
    import streamlit as st
    import streamlit.logger
    streamlit.logger.set_log_level("error")   # clearing outside a script run warns "missing ScriptRunContext"
    st.cache_data.clear()
    st.cache_resource.clear()


def app_test_cold(page: str):
    """A fresh session with empty caches: returns (AppTest, seconds of the page's run)."""
    import time

    from streamlit.testing.v1 import AppTest
    clear_caches()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    if page != "overview":
        at.run()                # the session's first view (the overview), not timed …
        _check(at, "overview")
        clear_caches()
        at.switch_page(PAGES[page])
    t0 = time.perf_counter()
    at.run()                    # … the page itself from a cold cache
    elapsed = time.perf_counter() - t0
    _check(at, page)
    return at, elapsed


def _check(at, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page}: {[e.value for e in at.exception]}")


def functions_cold(page: str) -> None:
    """What the page asks of plantrack, minus Streamlit."""
    from plantrack.analysis.scorecard import build_scorecard
    from plantrack.model.plan import get_plan
    from plantrack.present import series
    from plantrack.store.database import Store

    plan = get_plan()
    store = Store()
    store.generation()
    periods = store.periods_with_data(plan.latest_year, plan.app.home_district)
    store.history()
    card = build_scorecard(plan, store, periods[-1])
    if page == "overview":
        series.headline_series(plan, store, card)
        series.area_status_counts(card)
    else:
        series.area_assessments(card, "demand")
        for task in card.plan.tasks:
            if task.area == "demand":
                series.task_milestones(card, task.id)


def measure(size: int, runs: int) -> dict:
    results = {}
    for page, rel in PAGES.items():
        r = {}
        t, _, _ = median_of(lambda: functions_cold(page), runs, warmup=1)
        r["functions"] = t
        if (ROOT / rel).exists():
            app_test_cold(page)                       # warm-up: imports, first compile of the script
            times = sorted(app_test_cold(page)[1] for _ in range(runs))
            r["cold"] = times[len(times) // 2]
            at, _ = app_test_cold(page)

            def warm():
                at.run()
                _check(at, page)
            r["warm"], _, _ = median_of(warm, runs, warmup=1)
        results[page] = r
    return results


def main() -> None:
    runs = 3 if quick() else 5
    sizes = SIZES[:2] if "--no-1m" in sys.argv else SIZES
    tmp = Path(tempfile.mkdtemp(prefix="bench_pages_", dir=OUT if OUT.exists() else None))
    OUT.mkdir(parents=True, exist_ok=True)
    measured = {}
    counts = {}
    try:
        for size in sizes:
            path = tmp / f"store_{size}.duckdb"
            print(f"building a store with {size:,} observations …", flush=True)
            counts[size] = build_store(path, size)
            os.environ["PLANTRACK_DB"] = str(path)
            measured[size] = measure(size, runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    base = measured[sizes[0]]
    rows = []
    for page, rel in PAGES.items():
        for kind, label in (("cold", "page, AppTest, cold cache"), ("warm", "page, AppTest, warm cache"),
                            ("functions", "plantrack functions, cold")):
            if kind not in base[page]:
                continue
            row = [page, label]
            for size in sizes:
                row.append(f"{measured[size][page][kind] * 1000:,.0f}")
            row.append(f"{measured[sizes[-1]][page][kind] / base[page][kind]:.2f}×")
            rows.append(row)
        if "cold" not in base[page]:
            rows.append([page, f"(no {rel} yet: page not measured)"] + [""] * (len(sizes) + 1))
    worst = max(measured[sizes[-1]][p][k] / base[p][k] for p in PAGES for k in base[p])
    table(f"Pages: server-side run time (ms, median of {runs}) by observations in the store",
          ["page", "what is timed"] + [f"{counts[s]:,} obs" for s in sizes] + [f"{sizes[-1]:,} ÷ 1k"], rows,
          note=f"goal: {sizes[-1]:,} observations ≤ {GOAL}× the 1k time → worst ratio {worst:.2f}× "
               f"({'met' if worst <= GOAL else 'MISSED'}).\nmachine: {machine()}")


if __name__ == "__main__":
    main()

"""Briefing export: one cold PNG (a fresh Chromium per chart) against one warm PNG (the process's kaleido
server), and the whole pack for a period (every chart + ZIP + PPTX + DOCX) on the warm server.

    .venv/bin/python bench/bench_export.py [--quick] [--period 2023Q2]

Uses a temporary store filled with the bundled sample (data/sample, 示例数据) through the real importer, never
data/plantrack.duckdb. Prints a Markdown table with the ratio; numbers for the README.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def fill(db: Path):
    from plantrack.store.database import Store
    try:
        from plantrack.actions.actor import shell_user
        from plantrack.actions.file_import import import_paths
        from plantrack.commands.load_sample_cmd import sample_files
        files = sample_files()
    except Exception:
        files = []
    if files:
        store = Store(db)
        _, errors, _ = import_paths(files, actor=shell_user("bench"), store=store)
        if not errors:
            return store, "data/sample (示例数据)"
    from _export_fixture import fill_store  # a small fixture when the sample is not there
    return fill_store(db.with_name("fixture.duckdb"), sample=True), "tests/_export_fixture.py"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer runs")
    ap.add_argument("--period", default=None)
    args = ap.parse_args()
    quick = args.quick or os.environ.get("BENCH_QUICK") == "1"

    from plantrack import export
    from plantrack.analysis.scorecard import build_scorecard, latest_period
    from plantrack.model.plan import get_plan

    plan = get_plan()
    with tempfile.TemporaryDirectory() as tmp:
        store, source = fill(Path(tmp) / "bench.duckdb")
        period = args.period or latest_period(plan, store, plan.latest_year)
        card = build_scorecard(plan, store, period)
        charts = export.briefing_charts(plan, store, card)
        figs = [c.figure for c in charts]

        cold_runs = 2 if quick else 4
        cold = []
        for fig in figs[:cold_runs]:
            t0 = time.perf_counter()
            export.render_png(fig, warm=False)
            cold.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        export.render_png(figs[0])             # starts the server: not counted as a warm export
        start = time.perf_counter() - t0
        warm_runs = 5 if quick else 12
        warm = []
        for i in range(warm_runs):
            fig = figs[i % len(figs)]
            t0 = time.perf_counter()
            export.render_png(fig)
            warm.append(time.perf_counter() - t0)

        t0 = time.perf_counter()
        pack = export.build_pack(plan, store, period, formats=["zip", "pptx", "docx"])
        pack_s = time.perf_counter() - t0
        export.stop_server()

    cold_med, warm_med = statistics.median(cold), statistics.median(warm)
    n = len(pack.charts)
    rows = [
        ("one PNG, cold (fresh Chromium per chart)", f"{cold_med:.2f} s", f"median of {len(cold)}"),
        ("warm server start (first export)", f"{start:.2f} s", "once per process"),
        ("one PNG, warm (kaleido.start_sync_server)", f"{warm_med:.3f} s", f"median of {len(warm)}"),
        ("cold / warm", f"{cold_med / warm_med:.1f}×", ""),
        (f"whole pack {period}: {n} PNGs + ZIP + PPTX + DOCX, warm", f"{pack_s:.1f} s",
         ", ".join(f"{k} {len(v) / 1e6:.1f} MB" for k, v in pack.files.items())),
        (f"the same {n} PNGs exported cold (estimate: {n} × cold)", f"{n * cold_med:.1f} s",
         f"{n * cold_med / pack_s:.1f}× the warm pack"),
    ]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    print(f"\n### Briefing export ({source}, period {period}; 3840×2160 PNG)\n")
    print(f"| {'measure'.ljust(w0)} | {'time'.rjust(w1)} | note |")
    print(f"|{'-' * (w0 + 2)}|{'-' * (w1 + 2)}|------|")
    for a, b, c in rows:
        print(f"| {a.ljust(w0)} | {b.rjust(w1)} | {c} |")
    print(f"\ncold runs: {', '.join(f'{x:.2f}' for x in cold)} s; warm runs: {', '.join(f'{x:.3f}' for x in warm)} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Shared bits of the benchmarks: timing, medians, the printed table, the machine.

Every benchmark measures its baseline in the same run and prints a ratio, so the numbers compare like with
like on whatever machine runs them. Medians over several runs; the first (warm-up) run is not counted where
a benchmark says so.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"          # git-ignored: cached inputs, profiles, the last results
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def quick() -> bool:
    """`--quick` (or BENCH_QUICK=1): fewer runs, for a smoke test of the benchmarks themselves."""
    return "--quick" in sys.argv or os.environ.get("BENCH_QUICK") == "1"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t0, result


def median_of(fn, runs: int, warmup: int = 0) -> tuple[float, list[float], object]:
    """Median seconds of `runs` calls of fn() (after `warmup` uncounted calls), all times, last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times = []
    for _ in range(runs):
        t, result = timed(fn)
        times.append(t)
    return statistics.median(times), times, result


def table(title: str, header: list[str], rows: list[list], note: str = "") -> str:
    """A Markdown table (readable in a terminal and pasteable into bench/README.md)."""
    cells = [[str(c) for c in header]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = [f"\n### {title}\n"]
    for k, r in enumerate(cells):
        lines.append("| " + " | ".join(c.rjust(w) if k and _numeric(c) else c.ljust(w)
                                        for c, w in zip(r, widths)) + " |")
        if k == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    if note:
        lines.append(f"\n{note}")
    text = "\n".join(lines)
    print(text, flush=True)
    return text


def _fmt(c) -> str:
    if isinstance(c, float):
        if c >= 100:
            return f"{c:,.0f}"
        if c >= 10:
            return f"{c:.1f}"
        return f"{c:.2f}"
    if isinstance(c, int):
        return f"{c:,}"
    return str(c)


def _numeric(s: str) -> bool:
    return s[:1].isdigit() or s[:1] in "-+" or s.endswith("×")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    except (OSError, IndexError):
        mem = "?"
    return (f"{dt.date.today().isoformat()} · {cpu} · {os.cpu_count()} CPUs (nproc) · {mem} RAM · "
            f"Python {platform.python_version()} · {platform.platform()}")

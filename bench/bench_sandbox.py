"""Per-import cost of parsing in the limited worker process (plantrack.ingest.sandbox) instead of in-process.

    .venv/bin/python bench/bench_sandbox.py [--quick]

Same file, same run, interleaved: `parse_file` in this process vs `parse_untrusted` (fork of the warm zygote,
request over a socket, result back as JSON). Files: a 6 KB bureau table (the usual upload) and, when
bench_import.py has cached it, the 100,000-row template (3.7 MB). Also the zygote's start, paid once per
server process or CLI run. Reports medians and the difference per import.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, machine, quick, table, timed  # noqa: E402

from plantrack.ingest import (
    parse_file,  # noqa: E402
    sandbox,  # noqa: E402
)
from plantrack.model.plan import load_plan


def main() -> None:
    plan = load_plan(ROOT / "plan_config.toml")
    files = [("bureau table (6 KB)", ROOT / "tests" / "data" / "ingest" / "bureau_2023_h1.xlsx", 15)]
    big = OUT / "template_100k.xlsx"
    if big.exists():
        files.append(("100,000-row template (3.7 MB)", big, 3))
    start, _ = timed(sandbox.parse_untrusted, plan, files[0][1].read_bytes(), "warm.xlsx")   # starts the zygote
    rows = [["zygote start + first import (once per process)", "", f"{start:.3f}", "", ""]]
    for label, path, runs in files:
        data = path.read_bytes()
        runs = 2 if quick() else runs
        inside, outside = [], []
        parse_file(plan=plan, data=data, name=path.name)          # warm-up: imports and caches
        for _ in range(runs):                                     # interleaved: load hits both alike
            inside.append(timed(parse_file, plan=plan, data=data, name=path.name)[0])
            outside.append(timed(sandbox.parse_untrusted, plan, data, path.name)[0])
        a, b = statistics.median(inside), statistics.median(outside)
        rows.append([label, f"{a:.3f}", f"{b:.3f}", f"{(b - a) * 1000:+.0f} ms", f"{b / a:.2f}×"])
    table("Parsing in the worker process vs in-process (median seconds)",
          ["file", "in-process", "worker", "per import", "ratio"], rows, note=machine())


if __name__ == "__main__":
    t = time.perf_counter()
    main()
    print(f"\n(bench_sandbox: {time.perf_counter() - t:.0f} s)")

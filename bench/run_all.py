"""`make bench`: every benchmark in turn, each in its own process, output teed to bench/out/results.md.

    .venv/bin/python bench/run_all.py [--quick] [--only import,pages,export,start,sandbox,load]

Each benchmark prints a Markdown table of medians with the ratio against its baseline measured in the same
run. Results, the machine and the date are recorded in bench/README.md by hand from this output.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, machine  # noqa: E402

BENCHES = [("import", "bench_import.py"), ("pages", "bench_pages.py"), ("export", "bench_export.py"),
           ("start", "bench_start.py"), ("sandbox", "bench_sandbox.py"), ("load", "bench_load.py")]


def main(argv: list[str]) -> int:
    only = None
    if "--only" in argv:
        only = set(argv[argv.index("--only") + 1].split(","))
    passthrough = [a for a in argv if a == "--quick"]
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / "results.md"
    failed = []
    with open(report, "w", encoding="utf-8") as out:
        header = f"# plantrack benchmarks\n\n{machine()}\n"
        print(header, flush=True)
        out.write(header)
        for name, script in BENCHES:
            if only and name not in only:
                continue
            path = ROOT / "bench" / script
            if not path.exists():
                line = f"\n({script} is not there yet: skipped)\n"
                print(line, flush=True)
                out.write(line)
                continue
            print(f"\n== {script}", flush=True)
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, str(path), *passthrough], cwd=ROOT, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
            for line in proc.stdout:
                print(line, end="", flush=True)
                out.write(line)
            proc.wait()
            took = f"\n({script}: {time.perf_counter() - t0:.0f} s, exit {proc.returncode})\n"
            print(took, flush=True)
            out.write(took)
            if proc.returncode:
                failed.append(script)
    print(f"\nresults written to {report.relative_to(ROOT)}" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

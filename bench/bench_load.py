"""Many viewers at once: N sessions open the same link together, over Streamlit's own websocket protocol.

A leader posts the overview link in the meeting's chat and thirty phones open it. Each session here is what
a browser tab does (bench/_st_client.py): connect to /_stcore/stream, send `BackMsg.rerun_script` with the
link's query string, read `ForwardMsg`s until the final `script_finished` (runs ended early by st.rerun /
st.switch_page are followed). All N connect first, then all ask for the page at once; the latency of a
session is from its request to its page finished. p50 / p95 / max over every session of every repeat, and the
wall time of a round (median), for N = 1, 10, 30.

Baseline in the same run, on its own server: a bare Streamlit app of 5 metrics and 2 plotly charts — the
floor set by Streamlit and plotly for a page of about that size — run with plantrack's .streamlit/config.toml
(the ratio then shows what plantrack's code adds, not what a setting saves: `runner.postScriptGC = false`
helps the bare app as much), and once more with Streamlit's defaults for reference. The rounds are
interleaved (bare, overview, area, then rotated), so load from other jobs on the machine hits all of them
alike; the ratio is p95 ÷ the bare app's p95 at the same N. Also the server's CPU seconds per session
(utime + stime of the server process over the round ÷ N): less noisy than latency on a busy machine, and at
N = 30 the latency is mostly that CPU queued behind the GIL.

Then an import while 30 sessions keep viewing (each re-running the overview as fast as it can): the CLI
import's wall time, and whether every session's next run shows the new figure.

    .venv/bin/python bench/bench_load.py [--quick] [--repeats 3] [--n 1,10,30]
"""
from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine, quick, table  # noqa: E402
from _st_client import RunResult, Viewer, python, start_server, stop_server  # noqa: E402

BARE_APP = '''import plotly.graph_objects as go
import streamlit as st
st.set_page_config(layout="wide")
st.title("bare")
for col, (label, value) in zip(st.columns(5), [("GDP", "6.1%"), ("FAI", "9.9%"), ("Retail", "7.2%"),
                                                ("Revenue", "8.0%"), ("Income", "6.5%")]):
    col.metric(label, value, "+0.3")
q = ["Q1", "Q2", "Q3", "Q4"]
left, right = st.columns(2)
left.plotly_chart(go.Figure([go.Scatter(x=q, y=[4.6, 5.3, 5.8, 6.1], name="actual"),
                             go.Scatter(x=q, y=[6.5] * 4, name="target")]), width="stretch")
right.plotly_chart(go.Figure(go.Bar(x=["green", "yellow", "red", "none"], y=[12, 3, 2, 4])), width="stretch")
'''

LINKS = {"bare": "", "bare_default": "", "overview": "", "area": "page=area_demand"}
LABELS = {"bare": "bare app (5 metrics + 2 plotly charts), plantrack's config",
          "bare_default": "bare app, Streamlit's default config", "overview": "overview (/)",
          "area": "area page 2. 内需挖掘 (?page=area_demand)"}


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def one_round(url: str, link: str, n: int, pid: int) -> tuple[list[float], float, int, float]:
    """N sessions connect, then all open `link` at once.
    (latencies, wall seconds, failed sessions, server CPU seconds per session)."""
    viewers = [Viewer(url) for _ in range(n)]
    await asyncio.gather(*(v.__aenter__() for v in viewers))
    try:
        c0 = cpu_seconds(pid)
        t0 = time.perf_counter()
        results = await asyncio.gather(*(v.open(link) for v in viewers), return_exceptions=True)
        wall = time.perf_counter() - t0
        cpu = (cpu_seconds(pid) - c0) / n
    finally:
        await asyncio.gather(*(v.__aexit__() for v in viewers), return_exceptions=True)
    ok = [r for r in results if not isinstance(r, BaseException) and not r.exceptions]
    return [r.seconds for r in ok], wall, n - len(ok), cpu


def prepare(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANTRACK_")}
    env.update(PLANTRACK_DB=str(tmp / "plantrack.duckdb"), PLANTRACK_ACCOUNTS=str(tmp / "accounts.json"))
    res = subprocess.run([python(), "-m", "plantrack", "load-sample"], cwd=ROOT, env=env, capture_output=True,
                         text=True)
    if res.returncode:
        raise SystemExit(f"load-sample failed: {res.stdout}{res.stderr}")
    subprocess.run([python(), "-m", "plantrack", "user", "add", "bench_admin", "--role", "admin",
                    "--password-stdin"], cwd=ROOT, env=env, input="bench-admin-password\n", text=True,
                   capture_output=True)   # an account exists, so the app does not print a bootstrap password
    return env


def correction_file(env: dict, tmp: Path, avoid: RunResult, name: str = "更正_GDP.csv") -> tuple[Path, str]:
    """A template file correcting the latest GDP growth to a figure the overview does not show yet."""
    from plantrack.model.i18n import fmt_rate
    from plantrack.model.plan import get_plan
    from plantrack.store.database import Store
    plan = get_plan()
    store = Store(env["PLANTRACK_DB"])
    year = plan.latest_year
    period = store.periods_with_data(year, plan.app.home_district)[-1]
    df = store.current_values(year, plan.app.home_district)
    row = df[(df.indicator == "gdp") & (df.period == period)].iloc[0]
    growth = next(g for g in (9.7, 11.3, 12.9, 3.1, 0.7) if not avoid.shows(fmt_rate(g)))
    path = tmp / name
    path.write_text("指标代码,指标名称,期间,累计值,单位,同比增长(%),备注\n"
                    f"gdp,,{period},{row.value},{row.unit},{growth},bench correction\n", encoding="utf-8")
    return path, fmt_rate(growth)


async def cli_import(path: Path, env: dict) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(python(), "-m", "plantrack", "import", "--user", "bench",
                                                str(path), cwd=str(ROOT), env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}: {(out + err).decode()[-300:]}"
    return time.perf_counter() - t0, status


async def import_while_viewing(url: str, env: dict, tmp: Path, n: int) -> list:
    """The same kind of CLI import with nobody viewing (baseline), then while N sessions re-run the overview
    in a loop; then each session's next run."""
    viewers = [Viewer(url, collect_texts=True) for _ in range(n)]
    await asyncio.gather(*(v.__aenter__() for v in viewers))
    try:
        first = await asyncio.gather(*(v.open("") for v in viewers[:1]))
        idle_path, _ = correction_file(env, tmp, first[0], "更正_GDP_idle.csv")
        idle_took, idle_status = await cli_import(idle_path, env)
        first = await asyncio.gather(*(v.open("") for v in viewers))
        path, marker = correction_file(env, tmp, first[0])
        stop = asyncio.Event()
        runs_during = [0]

        async def keep_viewing(v: Viewer):
            while not stop.is_set():
                await v.rerun()
                runs_during[0] += 1

        loops = [asyncio.create_task(keep_viewing(v)) for v in viewers]
        await asyncio.sleep(1.0)          # every session busy
        took, status = await cli_import(path, env)
        stop.set()
        await asyncio.gather(*loops, return_exceptions=True)
        t1 = time.perf_counter()
        after = await asyncio.gather(*(v.rerun() for v in viewers), return_exceptions=True)
        after_wall = time.perf_counter() - t1
        seen = sum(1 for r in after if not isinstance(r, BaseException) and r.shows(marker))
        return [n, idle_took, idle_status, took, status, f"{took / idle_took:.2f}×", runs_during[0], f"{seen} / {n}",
                after_wall]
    finally:
        await asyncio.gather(*(v.__aexit__() for v in viewers), return_exceptions=True)


def main(argv: list[str]) -> None:
    repeats = int(argv[argv.index("--repeats") + 1]) if "--repeats" in argv else (1 if quick() else 3)
    ns = [int(x) for x in argv[argv.index("--n") + 1].split(",")] if "--n" in argv else [1, 10, 30]
    tmp = Path(tempfile.mkdtemp(prefix="bench_load_"))
    env = prepare(tmp)
    bare_dir, default_dir = tmp / "bare", tmp / "bare_default"
    for d in (bare_dir, default_dir):
        d.mkdir()
        (d / "bare_app.py").write_text(BARE_APP, encoding="utf-8")
    (bare_dir / ".streamlit").mkdir()
    (bare_dir / ".streamlit" / "config.toml").write_bytes((ROOT / ".streamlit" / "config.toml").read_bytes())
    load_before = os.getloadavg()[0]
    servers = {"bare": start_server(bare_dir / "bare_app.py", bare_dir, env, tmp / "bare.log"),
               "bare_default": start_server(default_dir / "bare_app.py", default_dir, env, tmp / "bare_default.log")}
    servers["overview"] = servers["area"] = start_server(ROOT / "app.py", ROOT, env, tmp / "app.log")
    lat: dict[tuple[str, int], list[float]] = {}
    walls: dict[tuple[str, int], list[float]] = {}
    cpus: dict[tuple[str, int], list[float]] = {}
    failed: dict[tuple[str, int], int] = {}
    try:
        for name in LINKS:                       # warm-up: imports, caches of the first run
            for _ in range(2):
                asyncio.run(one_round(servers[name][1], LINKS[name], 1, servers[name][0].pid))
        order = list(LINKS)
        for n in ns:
            for rep in range(repeats):
                k = rep % len(order)
                for name in order[k:] + order[:k]:      # rotated, so no one always goes first
                    proc, url = servers[name]
                    ls, wall, bad, cpu = asyncio.run(one_round(url, LINKS[name], n, proc.pid))
                    lat.setdefault((name, n), []).extend(ls)
                    walls.setdefault((name, n), []).append(wall)
                    cpus.setdefault((name, n), []).append(cpu)
                    failed[(name, n)] = failed.get((name, n), 0) + bad
                    time.sleep(0.5)
        rows = []
        for n in ns:
            base = percentile(lat[("bare", n)], 95) if lat.get(("bare", n)) else float("nan")
            base_cpu = statistics.median(cpus[("bare", n)])
            for name in LINKS:
                ls = lat.get((name, n)) or [float("nan")]
                p95 = percentile(ls, 95)
                cpu = statistics.median(cpus[(name, n)])
                rows.append([LABELS[name], n, statistics.median(ls), p95, max(ls), statistics.median(walls[(name, n)]),
                             failed[(name, n)], f"{p95 / base:.2f}×", f"{cpu * 1000:.0f}", f"{cpu / base_cpu:.2f}×"])
        table(f"N sessions open the link at once: seconds from request to page finished ({repeats} rounds each, "
              f"interleaved)", ["link", "N", "p50", "p95", "max", "wall (median)", "failed", "p95 ÷ bare p95",
                                "server CPU ms / session", "CPU ÷ bare"], rows,
              note=f"machine: {machine()}; load average (1 min) at start {load_before:.1f}, "
                   f"at end {os.getloadavg()[0]:.1f}")
        our_url = servers["overview"][1]
        n_import = max(ns)
        row = asyncio.run(import_while_viewing(our_url, env, tmp, n_import))
        table("CLI import (`python -m plantrack import`, one corrected figure) alone, then while sessions keep "
              "re-running the overview",
              ["sessions", "alone (s)", "", "while viewing (s)", "", "ratio", "runs during import",
               "next run shows new data", "next run, all sessions (s)"], [row])
    finally:
        for proc, _ in {id(v): v for v in servers.values()}.values():
            stop_server(proc)


if __name__ == "__main__":
    main(sys.argv[1:])

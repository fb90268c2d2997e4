"""App start to first chart visible in the browser.

Each run starts `streamlit run app.py` as a fresh process on a free loopback port (a temporary store with the
sample data and a temporary accounts file, never data/), polls /_stcore/health, opens the page in the system
Chromium (already running: the browser's own start is not the app's) and waits until the first plotly chart
(`.js-plotly-plot`) is visible. Median of 3.

Baseline, measured the same way in the same run: a bare Streamlit app that draws one plotly figure — the floor
set by Python, Streamlit and plotly.js, so the ratio is what plantrack adds on top. plantrack is started both
as `streamlit run app.py` and as `make run` serves it (`serve.py`: the same app, plus a thread that imports
what the first run needs while the browser loads Streamlit's page).
"""
from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, ROOT, machine, quick, table  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
BASELINE_APP = '''import plotly.graph_objects as go
import streamlit as st
st.title("baseline")
st.plotly_chart(go.Figure(go.Bar(x=["Q1", "Q2", "Q3", "Q4"], y=[4.6, 5.3, 5.8, 6.1])), width="stretch")
'''


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_start(browser, script: Path, cwd: Path, env: dict) -> tuple[float, float]:
    """(seconds to healthy, seconds to the first chart visible), from just before the process starts."""
    port = _free_port()
    cmd = [_python(), "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.address",
           "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{script} exited with {proc.returncode}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            if time.perf_counter() - t0 > 120:
                raise RuntimeError(f"{script} not healthy after 120 s")
            time.sleep(0.05)
        t_health = time.perf_counter() - t0
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.goto(url + "/")
        page.locator(".js-plotly-plot").first.wait_for(state="visible", timeout=120_000)
        t_chart = time.perf_counter() - t0
        context.close()
        return t_health, t_chart
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> None:
    from playwright.sync_api import sync_playwright

    runs = 3
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench_start_"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANTRACK_")}
    env.update(PLANTRACK_DB=str(tmp / "plantrack.duckdb"), PLANTRACK_ACCOUNTS=str(tmp / "accounts.json"))
    res = subprocess.run([_python(), "-m", "plantrack", "load-sample"], cwd=ROOT, env=env, capture_output=True,
                         text=True)
    if res.returncode:
        raise SystemExit(f"load-sample failed: {res.stdout}{res.stderr}")
    subprocess.run([_python(), "-m", "plantrack", "user", "add", "bench_admin", "--role", "admin",
                    "--password-stdin"], cwd=ROOT, env=env, input="bench-admin-password\n", text=True,
                   capture_output=True)   # an account exists, so the app does not print a bootstrap password
    baseline = tmp / "baseline_app.py"
    baseline.write_text(BASELINE_APP, encoding="utf-8")

    results: dict[str, list[tuple[float, float]]] = {"plantrack": [], "serve": [], "baseline": []}
    scripts = {"baseline": (baseline, tmp), "plantrack": (ROOT / "app.py", ROOT), "serve": (ROOT / "serve.py", ROOT)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for script, cwd in scripts.values():               # warm-up: OS file cache, .pyc files
                one_start(browser, script, cwd, env)
            for _ in range(runs):                              # interleaved, so load changes hit all alike
                for name, (script, cwd) in scripts.items():
                    results[name].append(one_start(browser, script, cwd, env))
        finally:
            browser.close()

    def med(name, i):
        return statistics.median(r[i] for r in results[name])

    rows = []
    for name, label in (("baseline", "bare Streamlit app, one plotly chart (baseline)"),
                        ("plantrack", "plantrack app.py, overview with sample data"),
                        ("serve", "plantrack serve.py (make run: app.py + warm-up thread), same page")):
        rows.append([label, med(name, 0), med(name, 1),
                     f"{med(name, 1) / med('baseline', 1):.2f}×",
                     " / ".join(f"{r[1]:.2f}" for r in results[name])])
    table(f"App start to first chart visible (seconds, median of {runs})",
          ["app", "healthy", "first chart", "vs baseline", "runs (first chart)"], rows,
          note=f"from process start; browser already running; load average {os.getloadavg()[0]:.1f} at the end."
               f"\nmachine: {machine()}")


if __name__ == "__main__":
    if quick():
        pass   # always 3 runs: the spec asks for the median of 3
    main()

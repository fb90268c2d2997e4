"""Browser tests: start the real app on a free loopback port with a temporary store, drive /usr/bin/chromium.

Fixtures
- ``app_server`` (session): the app with the sample data loaded and two accounts (an analyst and an admin),
  shared by the scenarios that only read. ``fresh_app_server`` (module): its own store and process, for
  scenarios that import data, so the others keep seeing the sample figures.
- ``browser`` (session): Playwright's chromium driving the system Chromium (``playwright install`` cannot
  download here); ``page`` (function): a fresh context per test, 1600×1000, downloads accepted.
- ``ui``: ``App`` helpers bound to ``page`` and ``app_server`` — goto a page with query params, wait until
  Streamlit has finished running, sign in, screenshot into tests/e2e/screenshots/ (git-ignored).

The server's stdout/stderr go to a log file whose tail is printed when it fails to start; the process group
is terminated in a ``finally`` so a failing test never leaves a server behind, and at the session's end, at
exit and (PR_SET_PDEATHSIG) when the pytest process dies, so an interrupted run does not either. A server's
store and accounts are a copy of ones the CLI filled once per test run (tests/_run_cache.py). Tests never touch
data/plantrack.duckdb: PLANTRACK_DB and PLANTRACK_ACCOUNTS point into pytest's tmp directory.
"""
from __future__ import annotations

import atexit
import contextlib
import ctypes
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The app under test: this checkout, or another copy of the project (PLANTRACK_E2E_ROOT, e.g. a `git archive`
# of a commit) — the tests themselves always come from here.
APP_ROOT = Path(os.environ.get("PLANTRACK_E2E_ROOT") or ROOT).resolve()
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("PLANTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1600, "height": 1000}

ANALYST = ("e2e_analyst", "analyst-pass-1234")
ADMIN = ("e2e_admin", "admin-pass-1234")

# Streamlit's own e2e helpers wait on these attributes of the app root (frontend/app/src/App.tsx).
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"][data-test-connection-state="CONNECTED"]'
START_TIMEOUT_S = 90
_IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-stale="true"]')
    && !!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]');
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _cli(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([_python(), "-m", "plantrack", *args], cwd=APP_ROOT, env=env, input=stdin, text=True,
                          capture_output=True, timeout=120)


def add_account(env: dict, name: str, role: str, password: str) -> None:
    """`python -m plantrack user add NAME --role ROLE --password-stdin`, as an administrator would."""
    res = _cli(env, "user", "add", name, "--role", role, "--password-stdin", stdin=password + "\n")
    if res.returncode != 0:
        raise RuntimeError(f"`plantrack user add {name}` failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")


@dataclass
class AppServer:
    url: str
    workdir: Path
    env: dict
    log: Path
    proc: subprocess.Popen | None = None
    accounts: dict = field(default_factory=dict)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        """Run the plantrack CLI against this server's store (e.g. `history --json`)."""
        return _cli(self.env, *args)

    def log_tail(self, n: int = 60) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        return ""


def _server_env(workdir: Path, config: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANTRACK_")}
    env.update(PLANTRACK_DB=str(workdir / "plantrack.duckdb"), PLANTRACK_ACCOUNTS=str(workdir / "accounts.json"),
               PYTHONUNBUFFERED="1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    if config is not None:
        env["PLANTRACK_CONFIG"] = str(config)
    return env


def _fill_store(workdir: Path, sample: bool, config: Path | None) -> None:
    """What an administrator does before serving: `load-sample` and two `user add`, through the CLI."""
    env = _server_env(workdir, config)
    if sample:
        res = _cli(env, "load-sample")
        if res.returncode != 0:
            raise RuntimeError(f"load-sample failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    add_account(env, ANALYST[0], "analyst", ANALYST[1])
    add_account(env, ADMIN[0], "admin", ADMIN[1])


def prepare_store(workdir: Path, sample: bool = True, config: Path | None = None) -> dict:
    """Environment for a server and its CLI: a temporary store (with the sample data) and accounts file, and
    optionally a plan_config.toml of its own. The CLI fills one such store per test run and kind
    (tests/_run_cache.py); each server gets its own copy of the files, so one server's imports stay its own."""
    from tests._run_cache import cached_dir, copy_store
    workdir.mkdir(parents=True, exist_ok=True)
    key = f"e2e_store_{'sample' if sample else 'empty'}"
    if config is not None:
        key += "_" + hashlib.sha256(str(Path(config).resolve()).encode() + Path(config).read_bytes()).hexdigest()[:12]
    filled = cached_dir(key, lambda d: _fill_store(d, sample, config))
    if (filled / "plantrack.duckdb").exists():
        copy_store(filled / "plantrack.duckdb", workdir / "plantrack.duckdb")
    shutil.copyfile(filled / "accounts.json", workdir / "accounts.json")
    os.chmod(workdir / "accounts.json", 0o600)
    return _server_env(workdir, config)


def start_app(workdir: Path, env: dict, port: int | None = None, script: str = "app.py") -> AppServer:
    """Start `streamlit run app.py` (or serve.py: the app plus the sign-in cookie route) and return once
    /_stcore/health answers "ok"."""
    port = port or free_port()
    log = workdir / "streamlit.log"
    cmd = [_python(), "-m", "streamlit", "run", script, "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    server = AppServer(url=f"http://127.0.0.1:{port}", workdir=workdir, env=env, log=log)
    with open(log, "wb") as out:
        server.proc = subprocess.Popen(cmd, cwd=APP_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True, preexec_fn=_die_with_parent(os.getpid()))
    _STARTED[server.proc.pid] = server.proc
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        if server.proc.poll() is not None:
            raise RuntimeError(f"the app exited with {server.proc.returncode} before it was healthy:\n"
                               f"{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_app(server)
            raise RuntimeError(f"the app was not healthy after {START_TIMEOUT_S} s:\n{server.log_tail()}")
        time.sleep(0.2)


def stop_app(server: AppServer) -> None:
    if server.proc is not None:
        _stop_group(server.proc)


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group (its own session: the server and its children), SIGKILL after 10 s."""
    _STARTED.pop(proc.pid, None)
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# ── servers of an interrupted run ──
# A Ctrl-C under pytest-xdist can end a worker without running its fixtures' `finally` (the servers live in
# their own sessions, so the terminal's SIGINT does not reach them either). Every server started here is
# stopped at the end of the pytest session and at interpreter exit, and the kernel sends it SIGTERM when the
# process that started it dies in any other way (PR_SET_PDEATHSIG, Linux).
_STARTED: dict[int, subprocess.Popen] = {}


_PR_SET_PDEATHSIG = 1
_prctl = getattr(ctypes.CDLL(None), "prctl", None)   # looked up here: the child may not import or allocate


def _die_with_parent(parent: int):
    def set_parent_death_signal() -> None:      # runs in the child between fork and exec
        if _prctl is not None:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:              # the parent died before prctl: nobody would send it
            os._exit(1)
    return set_parent_death_signal


def stop_started_servers() -> None:
    for proc in list(_STARTED.values()):
        _stop_group(proc)


atexit.register(stop_started_servers)


def pytest_sessionfinish(session, exitstatus):
    stop_started_servers()


@contextlib.contextmanager
def running_app(workdir: Path, sample: bool = True, config: Path | None = None, script: str = "app.py"):
    env = prepare_store(workdir, sample=sample, config=config)
    server = start_app(workdir, env, script=script)
    server.accounts = {"analyst": ANALYST, "admin": ADMIN}
    try:
        yield server
    finally:
        stop_app(server)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """The app with the sample data, shared by read-only scenarios. Yields an AppServer (`.url`)."""
    with running_app(tmp_path_factory.mktemp("app")) as server:
        yield server


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="module")
def fresh_app_server(tmp_path_factory):
    """Its own store and process, for a module that changes data (imports)."""
    with running_app(tmp_path_factory.mktemp("app_rw")) as server:
        yield server


# ─────────────────────────── browser ───────────────────────────

@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk (see Makefile)")
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(30_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


class App:
    """What a person does in the app, and waiting until Streamlit has finished each run."""

    def __init__(self, page, server: AppServer):
        self.page = page
        self.server = server

    @property
    def url(self) -> str:
        return self.server.url

    def goto(self, path: str = "", **params) -> "App":
        """Open a page by its url path in a new session, as a typed or shared link does. The default page
        (overview) lives at "/" — Streamlit answers /overview with "page not found"."""
        path = "" if path.strip("/") == "overview" else path
        query = f"?{urlencode(params)}" if params else ""
        self.page.goto(f"{self.url}/{path.lstrip('/')}{query}")
        self.wait_idle(settle_ms=300)
        return self

    def wait_idle(self, timeout: float = 60_000, settle_ms: int = 150) -> None:
        """Wait until the script run(s) triggered by the last action have finished and the page has rendered.

        A click first has to reach the server before the state flips to "running", hence the short settle;
        then the app must be idle (not running, connected, no element still marked stale from the previous
        run) at two checks 250 ms apart, which also covers the extra run an st.rerun() starts right after.
        """
        page = self.page
        page.wait_for_timeout(settle_ms)
        deadline = time.monotonic() + timeout / 1000
        calm = 0
        while calm < 2:
            left = max(1.0, (deadline - time.monotonic()) * 1000)
            page.wait_for_function(_IDLE_JS, timeout=left)
            calm += 1
            page.wait_for_timeout(250)
            if not page.evaluate(_IDLE_JS):
                calm = 0
            if time.monotonic() > deadline:
                raise TimeoutError(f"the app did not become idle within {timeout / 1000:.0f} s")

    def main(self):
        return self.page.locator('[data-testid="stMain"]')

    def sidebar(self):
        return self.page.locator('[data-testid="stSidebar"]')

    def heading(self) -> str:
        """The page title (first h1 of the main area)."""
        h1 = self.main().locator("h1").first
        return h1.inner_text() if h1.count() else ""

    def main_text(self) -> str:
        return self.main().inner_text()

    def grid_text(self) -> str:
        """Everything a person can read in the main area, including what is not plain DOM text: the cells of
        st.dataframe grids (drawn on a canvas; read from their accessible table, which is only filled while
        the grid is on screen, so each is scrolled into view) and plotly's SVG labels."""
        parts = [self.main_text()]
        for grid in self.page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').all():
            grid.scroll_into_view_if_needed()
            self.page.wait_for_timeout(150)
            parts += grid.locator('[role="columnheader"], [role="gridcell"]').all_text_contents()
        parts += self.page.locator('[data-testid="stMain"] .js-plotly-plot svg text').all_text_contents()
        return "\n".join(parts)

    def exceptions(self) -> list[str]:
        return [e.inner_text() for e in self.page.locator('[data-testid="stException"]').all()]

    def assert_no_exception(self, where: str = "") -> None:
        errs = self.exceptions()
        assert not errs, f"exception box on {where or self.page.url}:\n" + "\n---\n".join(errs)

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.wait_for_timeout(300)   # let plotly finish its transitions
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def login(self, role: str = "analyst", password: str | None = None) -> None:
        """Sign in from the sidebar form with the account created for `role`."""
        name, real_password = self.server.accounts[role]
        form = self.sidebar().locator('[data-testid="stForm"]').filter(
            has=self.page.locator('input[type="password"]')).first
        form.locator('input[autocomplete="username"], input[type="text"]').first.fill(name)
        form.locator('input[type="password"]').first.fill(real_password if password is None else password)
        form.locator('[data-testid="stFormSubmitButton"] button').first.click()
        self.wait_idle(settle_ms=500)

    def nav_links(self) -> dict[str, object]:
        """url path ("overview", "area_demand", …) → the sidebar link; expands a collapsed navigation."""
        more = self.page.locator('[data-testid="stSidebarNavViewButton"]')
        if more.count() and "more" in (more.first.inner_text() or "").lower():
            more.first.click()
            self.page.wait_for_timeout(200)
        links = {}
        for a in self.page.locator('[data-testid="stSidebarNav"] a').all():
            path = urlparse(a.get_attribute("href") or "").path.strip("/").rsplit("/", 1)[-1]
            links[path or "overview"] = a
        return links

    def open_page(self, name: str) -> None:
        """Go to a page the way a person does: the sidebar link (keeps the session and its sign-in)."""
        links = self.nav_links()
        assert name in links, f"no link to {name!r} in the navigation: {sorted(links)}"
        links[name].click()
        self.wait_idle(settle_ms=400)

    def set_language(self, lang: str) -> None:
        label = "English" if lang == "en" else "中文"
        self.sidebar().locator('[data-testid="stRadio"]').first.get_by_text(label, exact=True).click()
        self.wait_idle(settle_ms=400)


@pytest.fixture
def ui(page, app_server) -> App:
    return App(page, app_server)


@pytest.fixture
def rw_ui(page, fresh_app_server) -> App:
    """Helpers bound to the module's own app (for scenarios that import data)."""
    return App(page, fresh_app_server)


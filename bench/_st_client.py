"""A minimal Streamlit client over the app's websocket: what a browser tab sends and waits for, nothing drawn.

One `Viewer` is one browser session: it connects to /_stcore/stream, asks for a run (`BackMsg.rerun_script`
with the link's query string) and reads `ForwardMsg`s until the run finishes. Runs that end early because the
script asked for another run (st.rerun, st.switch_page) are followed to the final one, as a browser does, so
the time measured is what a person waits for the page. Used by bench/bench_load.py and by the
import-while-viewing test (tests/e2e/test_import_while_viewing.py).

Also the servers those two start: `start_server` / `stop_server` (a fresh `streamlit run` on a free port).
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
RUN_TIMEOUT_S = 180


@dataclass
class RunResult:
    seconds: float
    messages: int
    payload: bytes                     # every ForwardMsg of the run, concatenated
    exceptions: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)   # what the run drew, as text (see element_texts)

    def shows(self, text: str) -> bool:
        """Whether `text` is somewhere in what the run drew: markdown, table cells, chart labels and values."""
        return any(text in t for t in self.texts)


def element_texts(element) -> list[str]:
    """The text a person can read in one drawn element: every string field of the element's proto, the
    cells of a table (Arrow IPC, also the styled display values) and the strings of a plotly figure (its
    JSON escapes non-ASCII, so the raw message would not contain them)."""
    import json

    import pyarrow as pa
    out: list[str] = []

    def walk_json(x):
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk_json(v)
        elif isinstance(x, list):
            for v in x:
                walk_json(v)

    def walk_proto(msg):
        for fd, value in msg.ListFields():
            repeated = fd.is_repeated if hasattr(fd, "is_repeated") else fd.label == fd.LABEL_REPEATED
            if fd.type == fd.TYPE_MESSAGE:
                for m in (value if repeated else [value]):
                    walk_proto(m)
            elif fd.type == fd.TYPE_STRING:
                for v in (value if repeated else [value]):
                    if fd.name == "spec" and v.startswith("{"):
                        with contextlib.suppress(ValueError):
                            walk_json(json.loads(v))
                            continue
                    out.append(v)
            elif fd.type == fd.TYPE_BYTES and fd.name in ("data", "display_values") and value:
                with contextlib.suppress(Exception):
                    table = pa.ipc.open_stream(value).read_all()
                    for col in table.columns:
                        out.extend(str(v) for v in col.to_pylist() if v is not None)
    walk_proto(element)
    return out


class Viewer:
    """One browser session. `async with Viewer(url) as v: r = await v.open("page=area_demand")`."""

    def __init__(self, base_url: str, ping: bool = True, collect_texts: bool = False):
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.ping = ping
        self.collect_texts = collect_texts   # off for timing: decoding tables and figures costs the client CPU
        self.ws = None
        self.query_string = ""
        self.page_script_hash = ""

    async def __aenter__(self) -> "Viewer":
        # keep-alive pings on, as in a browser: a server that does not answer for 20 s drops the session
        kw = {} if self.ping else {"ping_interval": None}
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=2 ** 27,
                                           open_timeout=60, **kw)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def open(self, query_string: str = "") -> RunResult:
        """A shared link opened in this session: /?<query_string>."""
        self.query_string, self.page_script_hash = query_string, ""
        return await self.rerun()

    async def rerun(self) -> RunResult:
        """The session's next run on the page it shows (as after a click or a widget change)."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query_string
        msg.rerun_script.page_script_hash = self.page_script_hash
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        chunks, count, exceptions, texts = [], 0, [], []
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=RUN_TIMEOUT_S)
            count += 1
            chunks.append(raw)
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "page_info_changed":
                self.query_string = fwd.page_info_changed.query_string
            elif kind == "navigation":
                self.page_script_hash = fwd.navigation.page_script_hash
            elif kind == "new_session" and fwd.new_session.page_script_hash:
                self.page_script_hash = fwd.new_session.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                if element.WhichOneof("type") == "exception":
                    exceptions.append(element.exception.message)
                elif self.collect_texts:
                    texts.extend(element_texts(element))
            elif kind == "script_finished" and fwd.script_finished in FINISHED:
                return RunResult(time.perf_counter() - t0, count, b"".join(chunks), exceptions, texts)


# ─────────────────────────── servers ───────────────────────────

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def python() -> str:
    venv = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def start_server(script: Path, cwd: Path, env: dict, log: Path, timeout: float = 120) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` on a free loopback port; returns (process, base url) once it is healthy."""
    port = free_port()
    cmd = [python(), "-m", "streamlit", "run", str(script), "--server.headless", "true", "--server.address",
           "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", "--server.runOnSave", "false"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{script} exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        if time.monotonic() > deadline:
            stop_server(proc)
            raise RuntimeError(f"{script} not healthy after {timeout:.0f} s")
        time.sleep(0.1)


def stop_server(proc: subprocess.Popen) -> None:
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

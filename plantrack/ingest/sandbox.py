"""Parse an untrusted spreadsheet in a child process with resource limits.

The readers run native code (calamine in Rust, expat in C) on bytes anyone with an analyst account can
upload. A crafted file can make a reader abort (a failed allocation in Rust is an abort, not an exception),
allocate gigabytes or spin for minutes. Run in the server's own process, any of these takes every session
down with it. So the app and the CLI parse in a child process:

    server ──(SOCK_SEQPACKET)──► zygote ──fork per file──► worker (rlimits: address space, CPU time)
    server ◄──────────── job socket: pid, progress, result as JSON ────────────── worker

The zygote is a fresh interpreter, started once and single-threaded, that has already imported the readers,
so a worker costs a fork (milliseconds) instead of an interpreter start (≈ 0.2–0.5 s). Forking the server
itself is not an option: it runs threads, and a fork copies their held locks. The worker sets
``RLIMIT_AS`` and ``RLIMIT_CPU`` from ``[import]`` before it touches the file; the server kills it when
``parse_wall_seconds`` pass. Whatever ends the worker, the analyst gets one line naming the file.

The result comes back as JSON, never pickle: a worker that a file managed to subvert must not be able to run
code in the server. Requests (plan and bytes, from the server) go the other way as pickle.
"""
from __future__ import annotations

import contextlib
import gc
import json
import logging
import operator
import os
import pickle
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from .records import IngestError, Location, MilestoneRecord, ParsedFile, Record, Skipped, UnitNeeded

log = logging.getLogger(__name__)
_ROOT = str(Path(__file__).resolve().parents[2])
_HEADER = struct.Struct("!I")
_PRELOAD = ("plantrack.ingest", "plantrack.ingest.readers", "plantrack.ingest.template", "plantrack.ingest.bureau",
            "plantrack.ingest.ledger", "plantrack.ingest.city", "python_calamine", "xlrd")


def parse_untrusted(plan, data: bytes, name: str, year_hint: int | None = None, progress=None,
                    unit: str | None = None) -> ParsedFile:
    """parse_file in a limited worker process. Raises IngestError for a refused file and for a worker that
    was stopped by a limit or crashed (code "resource_limit")."""
    limits = plan.import_
    deadline = time.monotonic() + limits.parse_wall_seconds
    try:
        sock = _start_job()
    except OSError as e:
        raise IngestError(f"无法启动读取进程 / cannot start the reader process: {e.strerror or e}; try again, and "
                          f"tell the administrator if it persists", Location(name), code="internal") from None
    pid = None
    try:
        pid = _recv(sock, deadline)["pid"]
        _send(sock, pickle.dumps({"plan": plan, "data": data, "name": name, "year_hint": year_hint,
                                   "unit": unit}), deadline)
        while True:
            msg = _recv(sock, deadline)
            if "progress" in msg:
                if progress is not None:
                    progress(msg["progress"], msg["message"])
            elif "error" in msg:
                raise _error_from_json(msg["error"], name)
            else:
                with _no_gc():
                    return _parsed_from_json(msg["result"])
    except TimeoutError:
        raise _limit_error(name, limits, f"运行超过 {limits.parse_wall_seconds:g} 秒 / ran longer than "
                                         f"{limits.parse_wall_seconds:g} s") from None
    except (EOFError, OSError):   # the worker ended without an answer: a limit, a native abort, a kill
        raise _limit_error(name, limits, "读取进程异常终止 / the reader process ended abnormally") from None
    except IngestError:
        raise
    except (ValueError, KeyError, TypeError, IndexError) as e:   # an answer that is not what a worker sends
        raise IngestError(f"读取进程的回答无法识别 / unreadable answer from the reader process ({type(e).__name__})",
                          Location(name), code="internal") from None
    finally:
        if pid is not None:
            _kill(pid, sock)
        sock.close()


def _limit_error(name: str, limits, what: str) -> IngestError:
    """`what` is "中文 / English"; each half goes into its language's half of the message."""
    zh, _, en = what.partition(" / ")
    return IngestError(f"文件解析超出资源限制（{zh}），已停止，服务未受影响。限制：内存 {limits.parse_memory_mb:g} MB，"
                       f"CPU {limits.parse_cpu_seconds:g} 秒，时限 {limits.parse_wall_seconds:g} 秒 / parsing exceeded "
                       f"the resource limits ({en or zh}; memory {limits.parse_memory_mb:g} MB, CPU "
                       f"{limits.parse_cpu_seconds:g} s, wall {limits.parse_wall_seconds:g} s) and was stopped; the "
                       f"file may be damaged or crafted: save it again from Excel/WPS/LibreOffice or split it",
                       Location(name), code="resource_limit")


def _kill(pid: int, sock: socket.socket) -> None:
    """Kill the worker unless it has already gone (its end of the socket closed: the pid may be reused)."""
    try:
        sock.setblocking(False)
        if sock.recv(1, socket.MSG_PEEK) == b"":
            return
    except BlockingIOError:
        pass
    except OSError:
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ─────────────────────────── framing ───────────────────────────

def _timeout(sock: socket.socket, deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    sock.settimeout(None if remaining == float("inf") else remaining)


def _send(sock: socket.socket, payload: bytes, deadline: float) -> None:
    _timeout(sock, deadline)
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def _recv_exact(sock: socket.socket, n: int, deadline: float) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        _timeout(sock, deadline)
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def _recv(sock: socket.socket, deadline: float) -> dict:
    (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size, deadline))
    payload = _recv_exact(sock, n, deadline)
    with _no_gc():
        return json.loads(payload)


def _recv_pickle(sock: socket.socket) -> dict:
    (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size, float("inf")))
    return pickle.loads(_recv_exact(sock, n, float("inf")))


def _send_json(sock: socket.socket, obj) -> None:
    _send(sock, json.dumps(obj, ensure_ascii=False, allow_nan=False).encode("utf-8"), float("inf"))


# ─────────────────────────── the zygote ───────────────────────────

_lock = threading.Lock()
_zygote: tuple[subprocess.Popen, socket.socket] | None = None


def _start_job() -> socket.socket:
    """A socket connected to a freshly forked worker (the zygote is started on first use, restarted if gone)."""
    global _zygote
    ours, theirs = socket.socketpair()
    try:
        with _lock:
            for attempt in (1, 2):
                if _zygote is None or _zygote[0].poll() is not None:
                    _zygote = _spawn_zygote()
                try:
                    socket.send_fds(_zygote[1], [b"j"], [theirs.fileno()])
                    break
                except OSError:
                    if attempt == 2:
                        raise
                    _zygote = None
    finally:
        theirs.close()
    return ours


def _spawn_zygote() -> tuple[subprocess.Popen, socket.socket]:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    code = f"import sys; sys.path.insert(0, {_ROOT!r}); from plantrack.ingest.sandbox import zygote_main; " \
           f"zygote_main({theirs.fileno()})"
    proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, start_new_session=True)
    theirs.close()
    return proc, ours


def zygote_main(ctrl_fd: int) -> None:
    """Wait for job sockets from the server and fork a worker for each; exit when the server goes away."""
    import importlib
    ctrl = socket.socket(fileno=ctrl_fd)
    for module in _PRELOAD:
        importlib.import_module(module)
    gc.freeze()   # the preloaded modules' objects stay out of every worker's collections (and shared pages)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # workers are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(ctrl, 16, 4)
        except InterruptedError:
            continue
        if not msg and not fds:
            os._exit(0)
        for fd in fds:
            if os.fork() == 0:
                ctrl.close()
                _worker(socket.socket(fileno=fd))
            os.close(fd)


def _worker(sock: socket.socket) -> None:
    """In the forked child: limits on, parse, answer in JSON, exit without running any cleanup."""
    code = 0
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # a worker lives for one file under RLIMIT_AS and the parse builds few cycles: no collector (≈ 10 %)
        gc.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)   # a native panic message is not for the analyst's terminal
        os.dup2(devnull, 2)
        _send_json(sock, {"pid": os.getpid()})
        req = _recv_pickle(sock)
        limits = req["plan"].import_
        mem = int(limits.parse_memory_mb * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        cpu = int(limits.parse_cpu_seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))
        from . import parse_file

        def progress(fraction: float, message: str) -> None:
            _send_json(sock, {"progress": fraction, "message": message})
        try:
            parsed = parse_file(plan=req["plan"], data=req["data"], name=req["name"], year_hint=req["year_hint"],
                                progress=progress, unit=req.get("unit"))
            out = {"result": _parsed_to_json(parsed)}
        except IngestError as e:
            out = {"error": _error_to_json(e)}
        except (MemoryError, RecursionError) as e:
            out = {"error": {"message": _limit_error(req["name"], limits, type(e).__name__).detail,
                             "code": "resource_limit"}}
        except Exception as e:   # a bug: one line for the analyst, not a traceback on the page
            out = {"error": {"message": f"无法读取此文件（内部错误）/ internal error while reading the file: "
                                        f"{type(e).__name__}: {e}"[:500], "code": "internal"}}
        except BaseException as e:   # a panic in the Rust reader (pyo3's PanicException is a BaseException)
            if isinstance(e, (SystemExit, KeyboardInterrupt, GeneratorExit)):
                raise
            out = {"error": {"message": f"文件已损坏或无法读取 / the reader failed on this file "
                                        f"({type(e).__name__}: {e}); expected a workbook saved by "
                                        f"Excel/WPS/LibreOffice"[:500], "code": "corrupt"}}
        _send_json(sock, out)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


# ─────────────────────────── JSON of a parsed file ───────────────────────────

def _loc_to_json(loc: Location | None):
    return None if loc is None else [loc.file, loc.sheet, loc.row, loc.column]


def _loc_from_json(v) -> Location | None:
    return None if v is None else Location(*v)


def _error_to_json(e: IngestError) -> dict:
    return {"message": e.detail, "code": e.code, "location": _loc_to_json(e.location)}


def _error_from_json(d: dict, name: str) -> IngestError:
    loc = _loc_from_json(d.get("location")) or Location(name)
    cls = UnitNeeded if d.get("code") == "unit_needed" else IngestError   # the preview asks for the unit
    return cls(" ".join(str(d["message"]).splitlines()), loc, code=str(d.get("code", "invalid")))


_RECORD = ("indicator", "period", "value", "unit", "growth_pct", "prev_value", "region", "rank", "growth_source")
_MILESTONE = ("milestone", "status", "period", "date", "note", "year")
_LOCATION = ("file", "sheet", "row", "column")
_record_fields = operator.attrgetter(*_RECORD)


def _parsed_to_json(p: ParsedFile) -> dict:
    return {"file": p.file, "sha256": p.sha256, "size": p.size, "layout": p.layout,
            "records": [_record_fields(r) + (_loc_to_json(r.location), r.evidence) for r in p.records],
            "milestones": [[getattr(m, f) for f in _MILESTONE] + [_loc_to_json(m.location)] for m in p.milestones],
            "skipped": [[_loc_to_json(s.location), s.text, s.reason] for s in p.skipped],
            "warnings": list(p.warnings)}


def _frozen(cls, names: tuple[str, ...], values):
    """An instance of a frozen dataclass without its __init__ (which sets each field through
    object.__setattr__): ≈ 5× faster for the 100,000 records of a big file. The classes have no
    __post_init__ or __slots__; the values are JSON scalars in the order the worker wrote them."""
    obj = object.__new__(cls)
    obj.__dict__.update(zip(names, values))
    return obj


@contextlib.contextmanager
def _no_gc():
    """100,000 records are a million new objects (JSON and records): without this the cyclic collector
    rescans the growing heap many times over. Nothing built here forms a cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parsed_from_json(d: dict) -> ParsedFile:
    n, m = len(_RECORD), len(_MILESTONE)
    evidence: dict[str, tuple] = {}   # the same few (fact, source) tuples recur in every record

    def ev(pairs) -> tuple:
        key = "\x1f".join(k + "\x1e" + v for k, v in pairs)
        got = evidence.get(key)
        if got is None:
            got = evidence[key] = tuple((str(k), str(v)) for k, v in pairs)
        return got

    def loc(v) -> Location | None:
        return None if v is None else _frozen(Location, _LOCATION, v)

    records = []
    for r in d["records"]:
        rec = _frozen(Record, _RECORD, r[:n])
        rec.__dict__["location"] = loc(r[n])
        rec.__dict__["evidence"] = ev(r[n + 1])
        records.append(rec)
    return ParsedFile(
        file=d["file"], sha256=d["sha256"], size=d["size"], layout=d["layout"], records=records,
        milestones=[MilestoneRecord(**dict(zip(_MILESTONE, x[:m])), location=_loc_from_json(x[m]))
                    for x in d["milestones"]],
        skipped=[Skipped(_loc_from_json(s[0]), s[1], s[2]) for s in d["skipped"]],
        warnings=list(d["warnings"]))

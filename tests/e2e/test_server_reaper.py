"""App servers started by this conftest do not outlive an interrupted run.

A stand-in "server" (`sleep`, started the way start_app starts streamlit: its own session, the parent-death
signal set) must end when the process that started it is SIGKILLed (what an xdist worker gets when a Ctrl-C'd
run is torn down), and when that process exits without running the fixture's `finally` (the atexit reaper, tested without the signal).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PARENT = r"""
import os, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
import conftest
# "exit": no parent-death signal, so only the atexit reaper can stop it
death = conftest._die_with_parent(os.getpid()) if sys.argv[2] == "wait" else None
proc = subprocess.Popen(["sleep", "600"], start_new_session=True, preexec_fn=death)
conftest._STARTED[proc.pid] = proc
print(proc.pid, flush=True)
if sys.argv[2] == "wait":
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def _start(mode: str) -> tuple[subprocess.Popen, int]:
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(HERE), mode], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    return parent, child


def test_a_server_dies_with_the_process_that_started_it():
    parent, child = _start("wait")
    try:
        assert _alive(child)
        os.kill(parent.pid, signal.SIGKILL)      # no finally, no atexit
        parent.wait(timeout=30)
        assert _gone_within(child, 10), "the server outlived its SIGKILLed starter"
    finally:
        if _alive(child):
            os.killpg(child, signal.SIGKILL)


def test_started_servers_are_stopped_at_exit():
    parent, child = _start("exit")               # the starter returns without stopping it
    try:
        parent.wait(timeout=60)
        assert _gone_within(child, 10), "the server outlived the run that started it"
    finally:
        if _alive(child):
            os.killpg(child, signal.SIGKILL)

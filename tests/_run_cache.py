"""Things built once per test run and copied by every test that needs them (e.g. the sample store).

A sample store takes seconds of CPU to import (a sandboxed worker per file); a copy of the finished file takes
milliseconds and gives each test its own private store, so no test sees another's writes. The directory is
made by the controlling pytest process (tests/conftest.py) and named in CACHE_ENV, so every pytest-xdist worker
shares it; an flock makes the first worker build an entry while the others wait for it. It is deleted at the
end of the run: nothing carries over to the next run (the code under test may have changed).
"""
from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

CACHE_ENV = "PYTEST_PLANTRACK_RUN_CACHE"


def cached_dir(name: str, build: Callable[[Path], None]) -> Path:
    """The directory `name` of this run's cache, filled once by `build(dir)`. Without a run cache (a script
    importing the test helpers outside pytest) a fresh temporary directory is built every time."""
    root = os.environ.get(CACHE_ENV)
    if not root:
        out = Path(tempfile.mkdtemp(prefix=f"plantrack-{name}-"))
        build(out)
        return out
    out = Path(root) / name
    with open(Path(root) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not out.is_dir():
            part = Path(tempfile.mkdtemp(prefix=f"{name}.", dir=root))
            try:
                build(part)
            except BaseException:
                shutil.rmtree(part, ignore_errors=True)
                raise
            part.rename(out)   # complete or absent: a failed build is retried by the next caller
    return out


def copy_store(src: Path, dest: Path) -> None:
    """Copy a closed DuckDB store file (and its WAL when one was left) to `dest`, owner-only like the app's own.
    The generation file is not copied: the copy gets a token of its own on first open, as a new store does."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        s = src.with_name(src.name + suffix)
        if s.exists():
            d = dest.with_name(dest.name + suffix)
            shutil.copyfile(s, d)
            os.chmod(d, 0o600)


def start(config) -> None:
    """pytest_configure: the controlling process makes the run's cache directory (workers inherit the name)."""
    if hasattr(config, "workerinput") or os.environ.get(CACHE_ENV):
        return
    root = tempfile.mkdtemp(prefix="plantrack-test-run-")
    os.environ[CACHE_ENV] = root
    config._plantrack_run_cache = root


def finish(config) -> None:
    """pytest_unconfigure: the process that made the cache removes it."""
    root = getattr(config, "_plantrack_run_cache", None)
    if root:
        shutil.rmtree(root, ignore_errors=True)
        os.environ.pop(CACHE_ENV, None)

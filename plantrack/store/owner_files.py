"""Files only their owner can read: the store, its lock and WAL, backups and the accounts file hold uploaded
originals, the audit log and password hashes, so they are created 0600 (directories we create: 0700).

Two layers, because DuckDB creates the store and its WAL itself: the entry points (CLI, app) set the process
umask to 077 (`private_umask`), and every place that creates or adopts one of these files sets the mode
explicitly (`restrict`, `open_private`), which also tightens a file an earlier version left 0644."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE = 0o600


def private_umask() -> None:
    """Files this process creates from now on are owner-only (called once by the CLI and the app)."""
    os.umask(0o077)


def restrict(*paths: str | os.PathLike) -> None:
    """chmod 0600 each file that exists (a file owned by someone else is left as it is)."""
    for p in paths:
        with contextlib.suppress(FileNotFoundError, PermissionError):
            if (os.stat(p).st_mode & 0o777) != PRIVATE:
                os.chmod(p, PRIVATE)


def open_private(path: str | os.PathLike, mode: str = "a+"):
    """open() that creates the file 0600 whatever the umask (lock files)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | (os.O_APPEND if "a" in mode else 0), PRIVATE)
    restrict(path)
    return os.fdopen(fd, mode)


def wal(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".wal")

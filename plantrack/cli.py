"""`python -m plantrack <command>`: each command is a module in plantrack/commands/ with
`register(subparsers)`; the module's parser sets `func(args) -> int` (the exit code)."""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import commands
from .commands._common import one_line
from .store.owner_files import private_umask


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m plantrack",
                                     description="plantrack: track the district's economic-growth work plan")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    private_umask()   # the store, its WAL and lock, backups: owner-only (plantrack/store/owner_files.py)
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # one clear line, not a traceback, for the people scripting imports
        from .store.database import StoreBusy, StoreDamaged
        if isinstance(e, (StoreBusy, StoreDamaged, ValueError, KeyError, FileNotFoundError, PermissionError)):
            print(f"error: {one_line(str(e))}", file=sys.stderr)
            return 2
        raise


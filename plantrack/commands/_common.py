"""Helpers shared by CLI commands."""
from __future__ import annotations

import getpass
import json
import os
import sys


def default_user() -> str:
    return os.environ.get("PLANTRACK_USER") or getpass.getuser() or "cli"


def print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")

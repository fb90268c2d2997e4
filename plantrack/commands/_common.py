"""Helpers shared by CLI commands."""
from __future__ import annotations

import getpass
import json
import math
import os
import sys


def default_user() -> str:
    return os.environ.get("PLANTRACK_USER") or getpass.getuser() or "cli"


def print_json(obj) -> None:
    """Strict JSON (RFC 8259): a NaN or infinity, which Python would print as a bare NaN / Infinity that no
    other JSON reader accepts, is written as null."""
    json.dump(finite(obj), sys.stdout, ensure_ascii=False, indent=2, default=str, allow_nan=False)
    sys.stdout.write("\n")


def finite(obj):
    """obj with every non-finite float (also in nested dicts, lists and tuples) replaced by None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj

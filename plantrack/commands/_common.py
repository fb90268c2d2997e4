"""Helpers shared by CLI commands."""
from __future__ import annotations

import getpass
import json
import math
import os
import sys

USER_HELP = "an account name to record (default: $PLANTRACK_USER or the operating-system login)"


def default_user(given: str | None = None) -> str:
    """Who the CLI records: `--user` / $PLANTRACK_USER when it is an account-style name (letters, digits,
    . _ - @; at most 64), else the operating-system login. Free text (spaces, line breaks, markup) is refused
    rather than written to the audit log."""
    from ..store.accounts import AccountError, check_name
    name = given or os.environ.get("PLANTRACK_USER")
    if name is None:
        return _os_user()
    try:
        return check_name(name)
    except AccountError:
        raise ValueError("--user / PLANTRACK_USER must be an account name (1-64 letters, digits, '.', '_', "
                         "'-' or '@'); leave it out to record the operating-system user") from None


def _os_user() -> str:
    from ..store.accounts import AccountError, check_name
    try:
        return check_name(getpass.getuser())
    except (AccountError, KeyError, OSError):   # no passwd entry (containers), or an unusual login name
        return f"uid{os.getuid()}"


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


def one_line(text: str) -> str:
    """A message on one line whatever it quotes: a line break (or other control character) in a file name
    is shown escaped (\\n), not obeyed, so each error stays one line for people and scripts."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))

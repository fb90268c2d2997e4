"""Spreadsheets written by openpyxl for the importer tests."""
from __future__ import annotations

import io

import openpyxl


def xlsx(rows: list[list], title: str = "表1") -> bytes:
    """A one-sheet xlsx with these rows from A1, as bytes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()

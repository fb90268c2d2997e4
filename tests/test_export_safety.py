"""Formula escaping for every exported spreadsheet or CSV."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plantrack.present.export_safety import escape_cell, escape_frame, escape_rows, safe_csv_bytes


def test_escape_cell():
    for bad in ("=1+1", "+1", "-1+cmd", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0",
                "=HYPERLINK(\"http://evil\",\"x\")"):
        assert escape_cell(bad) == "'" + bad
    for ok in ("地区生产总值", "1-6月", "", "a=b", "'already"):
        assert escape_cell(ok) == ok
    for value in (-1.5, 0, 3, None, True):
        assert escape_cell(value) == value


def test_escape_frame_and_csv():
    df = pd.DataFrame({"=name": ["=cmd|' /C calc'!A0", "正常"], "value": [-1.0, 2.0]})
    out = escape_frame(df)
    assert list(out.columns) == ["'=name", "value"]
    assert list(out["'=name"]) == ["'=cmd|' /C calc'!A0", "正常"]
    assert list(out["value"]) == [-1.0, 2.0]
    assert list(df["=name"])[0].startswith("="), "the input is not modified"
    back = pd.read_csv(io.BytesIO(safe_csv_bytes(df)), encoding="utf-8-sig")
    assert back.iloc[0, 0] == "'=cmd|' /C calc'!A0" and back.iloc[1, 0] == "正常"
    assert escape_rows([["@x", 1], ["y", "-2"]]) == [["'@x", 1], ["y", "'-2"]]


def test_on_screen_tables_escape_formulas_but_keep_signed_figures():
    import pandas as pd

    from plantrack.present.export_safety import escape_frame
    df = pd.DataFrame({"text": ["=cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "-3.5个百分点",
                                "-7.0 pp", "+2.6个百分点", "老旧小区改造"]})
    out = escape_frame(df, keep_signed_figures=True)["text"].tolist()
    assert out == ["'=cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1)", "-3.5个百分点", "-7.0 pp",
                   "+2.6个百分点", "老旧小区改造"]
    # files are stricter: every leading sign is escaped
    assert escape_frame(df)["text"].tolist()[3] == "'-3.5个百分点"


def test_every_page_table_goes_through_the_escaping_helper():
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    offenders = [str(p) for p in [*root.glob("plantrack/ui/*.py"), *root.glob("pages/*.py")]
                 if "st.dataframe(" in p.read_text(encoding="utf-8") and p.name != "widgets.py"]
    assert offenders == []

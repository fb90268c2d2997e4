"""Issue 10's class test: one truth table rendered in ≥200 layouts; every variant imports exactly to the truth
or is refused with a message — none is stored differently from the truth.

Seeded (reproducible), parsed in-process; the store round trip is checked on a subset (the store adds no
interpretation, so parse-level equality is the same proof for the rest).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _layouts import variants  # noqa: E402

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

PLAN = load_plan()
VARIANTS = variants(240)


def outcome(v):
    try:
        parsed = parse_file(plan=PLAN, data=v.data, name=v.name)
    except IngestError as e:
        return None, e
    return parsed, None


def as_truth(parsed) -> dict:
    return {(r.indicator, r.period): (_r(r.value), r.growth_pct, _r(r.prev_value)) for r in parsed.records}


def _r(x):
    return None if x is None else round(x, 9)


def test_the_generator_covers_the_layouts():
    assert len(VARIANTS) >= 200
    described = " ".join(v.describe for v in VARIANTS)
    for fmt in ("xlsx", "xls", "ods", "csv-utf8", "csv-gbk"):
        assert described.count(fmt) >= 10, fmt
    for where in ("header", "upper", "title", "note_ascii", "note_full", "note_bracket", "note_mixed", "note_pct_first", "label",
                  "unit_col",
                  "sheet", "file", "none"):
        assert f"at {where}," in described, where
    assert "growth-only True" in described and "monthly pair True" in described and "two-row" in described
    assert described.count("indicators across") >= 20 and described.count("full-width digits") >= 20
    assert described.count("thousands separators") >= 20
    assert described.count("上年同期 beside") >= 20 and described.count("上年同期 instead") >= 20


@pytest.mark.parametrize("v", VARIANTS, ids=lambda v: v.name)
def test_variant_imports_exactly_to_the_truth_or_is_refused(v):
    parsed, error = outcome(v)
    if v.expect is None:
        assert error is not None, f"{v.describe}: stored {as_truth(parsed)} where the file does not establish it"
        assert error.code in v.refuse_code and v.name in str(error), str(error)
        return
    assert error is None, f"{v.describe}: refused: {error}"
    got = as_truth(parsed)
    want = {k: (_r(val), g, _r(prev)) for k, (val, g, prev) in v.expect.items()}
    assert got == want, v.describe
    derived = {(r.indicator, r.period) for r in parsed.records if r.growth_source == "derived"}
    assert derived == ({k for k, x in want.items() if x[1] is not None} if "上年同期 instead" in v.describe
                       else set()), v.describe


def test_end_to_end_store_subset(tmp_path):
    """One variant of each format through the store: what is stored is the truth."""
    from plantrack.store.database import Store
    picked = {}
    for v in VARIANTS:
        ext = v.name.rsplit(".", 1)[1]
        if v.expect is not None and ext not in picked and "上年同期 instead" in v.describe:
            picked[ext] = v
    assert set(picked) == {"xlsx", "xls", "ods", "csv"}
    for ext, v in picked.items():
        store = Store(tmp_path / f"{ext}.duckdb")
        parsed, _ = outcome(v)
        store.import_parsed(parsed, user="t")
        stored = store.current_values(2023, PLAN.app.home_district)
        got = {(row.indicator, row.period): (_nan(row.value), _nan(row.growth_pct), _nan(row.prev_value),
                                             row.growth_source) for row in stored.itertuples()}
        want = {k: (_r(val), g, _r(prev), None if g is None else "derived") for k, (val, g, prev) in v.expect.items()}
        assert got == want, v.describe


def _nan(x):
    return None if x is None or x != x else _r(float(x))


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "csv-utf8", "csv-gbk"])
@pytest.mark.parametrize("prev", ["beside", "instead"])
@pytest.mark.parametrize("unit_at", ["header", "upper"])
def test_indicators_across_with_a_two_row_header_whose_merges_are_lost(fmt, prev, unit_at):
    """csv and ods keep no merges: a lone lower label ("绝对值(元)") under its group still belongs to the header."""
    from _layouts import Layout, render
    lay = Layout(unit="元", unit_at=unit_at, period_at="month_sheet", months=(6,), monthly_pair=False,
                 two_row_header=True, growth_only=False, fmt=fmt, blank_rows=0, across=True, prev=prev)
    v = render(lay, 900)
    parsed, error = outcome(v)
    assert error is None, f"{v.describe}: refused: {error}"
    assert as_truth(parsed) == {k: (_r(val), g, _r(p)) for k, (val, g, p) in v.expect.items()}, v.describe

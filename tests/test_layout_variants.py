"""Issue 10's class test: one truth table rendered in ≥200 layouts; every variant imports exactly to the truth
or is refused with a message — none is stored differently from the truth.

Seeded (reproducible), parsed in-process; the store round trip is checked on a subset (the store adds no
interpretation, so parse-level equality is the same proof for the rest).
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _layouts import variants  # noqa: E402
from plantrack.ingest import parse_file  # noqa: E402
from plantrack.ingest.model import IngestError  # noqa: E402
from plantrack.plan import load_plan  # noqa: E402

PLAN = load_plan()
VARIANTS = variants(240)


def outcome(v):
    try:
        parsed = parse_file(plan=PLAN, data=v.data, name=v.name)
    except IngestError as e:
        return None, e
    return parsed, None


def as_truth(parsed) -> dict:
    return {(r.indicator, r.period): (None if r.value is None else round(r.value, 9), r.growth_pct)
            for r in parsed.records}


def test_the_generator_covers_the_layouts():
    assert len(VARIANTS) >= 200
    described = " ".join(v.describe for v in VARIANTS)
    for fmt in ("xlsx", "xls", "ods", "csv-utf8", "csv-gbk"):
        assert described.count(fmt) >= 10, fmt
    for where in ("header", "upper", "title", "note_ascii", "note_full", "note_bracket", "label", "unit_col",
                  "sheet", "file", "none"):
        assert f"at {where}," in described, where
    assert "growth-only True" in described and "monthly pair True" in described and "two-row" in described
    assert described.count("indicators across") >= 20


@pytest.mark.parametrize("v", VARIANTS, ids=lambda v: v.name)
def test_variant_imports_exactly_to_the_truth_or_is_refused(v):
    parsed, error = outcome(v)
    if v.expect is None:
        assert error is not None, f"{v.describe}: stored {as_truth(parsed)} where the file does not establish it"
        assert error.code in v.refuse_code and v.name in str(error), str(error)
        return
    assert error is None, f"{v.describe}: refused: {error}"
    got = as_truth(parsed)
    want = {k: (None if val is None else round(val, 9), g) for k, (val, g) in v.expect.items()}
    assert got == want, v.describe


def test_end_to_end_store_subset(tmp_path):
    """A subset through the store: what is stored is what was parsed."""
    from plantrack.store import Store
    store = Store(tmp_path / "s.duckdb")
    done = Counter()
    for v in VARIANTS:
        if v.expect is None or done[v.name.rsplit(".", 1)[1]] >= 1:
            continue
        parsed, _ = outcome(v)
        store.import_parsed(parsed, user="t", allow_duplicate=True)
        done[v.name.rsplit(".", 1)[1]] += 1
    assert set(done) == {"xlsx", "xls", "ods", "csv"}
    stored = store.current_values(2023, PLAN.app.home_district)
    for row in stored.itertuples():
        want = next(v.expect[(row.indicator, row.period)] for v in VARIANTS
                    if v.expect and (row.indicator, row.period) in v.expect)
        assert (None if row.value != row.value else round(row.value, 9)) == \
            (None if want[0] is None else round(want[0], 9)) and row.growth_pct == want[1]

"""One cell vocabulary for every reader: a missing marker ("—", "暂无", "未公布", …) means "no figure" in the
analysts' template exactly as in a statistics-bureau table (both read cells through plantrack/ingest/cells.py),
and text that is not a number is refused by both."""
from __future__ import annotations

import csv
import io

import pytest

from plantrack.ingest import parse_file
from plantrack.ingest.cells import MISSING_MARKERS
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

PLAN = load_plan()


def as_csv(rows: list[list]) -> bytes:
    """CSV, so every marker reaches the reader as the text typed (xlsx would turn "#N/A" into an error cell,
    which is refused as a formula error before any layout sees it)."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def bureau(growth) -> bytes:
    return as_csv([["2023年1-6月全区主要经济指标"], ["指标", "单位", "1-6月累计", "同比增长(%)"],
                 ["地区生产总值", "亿元", 350.12, growth], ["社会消费品零售总额", "亿元", 120.5, 6.1]])


def template(growth) -> bytes:
    return as_csv([["指标代码", "期间", "累计值", "单位", "同比增长(%)"],
                   ["gdp", "2023年1-6月", 350.12, "亿元", growth],
                   ["retail", "2023年1-6月", 120.5, "亿元", 6.1]])


def gdp(data: bytes, name: str):
    parsed = parse_file(plan=PLAN, data=data, name=name)
    (rec,) = [r for r in parsed.records if r.indicator == "gdp"]
    return parsed.layout, rec.period, rec.value, rec.growth_pct


def test_both_layouts_are_recognised():
    assert gdp(bureau(4.5), "公报.csv") == ("bureau", "2023Q2", 350.12, 4.5)
    assert gdp(template(4.5), "填报.csv") == ("template", "2023Q2", 350.12, 4.5)


@pytest.mark.parametrize("marker", sorted(MISSING_MARKERS))
def test_a_missing_marker_is_no_figure_in_every_layout(marker):
    assert gdp(bureau(marker), "公报.csv")[1:] == ("2023Q2", 350.12, None)
    assert gdp(template(marker), "填报.csv")[1:] == ("2023Q2", 350.12, None)


@pytest.mark.parametrize("cell", ["增长较快", "4.5亿元", "1,5"])
def test_text_that_is_not_a_growth_is_refused_by_every_layout(cell):
    for data, name in ((bureau(cell), "公报.csv"), (template(cell), "填报.csv")):
        with pytest.raises(IngestError):
            parse_file(plan=PLAN, data=data, name=name)


# digits of other scripts that Python's float() accepts: Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali,
# Thai, mathematical bold, and a mix with ASCII — never a figure in any layout (a cell a person would not read as 4.5)
OTHER_DIGITS = ["٤٫٥", "٤", "۴", "४", "৪", "๔", "𝟒", "4٥"]


@pytest.mark.parametrize("cell", OTHER_DIGITS)
def test_digits_of_other_scripts_are_refused_by_every_layout(cell):
    for data, name in ((bureau(cell), "公报.csv"), (template(cell), "填报.csv")):
        with pytest.raises(IngestError):
            parse_file(plan=PLAN, data=data, name=name)


@pytest.mark.parametrize("cell, value", [("4.5e0", 4.5), ("45E-1", 4.5), ("0.045e2", 4.5)])
def test_an_exponent_reads_the_same_in_every_layout(cell, value):
    """CSV exports write some figures with an exponent; both layouts read it, and the range check (not the
    cell reader) refuses an absurd one with its value (tests/test_bad_files.py: value_1e308.csv)."""
    assert gdp(bureau(cell), "公报.csv")[3] == pytest.approx(value)
    assert gdp(template(cell), "填报.csv")[3] == pytest.approx(value)

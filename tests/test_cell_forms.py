"""Cell forms seen in real reports and ledgers."""
import pytest

from plantrack.ingest.cells import NotANumber, parse_quantity
from plantrack.ingest.template import _period_key


@pytest.mark.parametrize("cell,expected", [
    ("▲5.3", (5.3, None)), ("5.3↑", (5.3, None)), ("▼2.1", (-2.1, None)), ("2.1↓", (-2.1, None)),
    ("３８５.３６", (385.36, None)), ("－3.5", (-3.5, None)), ("  7.2％ ", (7.2, "%")), ("31,206", (31206.0, None)),
    ("1,234.5万元", (1234.5, "万元")), ("下降3.5", (-3.5, None)), ("—", (None, None)), ("…", (None, None)),
])
def test_numbers_as_written(cell, expected):
    assert parse_quantity(cell) == expected


@pytest.mark.parametrize("cell", ["▲", "三百八十", "约385", "n/a?"])
def test_text_is_not_a_number(cell):
    with pytest.raises(NotANumber):
        parse_quantity(cell)


@pytest.mark.parametrize("cell,key", [("2023/06/30", "2023Q2"), (202306, "2023Q2"), ("202305", "2023M05"),
                                      ("2023-09", "2023Q3"), ("2023年1-6月", "2023Q2"), ("2023/13/01", None)])
def test_template_period_forms(cell, key):
    assert _period_key(cell, 2023) == key

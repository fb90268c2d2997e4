"""English amounts read one way everywhere: money in millions of yuan with thousands separators ("38,562 m yuan"),
never the literal unit "100m yuan" after a number ("2 100m yuan" reads as 2,100m). A reader parses the text back
to the same amount; every text that states a figure (fmt_value, narrative, chart targets) uses the one helper."""
from __future__ import annotations

import random
import re

import pytest

from plantrack.model.i18n import MONEY_EN_MILLIONS, fmt_value
from plantrack.present import charts, narrative

YUAN = {"亿元": 1e8, "百万元": 1e6, "万元": 1e4, "千元": 1e3}
PARSE = re.compile(r"^(?P<n>-?\d{1,3}(?:,\d{3})*(?:\.\d+)?) m yuan$")


def _values(n=200, seed=13):
    rng = random.Random(seed)
    out = [0.0, 0.01, 1.0, 12.6, 385.36, 804.28, 2.1, 1000.0]
    out += [round(rng.uniform(0, 50000), rng.choice([0, 1, 2])) for _ in range(n)]
    return out


@pytest.mark.parametrize("unit", sorted(MONEY_EN_MILLIONS))
def test_money_in_english_parses_back_to_the_amount(unit):
    for v in _values():
        text = fmt_value(v, unit, "en")
        m = PARSE.match(text)
        assert m, f"{v} {unit} shown as {text!r}: not '<n> m yuan' with thousands separators"
        yuan = float(m["n"].replace(",", "")) * 1e6
        # fmt_number keeps two decimals of millions (10,000 yuan): exact for 亿元/百万元 with two decimals
        assert abs(yuan - v * YUAN[unit]) <= 5e3 + 1e-6 * yuan, (v, unit, text)


def test_hundred_million_yuan_with_two_decimals_is_exact():
    assert fmt_value(385.36, "亿元", "en") == "38,536 m yuan"
    assert fmt_value(12.6, "亿元", "en") == "1,260 m yuan"
    assert fmt_value(21, "亿元", "en") == "2,100 m yuan"


def test_chinese_keeps_the_plan_unit():
    assert fmt_value(385.36, "亿元", "zh") == "385.36亿元"
    assert fmt_value(2100, "万元", "zh") == "2,100万元"


def test_non_money_units_unchanged():
    assert fmt_value(4500, "人", "en") == "4,500 people"
    assert fmt_value(5.0, "%", "en") == "5%"


@pytest.mark.parametrize("v", [12.6, 385.36, 0.5])
def test_every_text_uses_the_same_form(v):
    expected = fmt_value(v, "亿元", "en")
    assert narrative.value_with_unit(v, "亿元", "en") == expected
    assert charts.target_text(v, "cumulative", "亿元", "en") == expected
    assert "100m" not in expected

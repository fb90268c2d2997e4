"""plantrack.model.units: recognising units in labels and converting to the plan's unit."""
from __future__ import annotations

import pytest

from plantrack.model.units import UnitError, canonical, convert, factor, is_known, unit_in_text


@pytest.mark.parametrize("value, src, dst, expected", [
    (12345, "万元", "亿元", 1.2345),
    (10000, "万元", "亿元", 1.0),
    (98000, "万元", "亿元", 9.8),
    (1.2345, "亿元", "万元", 12345),
    (123456789, "元", "亿元", 1.23456789),
    (5, "千元", "元", 5000),
    (15, "亩", "公顷", 1.0),
    (1200, "亩", "公顷", 80.0),
    (1, "公顷", "亩", 15.0),
    (60, "公顷", "平方米", 600000),
    (4.0773, "万平方米", "平方米", 40773),
    (5, "公里", "米", 5000),
    (0.82, "万人", "人", 8200),
    (3, "项", "个", 3),
    (6.5, "％", "%", 6.5),
    (7, "亿元", "亿元", 7),
])
def test_convert(value, src, dst, expected):
    assert convert(value, src, dst) == pytest.approx(expected, rel=1e-12)


def test_wan_to_yi_factor_is_exact():
    assert factor("万元", "亿元") == 1e-4
    assert factor("亿元", "万元") == 1e4
    assert factor("元", "亿元") == 1e-8
    assert factor("亩", "公顷") * 15 == pytest.approx(1.0, rel=1e-15)


@pytest.mark.parametrize("src, dst", [
    ("万元", "公顷"), ("亩", "亿元"), ("%", "亿元"), ("人", "个"), ("公里", "平方米"), ("个月", "个"),
])
def test_cross_dimension_raises(src, dst):
    with pytest.raises(UnitError, match="cannot convert"):
        convert(1, src, dst)


@pytest.mark.parametrize("src, dst", [("英亩", "公顷"), ("亿元", "美元"), ("", "亿元")])
def test_unknown_unit_raises(src, dst):
    with pytest.raises(UnitError, match="unknown unit"):
        factor(src, dst)


def test_unit_error_is_a_value_error():
    assert issubclass(UnitError, ValueError)


@pytest.mark.parametrize("text, unit", [
    ("社会消费品零售总额(亿元)", "亿元"),
    ("社会消费品零售总额（亿元）", "亿元"),      # full-width brackets, as most Chinese tables write them
    ("绝对值(万元)", "万元"),
    ("本年累计（万元）", "万元"),
    ("单位:万元", "万元"),
    ("单位：万元", "万元"),                      # full-width colon
    ("单位： 亿元，%", "亿元"),
    ("增速(%)", "%"),
    ("增长（％）", "%"),
    ("面积(平方米)", "平方米"),
    ("植树造林(亩)", "亩"),
    ("金额（万元） 增速（%）", "万元"),          # the first unit named
    ("指标名称(单位)(亿元)", "亿元"),            # skips a bracket that is not a unit
    ("GDP", None),
    ("指标名称(单位)", None),
    ("地区生产总值(可比价)", None),
    ("", None),
])
def test_unit_in_text(text, unit):
    assert unit_in_text(text) == unit


@pytest.mark.parametrize("raw, unit", [
    ("亿元", "亿元"), (" (亿元) ", "亿元"), ("（万元）", "万元"), ("％", "%"), ("单位:万元", "万元"),
    ("单位：万元", "万元"), ("万 元", "万元"), ("-", None), ("—", None), ("", None), (None, None), ("美元", None),
])
def test_canonical(raw, unit):
    assert canonical(raw) == unit
    assert is_known(raw) == (unit is not None)


@pytest.mark.parametrize("note, unit", [
    ("单位：亿元、%", "亿元"),          # amounts in 亿元, rates in %: the note speaks of the amounts
    ("单位：%，万元", "万元"),          # % first must not make the table a rate table
    ("单位: 万元; %", "万元"),
    ("单位：%", "%"),
    ("（单位：万元）", "万元"),
])
def test_a_unit_note_naming_an_amount_unit_and_percent_gives_the_amount_unit(note, unit):
    assert unit_in_text(note) == unit

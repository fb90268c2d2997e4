"""plantrack.model.periods: finding the cumulative period a title, header or file name speaks of."""
from __future__ import annotations

import pytest

from plantrack.model.periods import (
    Period,
    PeriodError,
    find_end_month,
    find_period,
    find_year,
    is_key,
    parse_key,
    sort_keys,
)


@pytest.mark.parametrize("text, key", [
    # titles of statistics tables
    ("岳阳楼区2023年1-6月主要经济指标", "2023Q2"),
    ("2023年1-3月岳阳楼区主要经济指标完成情况", "2023Q1"),
    ("2023年1-9月", "2023Q3"),
    ("2023年1-12月", "2023Q4"),
    ("2023年1-5月", "2023M05"),
    ("2023年1-2月", "2023M02"),
    ("2023年1-11月", "2023M11"),
    # monthly tables are cumulative: "2023年3月" is January to March
    ("2023年3月", "2023Q1"),
    ("2023年2月", "2023M02"),
    ("2023年1月", "2023M01"),
    ("2023年10月", "2023M10"),
    ("2023年12月", "2023Q4"),
    ("2023年3月份", "2023Q1"),
    ("2023年十一月", "2023M11"),
    # dashes and words between the months
    ("2023年1—6月", "2023Q2"),
    ("2023年1–6月", "2023Q2"),
    ("2023年1～8月", "2023M08"),
    ("2023年1至8月", "2023M08"),
    ("2023年1月至6月", "2023Q2"),
    ("2023年元至8月", "2023M08"),
    ("2023年一至六月", "2023Q2"),
    ("2023年一至十二月", "2023Q4"),
    ("2023年 1-6 月", "2023Q2"),
    ("2023年1-6月份", "2023Q2"),
    # quarters and halves
    ("2023年一季度", "2023Q1"),
    ("2023年第一季度", "2023Q1"),
    ("2023年上半年", "2023Q2"),
    ("2023年半年报", "2023Q2"),
    ("2023年前三季度", "2023Q3"),
    ("2023年1-3季度", "2023Q3"),
    ("2023年第三季度", "2023Q3"),
    ("2023年3季度", "2023Q3"),
    ("2023年四季度", "2023Q4"),
    ("2022年全年", "2022Q4"),
    ("2023年度", "2023Q4"),
    # "as of"
    ("截至2023年6月底", "2023Q2"),
    ("2023年6月末", "2023Q2"),
    # an annual bulletin names only the year
    ("岳阳楼区2023年国民经济和社会发展统计公报", "2023Q4"),
    # ISO-like keys, also glued to CJK text or "_" in file names
    ("2023Q3", "2023Q3"),
    ("2023-Q3", "2023Q3"),
    ("2023 q1", "2023Q1"),
    ("岳阳楼区2023Q3主要经济指标", "2023Q3"),
    ("2023Q3_主要指标.xlsx", "2023Q3"),
    ("指标2023Q2.xlsx", "2023Q2"),
    # a multi-line header cell
    ("岳阳楼区主要经济指标\n(2023年1-6月)", "2023Q2"),
])
def test_find_period(text, key):
    p = find_period(text)
    assert p is not None and p.key == key


@pytest.mark.parametrize("text, key", [
    ("前三季度", "2023Q3"),
    ("上半年", "2023Q2"),
    ("1-5月", "2023M05"),
    ("1-10月", "2023M10"),
    ("一至十月", "2023M10"),
    ("一季度", "2023Q1"),
    ("数据截至6月", "2023Q2"),
    ("全年", "2023Q4"),
])
def test_find_period_with_default_year(text, key):
    p = find_period(text, default_year=2023)
    assert p is not None and p.key == key


def test_year_in_text_beats_default_year():
    assert find_period("2022年1-6月", default_year=2023).key == "2022Q2"


@pytest.mark.parametrize("text, kwargs", [
    ("主要经济指标", {}),
    ("前三季度", {}),              # no year anywhere and no default
    ("1-5月", {}),
    ("", {}),
    ("2023年", {"year_alone_is_full_year": False}),
    ("2023年", {}),                  # a year alone is never the full year (issue 10)
    ("岳阳楼区2023年主要经济指标", {}),
    ("2023Q5", {}),
    ("12023Q1", {}),
    ("2023Q12", {}),
    ("FY2023Q1x", {}),
])
def test_find_period_none(text, kwargs):
    assert find_period(text, **kwargs) is None


def test_find_year_and_end_month():
    assert find_year("岳阳楼区2023年1-6月") == 2023
    assert find_year("report-2022.xlsx") == 2022
    assert find_year("1-6月") is None
    assert find_end_month("1-6月") == 6
    assert find_end_month("前三季度") == 9
    assert find_end_month("主要指标") is None


@pytest.mark.parametrize("key, zh, zh_year, en, en_year, span_zh, span_en", [
    ("2023Q1", "一季度", "2023年一季度", "Q1", "Q1 2023", "1-3月", "Jan–Mar"),
    ("2023Q2", "上半年", "2023年上半年", "H1", "H1 2023", "1-6月", "Jan–Jun"),
    ("2023Q3", "前三季度", "2023年前三季度", "Q1–Q3", "Q1–Q3 2023", "1-9月", "Jan–Sep"),
    ("2023Q4", "全年", "2023年全年", "Full year", "Full year 2023", "1-12月", "Jan–Dec"),
    ("2023M05", "1-5月", "2023年1-5月", "Jan–May", "Jan–May 2023", "1-5月", "Jan–May"),
    ("2023M01", "1月", "2023年1月", "Jan", "Jan 2023", "1月", "Jan"),
])
def test_labels(key, zh, zh_year, en, en_year, span_zh, span_en):
    p = parse_key(key)
    assert p.label() == zh
    assert p.label("zh", with_year=True) == zh_year
    assert p.label("en") == en
    assert p.label("en", with_year=True) == en_year
    assert p.span_label() == span_zh
    assert p.span_label("en") == span_en


@pytest.mark.parametrize("key, pct", [
    ("2023Q1", 25.0), ("2023Q2", 50.0), ("2023Q3", 75.0), ("2023Q4", 100.0),
    ("2023M05", 41.67), ("2023M01", 8.33), ("2023M11", 91.67),
])
def test_time_progress(key, pct):
    assert round(parse_key(key).time_progress_pct, 2) == pct


@pytest.mark.parametrize("key, prev", [
    ("2023Q1", None), ("2023M02", None), ("2023M01", None),
    ("2023M04", "2023Q1"), ("2023M05", "2023Q1"), ("2023Q2", "2023Q1"),
    ("2023Q3", "2023Q2"), ("2023Q4", "2023Q3"), ("2023M11", "2023Q3"),
])
def test_previous_quarter(key, prev):
    p = parse_key(key).previous_quarter()
    assert (p.key if p else None) == prev


@pytest.mark.parametrize("key, remaining", [
    ("2023Q1", 3), ("2023M05", 3), ("2023Q2", 2), ("2023Q3", 1), ("2023M11", 1), ("2023Q4", 0),
])
def test_remaining_quarters(key, remaining):
    assert parse_key(key).remaining_quarters() == remaining


def test_same_period_last_year_and_flags():
    p = parse_key("2023M05")
    assert p.same_period_last_year() == Period(2022, 5)
    assert p.same_period_last_year().key == "2022M05"
    assert not p.is_quarter_end and parse_key("2023Q2").is_quarter_end


@pytest.mark.parametrize("key, period", [
    ("2023Q1", Period(2023, 3)), ("2023Q4", Period(2023, 12)), ("2023M05", Period(2023, 5)),
    ("2023M12", Period(2023, 12)), (" 2023Q2 ", Period(2023, 6)),
])
def test_parse_key(key, period):
    assert parse_key(key) == period


def test_month_ending_a_quarter_is_keyed_as_the_quarter():
    # the same span has one key whichever way a table names it
    assert Period(2023, 6).key == "2023Q2"
    assert parse_key("2023M06") == parse_key("2023Q2")


@pytest.mark.parametrize("bad", ["2023Q5", "2023Q0", "2023M13", "2023M00", "2023M5", "23Q1", "2023-Q1", "2023q1",
                                 "2023H1", "", "Q1"])
def test_parse_key_errors(bad):
    assert not is_key(bad)
    with pytest.raises(PeriodError, match="not a period key") as exc:
        parse_key(bad)
    assert "expected e.g. 2023Q2 or 2023M05" in str(exc.value)


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


def test_sort_keys_orders_spans():
    assert sort_keys(["2023Q2", "2022Q4", "2023M05", "2023Q1", "2023M04"]) == [
        "2022Q4", "2023Q1", "2023M04", "2023M05", "2023Q2"]


def test_periods_are_frozen_and_ordered():
    import dataclasses
    p = Period(2023, 6)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.end_month = 9  # type: ignore[misc]
    assert Period(2022, 12) < Period(2023, 3) < Period(2023, 5)


@pytest.mark.parametrize("text", ["2023年下半年", "2023年11-12月", "2023年二季度当季", "2023年7-9月"])
def test_spans_not_from_january_are_not_cumulative_periods(text):
    assert find_period(text) is None


@pytest.mark.parametrize("text,key", [("二〇二三年1-6月", "2023Q2"), ("二〇二三年统计公报", "2023Q4"),
                                      ("半年报 2023", "2023Q2")])
def test_more_period_forms(text, key):
    assert find_period(text).key == key


@pytest.mark.parametrize("text", ["2023年13月", "2023年第5季度", "2023年0月", "2023年1-15月"])
def test_impossible_months_are_no_period_not_a_full_year(text):
    assert find_period(text) is None


def test_full_width_digits_name_the_same_period():
    from plantrack.model.periods import find_end_month, find_period, find_year
    assert find_period("岳阳楼区２０２３年１－６月主要经济指标").key == "2023Q2"
    assert find_year("２０２３年") == 2023 and find_end_month("１－９月") == 9

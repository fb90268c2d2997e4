"""Look-alike measures (the total 一般公共预算收入 above 其中:地方收入) are never taken for the plan's."""
import io

import openpyxl
import pytest

from plantrack.ingest import parse_file
from plantrack.model.plan import PlanConfigError, load_plan

PLAN = load_plan()


def bulletin(rows, title="岳阳楼区2023年国民经济和社会发展统计公报 附表"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(["单位:亿元"])
    ws.append(["指标", "绝对额", "比上年增长(%)"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return parse_file(plan=PLAN, data=buf.getvalue(), name="公报.xlsx")


def test_total_revenue_is_skipped_with_the_reason_and_local_revenue_taken():
    pf = bulletin([["一般公共预算收入", 36.2, 4.4], ["  其中:地方收入", 23.1, 9.2],
                   ["全体居民人均可支配收入(元)", 48000, 5.0], ["城镇居民人均可支配收入(元)", 53890, 5.9]])
    got = {(r.indicator, r.value, r.growth_pct) for r in pf.records}
    assert got == {("revenue", 23.1, 9.2), ("income", 53890.0, 5.9)}
    reasons = {s.text: s.reason for s in pf.skipped}
    assert "一般公共预算地方收入" in reasons["一般公共预算收入"]
    assert "城镇居民人均可支配收入" in reasons["全体居民人均可支配收入(元)"]


def test_bulletin_absolute_amount_column_is_the_level():
    pf = bulletin([["全区地区生产总值(GDP)", 804.28, 6.1]])
    [r] = pf.records
    assert (r.indicator, r.period, r.value, r.unit, r.growth_pct) == ("gdp", "2023Q4", 804.28, "亿元", 6.1)


def test_a_name_cannot_be_alias_and_not_alias(tmp_path):
    text = PLAN.path.read_text(encoding="utf-8").replace(
        'not_aliases = ["一般公共预算收入"', 'not_aliases = ["地方收入", "一般公共预算收入"', 1)
    bad = tmp_path / "plan.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PlanConfigError, match=r"indicators\.revenue\.not_aliases\[0\].*alias of indicators\.revenue"):
        load_plan(bad)

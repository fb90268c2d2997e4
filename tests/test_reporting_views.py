"""报送情况 page (AppTest, sample data): analysts only, by the page's own check; the units not yet complete
worst first; the quarter in the link; the 催报通知 as text and as a 公文 DOCX; one summary line for viewers on
the task-force page."""
from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _apptest import as_user, page, setup, texts  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402

from plantrack.analysis.submissions import build_reporting
from plantrack.export.gongwen import HEI  # noqa: E402
from plantrack.export.reminder_docx import build_reminder_docx  # noqa: E402
from plantrack.model.plan import get_plan
from plantrack.present.reminder_text import build_reminder, zh_ordinal  # noqa: E402
from plantrack.store.database import Store
from tests._view_fixture import load_sample  # noqa: E402


@pytest.fixture
def root(tmp_path, monkeypatch):
    r = setup(tmp_path, monkeypatch)
    load_sample(tmp_path / "store.duckdb")
    return r


def test_viewer_gets_the_refusal_not_the_table(root):
    at = as_user(page(root, "reporting"), "vic").run()
    assert not at.exception
    assert any("报送情况仅供数据分析员和管理员查看" in e for e in texts(at, "error"))
    assert len(at.dataframe) == 0 and not at.get("download_button")


def test_analyst_sees_units_worst_first_and_the_reminder(root, tmp_path):
    at = as_user(page(root, "reporting"), "ana")
    at.query_params["period"] = "2023Q2"
    at.query_params["quarter"] = "2023Q1"          # an older link's own quarter: the sidebar's period rules
    at.run()
    assert not at.exception, at.exception
    assert not [s for s in at.selectbox if s.key == "reporting_quarter"] and "quarter" not in at.query_params
    status = build_reporting(get_plan(), Store(tmp_path / "store.duckdb"), "2023Q2")
    captions = "\n".join(texts(at, "caption"))
    assert "2023年上半年，截至" in captions and f"截至{dt.date.today().year}年" in captions   # Chinese dates
    first = at.dataframe[0].value
    # counts in one order everywhere: 应报 / 已报 / 按时 / 迟报 / 未报; the items themselves in full below
    assert list(first.columns) == ["#", "单位", "截止日期", "逾期天数", "应报", "已报", "按时", "迟报", "未报"]
    assert (first["应报"] == first["已报"] + first["未报"]).all() and (first["已报"] == first["按时"] + first["迟报"]).all()
    assert list(first["单位"]) == [u.unit for u in status.not_reported]
    assert list(first["未报"]) == sorted(first["未报"], reverse=True)
    assert first["单位"].iloc[0] == "区发改局" and first["截止日期"].iloc[0] == "2023年7月10日"
    [detail] = [e for e in at.expander if e.label.startswith("未报事项明细")]
    shown = "\n".join(m.value for m in detail.markdown)
    for u in status.not_reported:                 # every missing item, by kind, not cut off
        assert all(i.item.name_zh.replace("（", "").split("（")[0][:6] in shown.replace("\\", "") for i in u.missing)
    assert "里程碑进展（12项）：" in shown
    # 已报齐 counts late units as complete and says so; on time apart
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["已报齐（含迟报）"] == str(status.totals()["complete"]) and metrics["其中按时报齐"] == "0"
    every = at.dataframe[1].value
    assert set(every["单位"]) == {u.unit for u in status.units} and "区统计局" in set(every["单位"])
    assert "注：示例数据是近期一次性导入的，导入时间晚于2023年上半年的截止日期" in captions
    [code] = at.code
    # the sample store: the notice says 示例数据 first, then its title
    assert code.value.startswith("【示例数据】")
    assert code.value.splitlines()[2] == "关于催报2023年上半年工作台账的通知"   # the bureau is complete (late)
    assert "一、区发改局（截止日期2023年7月10日，已逾期" in code.value
    assert len(at.get("download_button")) == 1
    # the unit detail: which revision, when, by whom
    at.selectbox(key="reporting_unit").set_value("区统计局").run()
    detail = at.dataframe[2].value
    assert list(detail["事项"]) == ["地区生产总值", "固定资产投资", "社会消费品零售总额", "一般公共预算地方收入",
                                   "城镇居民人均可支配收入"]
    assert set(detail["导入人"]) == {"sample"} and all(detail["状态"].str.startswith("◐ 迟报"))


def test_task_force_page_has_the_summary_line(root):
    at = as_user(page(root, "task_force"), "vic")
    at.query_params["period"] = "2023Q2"
    at.run()
    assert not at.exception
    line = next(m for m in texts(at, "markdown") if "报送情况" in m)
    assert "报送情况（2023年上半年）：应报13个单位" in line.replace("\\", "")


def test_reminder_docx_is_a_gongwen_page(tmp_path):
    db = tmp_path / "s.duckdb"
    load_sample(db)
    plan = get_plan()
    status = build_reporting(plan, Store(db), "2023Q2", as_of=dt.date(2023, 7, 25))
    reminder = build_reminder(status, plan.year(2023), plan.reporting)
    assert len(reminder.units) == len(status.not_reported) == 13     # nothing had arrived by 25 July 2023
    data = build_reminder_docx(reminder)
    doc = Document(io.BytesIO(data))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == \
        [37, 35, 28, 26]
    assert "PAGE" in sec.footer._element.xml                                       # — 1 — page numbers
    paras = [p for p in doc.paragraphs if p.text]
    assert paras[0].style.name == "Title"
    assert paras[0].text.replace("\n", "") == "关于催报2023年上半年工作台账和统计数据的通知"
    assert (paras[1].text, paras[1].paragraph_format.first_line_indent) == ("各有关单位：", 0)
    assert paras[2].style.name == "Normal" and paras[2].text.startswith("按照打好经济增长主动仗工作专班")
    unit = paras[3]
    assert unit.text == "一、区发改局（截止日期2023年7月10日，已逾期15天，未报送21项）"
    assert HEI in unit.runs[0]._r.xml                                             # the unit heading in 黑体
    assert paras[4].text.startswith("台账指标数据（7项）：") and HEI not in paras[4].runs[0]._r.xml
    assert [(p.text, p.alignment) for p in paras[-2:]] == [("打好经济增长主动仗工作专班办公室", WD_ALIGN_PARAGRAPH.RIGHT),
                                                          ("2023年7月25日", WD_ALIGN_PARAGRAPH.RIGHT)]
    assert reminder.text().splitlines()[0] == paras[0].text.replace("\n", "")


def test_zh_ordinals():
    assert [zh_ordinal(n) for n in (1, 9, 10, 11, 19, 20, 21, 35)] == \
        ["一", "九", "十", "十一", "十九", "二十", "二十一", "三十五"]

"""Chart builders: exact trace data, our own template and the CJK font, the footnote, the PNG config."""
import plotly.io as pio
import pytest

from plantrack.analysis.scorecard import build_scorecard
from plantrack.model.periods import Period
from plantrack.model.plan import get_plan
from plantrack.present import charts, series

NOTE_ZH = "数据来源：区统计局及各牵头单位报送数据；数据截至2023年6月底"


@pytest.fixture
def card(dashboard_store):
    return build_scorecard(get_plan(), dashboard_store, "2023Q2")


@pytest.fixture
def facts(card):
    from plantrack.present import period_facts
    return period_facts(card, "zh")


@pytest.fixture
def gdp_series(card, dashboard_store):
    return series.headline_series(get_plan(), dashboard_store, card)[0]


def _trace(fig, name_part):
    return next(tr for tr in fig.data if name_part in (tr.name or ""))


def _common(fig, title):
    assert fig.layout.template == pio.templates["plantrack"]
    assert fig.layout.font.family == '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
    assert fig.layout.font.size == 16
    assert fig.layout.title.text == title
    foot = [a for a in fig.layout.annotations if a.name == "footnote"]
    assert [a.text for a in foot] == [NOTE_ZH]


def test_footnote_text():
    assert charts.footnote("zh", Period(2023, 6)) == NOTE_ZH
    assert charts.footnote("en", Period(2023, 6)) == \
        "Source: District statistics bureau and lead units; data as of end of Jun 2023"


@pytest.mark.parametrize("year,month", [(y, m) for y in (2023, 2024) for m in range(1, 13)])
def test_screens_and_documents_state_one_cut_off(year, month):
    """A chart footer on screen and the briefing's cut-off line read the same phrase (数据截至2023年6月底) for every
    period, from the one function of the presentation model."""
    from plantrack.export import cutoff_line as doc_line
    from plantrack.present import cutoff_line
    p = Period(year, month)
    for lang in ("zh", "en"):
        line = cutoff_line(p, lang)
        assert doc_line(p, lang) == line
        foot = charts.footnote(lang, p)
        assert foot.endswith(line if lang == "zh" else line[:1].lower() + line[1:])
    assert charts.footnote("zh", p).endswith(f"数据截至{year}年{month}月底")
    assert "截至：" not in charts.footnote("zh", p)


def test_template_registered_without_streamlit():
    t = pio.templates["plantrack"]
    assert t.layout.font.family.startswith('"Noto Sans CJK SC"')
    assert t.layout.paper_bgcolor == "white"


def test_growth_chart(gdp_series):
    fig = charts.growth_chart(gdp_series, "zh", NOTE_ZH)
    _common(fig, "地区生产总值：累计同比增长与目标（可比价）")
    target = _trace(fig, "目标")
    assert target.name == "目标 ≥10%"
    assert list(target.x) == [3, 6, 9, 12] and list(target.y) == [10.0] * 4
    actual = _trace(fig, "实际增长")
    assert actual.name == "实际增长（可比价）"
    assert list(actual.x) == [3, 6] and list(actual.y) == [5.8, 6.3]
    red = _trace(fig, "低于目标")      # the legend names the growth target's own label
    assert list(red.text) == ["5.8%", "6.3%"] and red.marker.symbol == "square" and red.marker.color == "#d73027"
    assert red.textfont.color == "#d73027"
    proj = _trace(fig, "全年达标所需走势")
    assert list(proj.x) == [6, 12] and list(proj.y) == [6.3, 10.0] and proj.line.dash == "dash"
    pace = [a.text for a in fig.layout.annotations if a.name == "pace"]
    assert pace == ["下半年需增长13.1%"]
    assert list(fig.layout.xaxis.ticktext) == ["一季度", "上半年", "前三季度", "全年"]
    assert list(fig.layout.xaxis.tickvals) == [3, 6, 9, 12]
    assert fig.layout.yaxis.title.text == "累计同比增长（%）" and fig.layout.yaxis.ticksuffix == "%"


def test_growth_chart_english_labels(gdp_series):
    fig = charts.growth_chart(gdp_series, "en", "note")
    assert list(fig.layout.xaxis.ticktext) == ["Q1", "H1", "Q1–Q3", "Full year"]
    assert [a.text for a in fig.layout.annotations if a.name == "pace"] == ["H2 needs 13.1%"]
    assert fig.layout.title.text == "GDP: growth vs target (real)"


def test_growth_chart_without_levels_has_no_projection(card, dashboard_store):
    fai = series.headline_series(get_plan(), dashboard_store, card)[1]
    fig = charts.growth_chart(fai, "zh", NOTE_ZH)
    assert [tr.name for tr in fig.data] == ["目标 ≥10%", "实际增长（现价）", "达标"]
    assert fig.data[2].marker.symbol == "circle" and list(fig.data[2].x) == [3, 6]


def test_growth_chart_without_data_says_so(card, dashboard_store):
    income = series.headline_series(get_plan(), dashboard_store, card)[4]
    fig = charts.growth_chart(income, "zh", NOTE_ZH)
    assert [tr.name for tr in fig.data] == ["目标 ≥8.5%"]
    assert [a.text for a in fig.layout.annotations if a.name == "no_data"] == ["<span style='color:#9e9e9e'>○ 暂无数据</span>"]


def test_pace_text_per_period():
    from plantrack.model.periods import Period
    assert charts.pace_text(Period(2023, 3), 12.34, "zh") == "二至四季度需增长12.3%"
    assert charts.pace_text(Period(2023, 9), 15.0, "zh") == "四季度需增长15.0%"
    assert charts.pace_text(Period(2023, 5), 11.0, "zh") == "6—12月需增长11.0%"
    assert charts.pace_text(Period(2023, 5), 11.0, "en") == "Jun–Dec need 11.0%"
    assert charts.pace_text(Period(2023, 12), 11.0, "zh") == ""
    assert charts.pace_text(Period(2023, 6), None, "zh") == ""


def test_progress_chart(facts):
    rows = facts.of_task("infrastructure")
    fig = charts.progress_chart(rows, "zh", NOTE_ZH, "2.2 完善基础设施")
    _common(fig, "2.2 完善基础设施")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    # the count targets' own labels: never 达标 for something behind time progress
    assert [b.name for b in bars] == ["序时推进", "进度滞后", "严重滞后", "暂无数据"]
    names = list(fig.layout.yaxis.categoryarray)
    assert len(names) == 12
    # worst first: red, yellow, green, then no data; within a status the furthest behind time first
    status_of = {y: b.name for b in bars for y in b.y}
    order = [status_of[n] for n in names]
    assert order == sorted(order, key=["严重滞后", "进度滞后", "序时推进", "暂无数据"].index)
    red = _trace(fig, "严重滞后")
    assert list(red.y) == ["城市更新投入资金"] and list(red.x) == [pytest.approx(19.99)]
    assert red.marker.color == "#d73027"
    marker = _trace(fig, "时间进度")
    assert marker.name == "时间进度 50.0%"
    assert list(marker.x) == [50.0] * 12 and list(marker.y) == names
    labels = _trace(fig, "labels")
    assert labels.text[names.index("老旧小区改造")] == "50.0%（114个 / 228个）<span style='color:#1a9850'>序时推进</span>"
    assert labels.text[names.index("既有住宅加装电梯")] == \
        "40.0%（75.2台 / 188台）<span style='color:#e6a700'>进度滞后</span>"
    assert labels.text[-1] == "<span style='color:#9e9e9e'>○ 暂无数据</span>"
    assert not any(g in x for x in labels.text[:-1] for g in "●▲■"), "no glyph floats beside a bar"
    assert fig.layout.xaxis.title.text == "完成年度目标的比例（%）" and fig.layout.xaxis.range[0] == 0
    assert [s.x0 for s in fig.layout.shapes] == [100]    # the annual target line


def test_progress_chart_skips_ceilings_and_levels(facts):
    fig = charts.progress_chart(facts.of_task("public_services"), "zh", NOTE_ZH, "t")
    assert set(fig.layout.yaxis.categoryarray) == {"学校提质改造", "学校提质改造投入资金"}


def test_limit_chart_ceiling(facts):
    fig = charts.limit_chart(facts.by_id("urban_unemployment_pct"), "zh", NOTE_ZH)
    _common(fig, "城镇调查失业率：控制上限 ≤5%")
    assert list(fig.data[0].x) == [4.6] and fig.data[0].marker.color == "#1a9850"
    limit = _trace(fig, "目标")
    assert limit.name == "目标≤5%" and list(limit.x) == [5.0]   # the target as the model writes it
    assert list(_trace(fig, "labels").text) == ["4.6%  <span style='color:#1a9850'>● 达标</span>"]
    assert fig.layout.xaxis.title.text == "城镇调查失业率（%）" and fig.layout.xaxis.range[0] == 0


def test_limit_chart_level(facts):
    fig = charts.limit_chart(facts.by_id("medical_insurance_pct"), "zh", NOTE_ZH)
    _common(fig, "基本医疗保险参保率：保持水平 ≥95%")
    assert list(fig.data[0].x) == [94.2] and fig.data[0].marker.color == "#d73027"
    limit = _trace(fig, "目标")
    assert limit.name == "目标≥95%" and list(limit.x) == [95.0]
    assert [a.text for a in fig.layout.annotations if a.name == "labels"] == [
        "94.2%  <span style='color:#d73027'>■ 未达标</span>"]
    assert list(fig.layout.xaxis.range) == [0.0, 100.0], "a held rate: bars from 0, axis capped at 100 %"


def test_status_summary_chart(facts):
    fig = charts.status_summary_chart(facts.counts, "zh", NOTE_ZH)
    _common(fig, "目标状态汇总（共35项）")     # every target: the same count the briefing gives
    bar = fig.data[0]
    assert list(bar.y) == ["● 正常", "▲ 预警", "■ 滞后", "○ 暂无数据"]
    assert list(bar.x) == [4, 3, 5, 23]
    assert list(bar.marker.color) == ["#1a9850", "#e6a700", "#d73027", "#9e9e9e"]
    assert list(bar.marker.pattern.shape) == ["", "/", "x", "."]


def test_task_force_chart(card):
    summary = series.task_force_summary(card, "zh")
    from plantrack.present import period_facts
    fig = charts.task_force_chart(summary, series.task_force_tallies(period_facts(card, "zh"), summary), "zh",
                                  NOTE_ZH)
    _common(fig, "各牵头单位子目标状态")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    # stacked by the status words of the cards and lists (no 正常 / 预警 / 滞后), green first
    from plantrack.present import vocabulary
    names = [tr.name for tr in bars]
    assert set(names) <= vocabulary("zh") and len(names) == len(set(names))
    assert names[0] == "序时推进" and names[-1] == "暂无数据"
    units = list(fig.data[0].y)
    assert units[0] == "区住建局"
    i = units.index("区住建局")
    assert sum(tr.x[i] for tr in bars) == 12
    assert {tr.name: tr.x[i] for tr in bars if tr.x[i]} == {"序时推进": 1, "进度滞后": 1, "严重滞后": 1, "暂无数据": 9}
    labels = _trace(fig, "labels")
    assert labels.text[i] == ("<span style='color:#1a9850'>●</span> 1  <span style='color:#e6a700'>▲</span> 1  "
                              "<span style='color:#d73027'>■</span> 1  <span style='color:#9e9e9e'>○</span> 9")
    assert labels.text[units.index("区金融办")] == "无量化子目标"
    assert fig.layout.barmode == "stack"


def test_chart_config_and_filename():
    name = charts.chart_filename("2023Q2", "overview", "gdp")
    assert name == "2023年上半年_主要指标_地区生产总值"     # as the export names the same chart
    assert charts.chart_config(name) == {"toImageButtonOptions": {"format": "png", "scale": 3,
                                                                  "filename": "2023年上半年_主要指标_地区生产总值"},
                                         "displaylogo": False}
    assert charts.chart_config(name, compact=True)["displayModeBar"] is False


def test_target_text():
    assert charts.target_text(10.0, "growth", "%", "zh") == "≥10%"
    assert charts.target_text(228, "cumulative", "个", "zh") == "228个"
    assert charts.target_text(12.6, "cumulative", "亿元", "en") == "1,260 m yuan"
    assert charts.target_text(5, "ceiling", "%", "zh") == "≤5%"
    assert charts.target_text(95, "level", "%", "zh") == "≥95%"


@pytest.mark.parametrize("month", range(1, 13))
def test_span_text_reads_as_documents_write_it(month):
    """Cards name the cumulative span as documents do: 上半年 / 前三季度, other months 1—7月 with the 一字线 (never
    the ASCII hyphen of the analysts' tables, "1-6月")."""
    from plantrack.present import span_text
    p = Period(2023, month)
    zh = span_text(p, "zh")
    assert "-" not in zh
    assert zh == {1: "1月", 3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}.get(month, f"1—{month}月")
    assert span_text(p, "en") == p.span_label("en")


@pytest.mark.parametrize("target", [5.0, 8.5, 10.0, 12.0])
def test_small_multiple_figures_stay_off_the_target_line(target):
    """A point's figure (about 12 % of the axis tall at projector sizes, above or below the mark) never sits on
    the dotted target line: every value from 0 to 1.3 × the target, in steps of 0.1 point."""
    span = target * 1.3
    for k in range(0, int(span * 10) + 1):
        value = k / 10
        pos = charts.label_position(value, target, span)
        box = (value, value + 0.12 * span) if pos == "top center" else (value - 0.12 * span, value)
        assert pos in ("top center", "bottom right")
        assert not box[0] < target < box[1], (value, target, pos)


def test_headline_multiples_put_a_figure_under_the_line_when_just_below(card, dashboard_store):
    all_series = series.headline_series(get_plan(), dashboard_store, card)
    fig = charts.headline_multiples(all_series, "zh", NOTE_ZH)
    points = [tr for tr in fig.data if tr.mode == "markers+text"]
    for tr in points:
        for y, pos in zip(tr.y, tr.textposition):
            assert pos in ("top center", "bottom right")

"""情景测算 on the overview and in meeting mode (AppTest, sample data): the scenario from the link fills the
inputs, an edit goes back into the link, the link reopens the same scenario, the chart gets a dashed 测算 trace,
bad links fall back with a notice, other pages drop the parameter, and a plan year other than 2023 works."""
import json

import pytest

from plantrack.model.plan import get_plan
from plantrack.present.whatif import format_scenario, parse_scenario, project_all, status_of
from plantrack.store.database import Store
from plantrack.ui.widgets import md
from tests._view_fixture import load_sample, run_app, texts, use_store
from tests.test_pages import keyed

Q2_INPUTS = ["whatif_ov_2023Q2_gdp_Q3", "whatif_ov_2023Q2_gdp_Q4", "whatif_ov_2023Q2_retail_Q4"]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("whatif_views") / "sample.duckdb"
    load_sample(db)
    return db


@pytest.fixture
def app(monkeypatch, tmp_path, sample_db):
    use_store(monkeypatch, tmp_path, sample_db)
    return run_app


def inputs(at) -> dict[str, float]:
    return {n.key: n.value for n in at.number_input}


def traces(at, indicator: str) -> dict[str, dict]:
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        if indicator in json.dumps(spec["layout"].get("title", ""), ensure_ascii=False):
            return {d.get("name"): d for d in spec["data"]}
    raise AssertionError(f"no chart for {indicator}")


def test_link_fills_the_inputs_and_draws_the_projection(app, sample_db):
    at = app(period="2023Q2", whatif="gdp:Q3=7.5,Q4=8")
    assert not at.exception, at.exception
    got = inputs(at)
    assert (got["whatif_ov_2023Q2_gdp_Q3"], got["whatif_ov_2023Q2_gdp_Q4"]) == (7.5, 8.0)
    # not set: the required pace, rounded for the input (社零 12.4 % at H1 on the comparable base)
    assert got["whatif_ov_2023Q2_retail_Q4"] == 12.4
    assert "whatif_ov_2023Q2_fai_Q3" not in got                      # no levels: nothing to set
    [gdp] = [p for p in project_all(get_plan(), Store(sample_db), "2023Q2", parse_scenario("gdp:Q3=7.5,Q4=8"))
             if p.id == "gdp"]
    text = texts(at)
    assert f"全年测算增长{gdp.full_year_growth:.1f}%".replace(".", "\\.") in text
    assert [e.label for e in at.expander] == ["情景测算（测算，非实际数据）"] and "本页含情景测算" in text
    # the inputs say 当季; the projection speaks as an estimate by the cards' rule, which the panel states
    assert {n.label for n in at.number_input} == {"三季度当季增速（%）", "四季度当季增速（%）"}
    assert "■ 低于目标（测算）" in text and "测算状态与卡片同一口径" in text and "● 完成" not in text
    assert "按上年同期基数推算" in text and "可比口径" not in text
    assert at.query_params["whatif"] == "gdp:Q3=7.5,Q4=8"
    trace = traces(at, "地区生产总值")["情景测算（测算）"]
    assert trace["x"] == [6, 9, 12] and trace["line"]["dash"] == "dash"
    assert trace["y"][0] == 5.3 and trace["y"][-1] == pytest.approx(gdp.full_year_growth)
    assert all(label.startswith("测算") for label in trace["text"][1:])
    # only the indicator the scenario sets gets a projection
    assert "情景测算（测算）" not in traces(at, "社零")


def test_an_edit_goes_into_the_link_and_the_link_reopens_it(app):
    at = app(period="2023Q2", whatif="gdp:Q3=7.5,Q4=8")
    at.number_input(key="whatif_ov_2023Q2_retail_Q4").set_value(9.0).run()
    assert not at.exception
    link = at.query_params["whatif"]
    assert parse_scenario(link) == {"gdp": {"Q3": 7.5, "Q4": 8.0}, "retail": {"Q4": 9.0}}
    # the quarter left at its default says so, and what it would now need, by name
    assert "三季度未设定，按原所需增速12.4%计；三季度当季需增长" in texts(at).replace("\\", "")
    assert link == format_scenario(parse_scenario(link), ("gdp", "fai", "retail", "revenue", "income"))
    before = inputs(at)
    # the link, opened in a new session, shows exactly the same scenario
    again = app(period="2023Q2", whatif=link)
    assert inputs(again) == before and again.query_params["whatif"] == link
    # putting a number back on the required pace unsets it; reset clears the rest
    again.number_input(key="whatif_ov_2023Q2_retail_Q4").set_value(12.4).run()
    assert again.query_params["whatif"] == "gdp:Q3=7.5,Q4=8"
    again.button(key="whatif_reset_ov").click().run()
    assert "whatif" not in again.query_params
    assert inputs(again)["whatif_ov_2023Q2_gdp_Q4"] == 14.3


@pytest.mark.parametrize("bad", ["gdp:Q2=7", "old_compounds:Q4=5", "gdp:Q4=abc", "gdp:Q4"])
def test_bad_scenario_in_the_link_falls_back_with_a_notice(app, bad):
    at = app(period="2023Q2", whatif=bad)
    assert not at.exception
    assert md(f"链接参数 whatif={bad} 无效，已使用默认视图。") in [i.value for i in at.info]   # literal text
    assert "whatif" not in at.query_params
    assert inputs(at)["whatif_ov_2023Q2_gdp_Q4"] == 14.3


def test_other_pages_drop_the_scenario_and_year_end_has_none(app):
    at = app(period="2023Q2", page="ranking", whatif="gdp:Q4=8")
    assert not at.exception and "whatif" not in at.query_params
    at = app(period="2023Q4")
    assert not at.exception and not at.number_input and "whatif" not in at.query_params


def test_meeting_mode_slide(app):
    at = app(page="meeting", period="2023Q3", slide="whatif", whatif="gdp:Q4=8")
    assert not at.exception, at.exception
    assert at.query_params["slide"] == "whatif" and at.query_params["whatif"] == "gdp:Q4=8"
    assert "情景测算：2023年四季度增速假设" in texts(at)
    assert inputs(at)["whatif_mt_2023Q3_gdp_Q4"] == 8.0
    assert [json.loads(c.proto.spec)["data"][-1]["name"] for c in at.get("plotly_chart")] == ["情景测算（测算）"]
    at.number_input(key="whatif_mt_2023Q3_revenue_Q4").set_value(15.0).run()
    assert at.query_params["whatif"] == "gdp:Q4=8;revenue:Q4=15"
    assert len(at.get("plotly_chart")) == 2          # a trajectory for each indicator the meeting set


def test_a_plan_year_other_than_2023(monkeypatch, tmp_path):
    """[plans.2024] (the multi-year test's config): the 2024 targets, last year's levels from the 2023 rows."""
    from plantrack.ingest.records import ParsedFile
    from tests.test_multi_year import GDP_2024_TARGET, plan_2024_text, rec
    config = tmp_path / "plan_config.toml"
    config.write_text(plan_2024_text(), encoding="utf-8")
    monkeypatch.setenv("PLANTRACK_CONFIG", str(config))
    db = tmp_path / "multi.duckdb"
    s = Store(db)
    s.import_parsed(ParsedFile("2023.xlsx", "a", 1, "bureau", [rec("gdp", "2023Q2", 385.36, 5.3, 372.6),
                                                             rec("gdp", "2023Q4", 804.28, 6.1, 777.54)]), user="t")
    s.import_parsed(ParsedFile("2024.xlsx", "b", 1, "bureau", [rec("gdp", "2024Q2", 405.0, 5.8, 385.36)]), user="t")
    use_store(monkeypatch, tmp_path, db)
    at = run_app(year="2024", period="2024Q2", whatif="gdp:Q3=6,Q4=7")
    assert not at.exception, at.exception
    [gdp] = [p for p in project_all(get_plan(config), s, "2024Q2", {"gdp": {"Q3": 6.0, "Q4": 7.0}}) if p.id == "gdp"]
    assert gdp.base.target == GDP_2024_TARGET and gdp.reason == "no_quarter_level"   # 2023Q3 level unknown
    assert "缺少上年三季度末累计值，剩余各季度须设定相同增速" in texts(at)
    # one rate for the rest of the year needs no quarter split: 385.36·1.058 + (804.28 − 385.36)·1.065
    at = run_app(year="2024", period="2024Q2", whatif="gdp:Q3=6.5,Q4=6.5")
    expected = (385.36 * 1.058 + (804.28 - 385.36) * 1.065) / 804.28 * 100 - 100
    assert f"全年测算增长{expected:.1f}%".replace(".", "\\.") in texts(at)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_shared_scenario_shows_on_a_phone(app, sample_db, lang):
    """The phone's overview has no inputs, but a shared ?whatif= link must still show its scenario there: each
    indicator it sets with its projected status word (marked 测算), the quarters set, the full year and the gap;
    the indicators it does not set are not listed. Without a scenario, no list."""
    link = "gdp:Q3=7.5,Q4=8;revenue:Q4=12"
    at = app(period="2023Q2", whatif=link, layout="compact", lang=lang)
    assert not at.exception, at.exception
    got = keyed(at).get("statuslist_whatif", "").replace("\\", "")
    projected = {p.id: p for p in project_all(get_plan(), Store(sample_db), "2023Q2", parse_scenario(link))}
    items = got.split("\n- ")
    assert len(items) == 2, got
    for item, iid in zip(items, ("gdp", "revenue")):
        p = projected[iid]
        assert status_of(p, lang).text in item and p.base.indicator.short(lang) in item
        assert f"{p.full_year_growth:.1f}%" in item
    assert ("三季度当季增长7.5%（设定）" if lang == "zh" else "Q3 alone 7.5% (set)") in items[0]
    assert ("测算" if lang == "zh" else "estimate") in got
    assert at.query_params["whatif"] == link
    plain = app(period="2023Q2", layout="compact", lang=lang)
    assert "statuslist_whatif" not in keyed(plain)

"""Meeting mode: every slide renders (AppTest), next/previous move, the slide sequence is built from the plan."""
import pytest

from plantrack.analysis.scorecard import build_scorecard
from plantrack.model.plan import get_plan
from plantrack.present.meeting_slides import RED_ITEMS_PER_SLIDE, build_slides, slide_index
from plantrack.store.database import Store
from tests._view_fixture import load_sample, run_app, texts, use_store


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("meeting") / "sample.duckdb"
    load_sample(db)
    return db


def test_slide_sequence_headline_red_then_areas(sample_db):
    plan = get_plan()
    card = build_scorecard(plan, Store(sample_db), "2023Q2")
    slides = build_slides(card, "zh")
    kinds = [s.kind for s in slides]
    assert kinds[0] == "headline" and kinds[1] == "red"
    assert kinds.index("area") == 1 + sum(1 for k in kinds if k == "red")
    assert [s.area for s in slides if s.kind == "area" and s.page == 1] == [a.id for a in card.plan.areas]
    assert all(len(s.red) <= RED_ITEMS_PER_SLIDE for s in slides if s.kind == "red")
    red_ids = [r.id for s in slides if s.kind == "red" for r in s.red]
    assert set(red_ids) >= {a.id for a in card.all if a.status == "red"}
    assert len(slides[0].headline) == 5
    assert slide_index(slides, area="green") == next(i for i, s in enumerate(slides) if s.area == "green")
    assert slide_index(slides, key="nope") == 0


def test_no_data_is_one_empty_slide():
    assert [s.kind for s in build_slides(None)] == ["empty"]


@pytest.fixture
def app(monkeypatch, tmp_path, sample_db):
    use_store(monkeypatch, tmp_path, sample_db)
    return run_app


def test_every_slide_renders_and_buttons_move(app):
    at = app(page="meeting", period="2023Q2")
    assert not at.exception
    n = len(build_slides(build_scorecard(get_plan(), Store(at.session_state["_ctx"].store.path), "2023Q2")))
    seen = []
    for i in range(n):
        assert at.session_state["meeting_index"] == i
        assert f"第{i + 1}/{n}页" in texts(at)
        # Chinese slide titles use full-width brackets (（1/3）, never " (1/3)")
        titles = [m.value for m in at.markdown if m.value.startswith("# ")]
        assert not [x for x in titles if "(" in x or ")" in x], titles
        seen.append(at.query_params["slide"])
        if i < n - 1:
            at.button(key="meeting_next").click().run()
            assert not at.exception, at.exception
    assert at.button(key="meeting_next").disabled          # last slide
    assert seen[0] == "headline" and seen[1].startswith("red-") and seen[-2].startswith("area-")
    assert seen[-1] == "whatif"                              # 情景测算 last while quarters are to come
    assert len(set(seen)) == n
    at.button(key="meeting_prev").click().run()
    assert at.session_state["meeting_index"] == n - 2
    assert at.query_params["slide"] == seen[-2]


def test_headline_slide_shows_the_five_cards_with_status_text(app):
    at = app(page="meeting", period="2023Q2", lang="en")
    text = texts(at).replace("\\", "")     # markdown escapes
    assert "Yueyanglou" in text or "岳阳楼区" in text
    # each card carries its target's own label: GDP below target, revenue near it
    assert "5.3%" in text and "■ Below target" in text and "▲ Near target" in text


def test_link_opens_an_area_slide(app):
    at = app(page="meeting", period="2023Q2", area="green")
    assert not at.exception
    assert at.query_params["slide"] == "area-green"
    area = get_plan().year(2023).area("green")
    assert f"{area.number}\\. {area.name_zh}" in texts(at)


def test_link_opens_a_slide_by_key(app):
    at = app(page="meeting", period="2023Q2", slide="red-1")
    assert at.session_state["meeting_index"] == 1


def test_headline_slide_cards_and_small_multiples_in_one_language(app):
    import json
    import re
    at = app(page="meeting", period="2023Q2", lang="en")
    assert not at.exception
    title = next(m.value for m in at.markdown if m.value.startswith("# "))
    assert not re.search(r"[\u4e00-\u9fff]", title), f"English slide title mixes languages: {title}"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    panels = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") not in ("footnote", "no_data")]
    assert len(panels) == 5, "one panel per headline target"


def test_area_slide_has_its_table_and_chart(app):
    at = app(page="meeting", period="2023Q2", slide="area-demand")
    assert not at.exception
    body = texts(at)
    assert "| 指标 | 实际 | 目标 | 差距 | 状态 |" in body
    assert at.get("plotly_chart"), "the area's progress chart is on its slide"


def test_presenter_controls_hidden_until_the_presenter_moves():
    from plantrack.ui import meeting_page as m
    assert ".st-key-meeting_controls { position: fixed !important;" in m.CSS and "opacity: 0;" in m.CSS
    assert "body.pt-presenting .st-key-meeting_controls" in m.CSS
    assert 'addEventListener("mousemove"' in m.KEYS_JS and "if (moved) { present(); }" in m.KEYS_JS


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("period", ["2023Q1", "2023Q2", "2023Q3", "2023Q4"])
def test_red_slides_name_each_item_and_its_task_worst_first(app, sample_db, period, lang):
    """红灯事项: one table row per red item in the presentation model's order (grouped by kind, worst first),
    across as many slides as it takes; each names its task ("完善基础设施") and never an internal task number
    ("任务2.2"); a headline target says 主要目标."""
    import re

    from plantrack.present import period_facts
    card = build_scorecard(get_plan(), Store(sample_db), period)
    facts = period_facts(card, lang)
    slides = [s for s in build_slides(card, lang) if s.kind == "red"]
    rows = []
    for s in slides:
        at = app(page="meeting", period=period, lang=lang, slide=s.key)
        assert not at.exception
        table = next(m.value for m in at.markdown if m.value.startswith("| "))
        body = [line.split(" | ") for line in table.splitlines()[2:]]
        assert len(body) == len(s.red)
        rows += body
        assert not re.search(r"任务\s*\d|task \d", table), table
    assert [r[1].replace("\\", "").replace("\u2060", "").strip("*") for r in rows] == [r.name for r in facts.red]
    for row, item in zip(rows, facts.red):
        want = item.task_name or ("主要目标" if lang == "zh" else "Headline target")
        assert row[4].replace("\\", "") == want
        if item.target is not None:
            assert item.target.status.text in row[0].replace("\\", "")

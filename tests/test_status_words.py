"""One status vocabulary on every screen: each status word a page shows — chips, lists, counts, sentences,
table cells, chart legends and labels — is a word of the presentation model (plantrack.present.vocabulary:
达标 / 接近目标 / 低于目标 / 提前完成 / 序时推进 / 进度滞后 / 严重滞后 / … / 完成 / 未完成 / 暂无数据), never the
colour categories 正常 / 预警 / 滞后 that the cards do not use.

A status word is found where it is drawn: after a status icon (● ▲ ■ ○) in any text, as the name of a chart
trace drawn in a status colour, and as a count ("5项严重滞后"). Pages × languages × an in-year and a year-end
period, on the sample data.
"""
from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from plantrack.model.i18n import STATUS_COLOURS, t
from plantrack.present import vocabulary
from tests._view_fixture import REPO, load_sample, use_store

PAGES = ["pages/overview.py", "pages/area_industry.py", "pages/area_demand.py", "pages/area_green.py",
         "pages/area_support.py", "pages/task_force.py"]
SLIDES = ["headline", "red-1", "area-demand", "area-green"]
ICON_WORD = re.compile(r"[●▲■○]\s*(?:\\\s*)?([^\d\s|，。、；：,;:()（）\[\]<>*\\]+(?: [a-z][^\d\s|，。、；：,;:()（）\[\]<>*\\]*)*)")
# Colour categories a screen must not use as status words (the documents' count sentences may)
CATEGORY_WORDS = {lang: {t(f"status.{s}", lang) for s in ("green", "yellow")} for lang in ("zh", "en")}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("words") / "sample.duckdb"
    load_sample(db)
    return db


@pytest.fixture
def app(monkeypatch, tmp_path, sample_db):
    use_store(monkeypatch, tmp_path, sample_db)

    def run(switch_to: str | None, **params) -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if switch_to and switch_to != "pages/overview.py":
            at.switch_page(switch_to).run()
        assert not at.exception, at.exception
        return at
    return run


def shown_strings(at: AppTest) -> tuple[list[str], list[str]]:
    """(texts of every element, names of chart traces drawn in a status colour and shown in a legend)."""
    texts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "warning", "error", "success", "toast"):
        for el in at.get(kind):
            for attr in ("value", "label", "body"):
                v = getattr(el, attr, None)
                if isinstance(v, str):
                    texts.append(v)
    for df in at.dataframe:
        frame = df.value
        frame = getattr(frame, "data", frame)     # a Styler
        texts += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).to_numpy().ravel()]
    legend = []
    colours = {c.lower() for c in STATUS_COLOURS.values()}
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for tr in spec.get("data", []):
            texts += [str(x) for x in (tr.get("text") or []) if isinstance(x, str)] if isinstance(tr.get("text"), list) \
                else ([tr["text"]] if isinstance(tr.get("text"), str) else [])
            marker = tr.get("marker") or {}
            colour = marker.get("color")
            if tr.get("showlegend", True) is not False and isinstance(colour, str) and colour.lower() in colours:
                legend.append(tr.get("name", ""))
        texts += [a.get("text", "") for a in spec.get("layout", {}).get("annotations", [])]
    return texts, legend


def milestone_words(lang: str) -> set[str]:
    """Milestone states share the ○ icon (not started): their words are the model's too."""
    from plantrack.present.facts import MILESTONE_ORDER
    return {t(f"milestone.{s}", lang) for s in MILESTONE_ORDER} | {t("milestone.overdue_not_reported", lang)}


def foreign_words(at: AppTest, lang: str) -> list[str]:
    words = vocabulary(lang) | milestone_words(lang)
    texts, legend = shown_strings(at)
    bad = []
    for s in texts:
        plain = re.sub(r"<[^>]+>", "", s).replace("\u2060", "")
        for m in ICON_WORD.finditer(plain):
            word = m.group(1).strip()
            if word and word not in words:
                bad.append(f"{word!r} in {plain[:90]!r}")
        if lang == "zh":
            bad += [f"count word {w!r} in {plain[:90]!r}" for w in CATEGORY_WORDS["zh"]
                    if re.search(rf"\d+\s*项?{w}|{w}\s*\d", plain)]
    bad += [f"legend {name!r}" for name in legend if name not in words]
    return bad


def test_the_pattern_finds_status_words():
    """The scan itself: it finds icon + word (with markdown escapes and English phrases) and count words."""
    found = [m.group(1) for m in ICON_WORD.finditer("● 序时推进 3 ▲ \\预警 2 ■ Far behind schedule ○ 暂无数据")]
    assert found == ["序时推进", "预警", "Far behind schedule", "暂无数据"]
    assert "预警" not in vocabulary("zh") and "正常" not in vocabulary("zh")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("period", ["2023Q2", "2023Q4"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_use_only_the_model_words(app, page, period, lang):
    at = app(page, lang=lang, period=period)
    assert not foreign_words(at, lang), "\n".join(foreign_words(at, lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("slide", SLIDES)
def test_meeting_slides_use_only_the_model_words(app, slide, lang):
    at = app(None, page="meeting", period="2023Q2", lang=lang, slide=slide)
    assert not foreign_words(at, lang), "\n".join(foreign_words(at, lang))


def test_phone_lists_use_only_the_model_words(app):
    for page in ("pages/overview.py", "pages/area_demand.py"):
        at = app(page, lang="zh", period="2023Q2", layout="compact")
        assert not foreign_words(at, "zh"), "\n".join(foreign_words(at, "zh"))

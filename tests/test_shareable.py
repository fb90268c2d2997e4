"""Shared links: lang, year, period, page and area in the URL open that view; a bad parameter falls back to
the default with a notice and does not stay in the link."""
import pytest

from plantrack.ui.widgets import md
from tests._view_fixture import load_sample, run_app, texts, use_store


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("share") / "sample.duckdb"
    load_sample(db)
    return db


@pytest.fixture
def app(monkeypatch, tmp_path, sample_db):
    use_store(monkeypatch, tmp_path, sample_db)
    return run_app


def test_link_opens_language_year_period_and_page(app):
    at = app(lang="en", year="2023", period="2023Q2", page="ranking")
    assert not at.exception
    assert at.session_state["lang"] == "en" and at.session_state["year"] == 2023
    assert at.session_state["period"] == "2023Q2"
    assert at.title[0].value == "City ranking"
    assert "Gross regional product growth ranks 4th in the city, unchanged on Q1" in texts(at)
    assert dict(at.query_params) == {"lang": "en", "year": "2023", "period": "2023Q2", "page": "ranking"}
    assert not at.info   # no notice for a good link


def test_default_view_is_written_into_the_url(app):
    at = app()
    assert not at.exception
    qp = dict(at.query_params)
    assert (qp["lang"], qp["year"], qp["period"]) == ("zh", "2023", "2023Q4")   # latest period with data
    assert "page" in qp


@pytest.mark.parametrize("name,value", [("period", "2023Q7"), ("period", "2031Q2"), ("year", "1999"),
                                        ("lang", "fr"), ("page", "no_such_page"), ("area", "nowhere")])
def test_bad_parameter_falls_back_with_a_notice(app, name, value):
    at = app(**{name: value}, **({} if name == "page" else {"page": "ranking"}))
    assert not at.exception
    notice = f"链接参数 {name}={value} 无效，已使用默认视图。"
    assert md(notice) in [i.value for i in at.info]   # shown as literal text (the value comes from the link)
    qp = dict(at.query_params)
    assert qp.get(name) != value
    assert (qp["lang"], qp["year"], qp["period"]) == ("zh", "2023", "2023Q4")


def test_bad_period_keeps_the_good_parameters(app):
    at = app(lang="en", period="2023Q9", page="ranking")
    assert at.session_state["lang"] == "en" and at.session_state["period"] == "2023Q4"
    assert md("Link parameter period=2023Q9 is not valid; showing the default view.") in [i.value for i in at.info]
    assert at.title[0].value == "City ranking"

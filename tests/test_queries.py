"""SQL files: run by name, parameters checked against the file, every file runs on an empty store."""
import pytest

from plantrack.store.database import Store
from plantrack.store.queries import QUERIES_DIR, QueryError, load_sql, named_parameters, run_query


def test_named_parameters_ignore_comments_and_strings():
    sql = "-- $not_this\nselect '$nor_this', \"$x\" from t where a = $year and b = $region /* $no */"
    assert named_parameters(sql) == {"year", "region"}


def test_mismatched_parameters_are_refused(tmp_path):
    store = Store(tmp_path / "q.duckdb")
    with store.connect() as con:
        with pytest.raises(QueryError, match="missing \\['region'\\]"):
            run_query(con, "current_values_by_period", year=2023)
        with pytest.raises(QueryError, match="unexpected \\['yeer'\\]"):
            run_query(con, "current_values_by_period", year=2023, region="x", yeer=1)


def test_query_names_cannot_escape_the_folder():
    with pytest.raises(QueryError):
        load_sql("../plan_config")
    with pytest.raises(QueryError):
        load_sql("no_such_query")


SAMPLE_VALUES = {"year": 2023, "region": "岳阳楼区", "home": "岳阳楼区", "indicator": "gdp", "period": "2023Q2", "sha256": "x",
                 "end_month": 6, "limit": 5}


def _body(name: str) -> str:
    return "\n".join(line for line in load_sql(name).splitlines() if not line.strip().startswith("--")).strip()


READ_ONLY = sorted(p.stem for p in QUERIES_DIR.glob("*.sql") if _body(p.stem).startswith(("select", "with")))


def test_every_sql_file_has_a_header_comment():
    for path in QUERIES_DIR.glob("*.sql"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(f"-- {path.stem}"), path.name


@pytest.mark.parametrize("name", READ_ONLY)
def test_every_read_query_runs_on_an_empty_store(tmp_path, name):
    store = Store(tmp_path / "e.duckdb")
    params = {p: SAMPLE_VALUES[p] for p in named_parameters(load_sql(name))}
    with store.connect() as con:
        df = run_query(con, name, **params)
    assert df is not None
    assert len(df.columns) > 0

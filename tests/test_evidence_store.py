"""Evidence and growth_source columns: stored with each observation; a store from the old schema still opens."""
from __future__ import annotations

import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plantrack.ingest.records import Location, ParsedFile, Record
from plantrack.store.database import Store

OLD_OBSERVATIONS = """create table observations (revision integer not null, indicator varchar not null,
    period varchar not null, year integer not null, end_month integer not null, region varchar not null,
    value double, unit varchar not null, growth_pct double, prev_value double, rank integer,
    source_sheet varchar, source_row integer, source_column varchar)"""


def _parsed(sha: str) -> ParsedFile:
    rec = Record("gdp", "2023Q2", 390.2, "亿元", 6.3, 367.0, region="岳阳楼区", location=Location("a.xlsx", "S", 5, "C"),
                 growth_source="derived", evidence=(("unit", "第2行注释"), ("period", "标题"), ("measure", "C列表头")))
    return ParsedFile("a.xlsx", sha, 1, "bureau", records=[rec])


def test_evidence_and_growth_source_are_stored(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.import_parsed(_parsed("x1"), user="t")
    with store.connect() as con:
        row = con.execute("select growth_source, unit_source, period_source, measure_source from observations").fetchone()
    assert row == ("derived", "第2行注释", "标题", "C列表头")
    cur = store.current_values(2023, "岳阳楼区")
    assert cur.growth_source.tolist() == ["derived"]


def test_store_made_by_the_old_schema_opens_and_takes_new_imports(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(OLD_OBSERVATIONS)
    con.execute("insert into observations values (1, 'gdp', '2023Q1', 2023, 3, '岳阳楼区', 180.5, '亿元', 5.8, "
                "null, null, 'S', 4, 'C')")
    con.close()
    store = Store(path)          # upgrades: the new columns are added, the old row keeps its values
    store.import_parsed(_parsed("x2"), user="t")
    with store.connect() as con:
        rows = con.execute("select period, value, growth_source, unit_source from observations order by period").fetchall()
    assert rows == [("2023Q1", 180.5, None, None), ("2023Q2", 390.2, "derived", "第2行注释")]

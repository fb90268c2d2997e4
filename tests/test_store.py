"""The store: revisions, newest-active-wins, nothing overwritten, rollback as an event, dedupe by hash."""
import pytest

from plantrack.ingest.records import Location, MilestoneRecord, ParsedFile, Record
from plantrack.store.database import AlreadyImported, Store, db_path

HOME = "岳阳楼区"


def parsed(name, sha, records=(), milestones=()):
    return ParsedFile(file=name, sha256=sha, size=100, layout="bureau", records=list(records),
                      milestones=list(milestones))


def rec(ind, period, value=None, growth=None, prev=None, region=HOME, unit="亿元"):
    return Record(ind, period, value, unit, growth, prev, region, None, Location("f.xlsx", "S", 3, "C"))


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "t.duckdb")


def current(store, ind, period, year=2023):
    df = store.current_values(year, HOME)
    row = df[(df.indicator == ind) & (df.period == period)]
    return None if row.empty else row.iloc[0]


def test_schema_created_on_first_use_at_env_path(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "env.duckdb"
    monkeypatch.setenv("PLANTRACK_DB", str(path))
    assert db_path() == path
    Store()
    assert path.exists()
    assert Store().history().empty


def test_import_records_a_revision_with_its_metadata(store):
    res = store.import_parsed(parsed("a.xlsx", "aa", [rec("gdp", "2023Q2", 380.5, 6.3)],
                                     [MilestoneRecord("spatial_master_plan", "done", "2023Q2", "2023-06-30", "ok")]),
                              user="alice", content=b"raw bytes")
    assert (res.revision, res.records, res.milestones) == (1, 1, 1)
    h = store.history()
    row = h.iloc[0]
    assert (row.file_name, row.sha256, row.size_bytes, row.user_name, row.record_count, bool(row.active)) == \
        ("a.xlsx", "aa", 100, "alice", 2, True)
    assert store.upload_content("aa") == ("a.xlsx", b"raw bytes")


def test_same_content_twice_is_reported_not_duplicated(store):
    store.import_parsed(parsed("a.xlsx", "same", [rec("gdp", "2023Q2", 1.0, 1.0)]), user="u")
    with pytest.raises(AlreadyImported) as e:
        store.import_parsed(parsed("renamed.xlsx", "same", [rec("gdp", "2023Q2", 1.0, 1.0)]), user="u")
    assert e.value.revision == 1
    assert len(store.history()) == 1


def test_newest_active_revision_wins_and_older_values_stay(store):
    store.import_parsed(parsed("q2.xlsx", "r1", [rec("retail", "2023Q2", 200.0, 7.0, 187.0)]), user="u")
    store.import_parsed(parsed("q2-fix.xlsx", "r2", [rec("retail", "2023Q2", 201.0, 7.5)]), user="u")
    row = current(store, "retail", "2023Q2")
    assert (row.value, row.growth_pct) == (201.0, 7.5)
    # a field the newer table left empty keeps the older value instead of vanishing
    assert row.prev_value == 187.0
    hist = store.value_history("retail", "2023Q2", HOME)
    assert list(hist.revision) == [2, 1]
    assert list(hist.value) == [201.0, 200.0]


def test_rollback_and_restore_are_events_and_values_follow(store):
    store.import_parsed(parsed("a.xlsx", "r1", [rec("gdp", "2023Q2", 380.0, 6.3)]), user="u")
    store.import_parsed(parsed("b.xlsx", "r2", [rec("gdp", "2023Q2", 381.0, 6.4)]), user="u")
    store.set_revision_active(2, False, user="admin", reason="wrong file")
    assert current(store, "gdp", "2023Q2").growth_pct == 6.3
    assert list(store.history().active) == [False, True]
    store.set_revision_active(2, True, user="admin")
    assert current(store, "gdp", "2023Q2").growth_pct == 6.4
    actions = list(store.audit_log().action)
    assert actions[:2] == ["restore", "rollback"]
    with pytest.raises(ValueError, match="already active"):
        store.set_revision_active(2, True, user="admin")
    # rolled-back values are still there, listed as inactive
    assert len(store.value_history("gdp", "2023Q2", HOME)) == 2


def test_rolling_back_everything_leaves_no_current_value(store):
    store.import_parsed(parsed("a.xlsx", "r1", [rec("gdp", "2023Q1", 190.0, 5.9)]), user="u")
    store.set_revision_active(1, False, user="admin")
    assert current(store, "gdp", "2023Q1") is None
    assert store.periods_with_data(2023, HOME) == []


def test_periods_years_and_generation(store):
    g0 = store.generation()
    store.import_parsed(parsed("a.xlsx", "r1", [rec("gdp", "2023Q2", 1.0, 1.0), rec("gdp", "2023M05", 1.0, 1.0),
                                                rec("gdp", "2022Q4", 777.54, 5.7)]), user="u")
    assert store.periods_with_data(2023, HOME) == ["2023M05", "2023Q2"]
    assert store.years_with_data() == [2022, 2023]
    g1 = store.generation()
    assert g1 != g0
    store.set_revision_active(1, False, user="u")
    assert store.generation() != g1


def test_regions_are_kept_apart(store):
    store.import_parsed(parsed("city.xlsx", "r1", [rec("gdp", "2023Q2", 1.0, 6.3),
                                                   rec("gdp", "2023Q2", 2.0, 5.0, region="云溪区")]), user="u")
    assert current(store, "gdp", "2023Q2").growth_pct == 6.3
    assert list(store.current_values(2023, "云溪区").growth_pct) == [5.0]


def test_milestone_status_known_only_from_its_period(store):
    store.import_parsed(parsed("m1.xlsx", "m1", milestones=[
        MilestoneRecord("spatial_master_plan", "in_progress", "2023Q1", None, "drafting")]), user="u")
    store.import_parsed(parsed("m2.xlsx", "m2", milestones=[
        MilestoneRecord("spatial_master_plan", "done", "2023Q3", "2023-09-20", "approved")]), user="u")
    assert store.milestones(2023, 6).status.tolist() == ["in_progress"]
    assert store.milestones(2023, 9).status.tolist() == ["done"]


def test_failed_import_stores_nothing(store, monkeypatch):
    bad = parsed("bad.xlsx", "bad", [rec("gdp", "2023Q2", 1.0, 1.0)])
    import plantrack.store.database as st_mod
    real = st_mod.execute

    def failing(con, name, **params):
        if name == "milestones_insert":
            raise RuntimeError("disk full")
        return real(con, name, **params)

    monkeypatch.setattr(st_mod, "execute", failing)
    with pytest.raises(RuntimeError):
        store.import_parsed(bad, user="u")
    monkeypatch.setattr(st_mod, "execute", real)
    assert store.history().empty
    assert store.current_values(2023, HOME).empty

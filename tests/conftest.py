"""Shared fixtures. Each block is owned by the feature that added it; append, do not rewrite."""
from __future__ import annotations

import pytest

# ── dashboard_store: a small store with exact, hand-checkable values (dashboard tests) ──
# Values sit on the status boundaries of plan_config.toml's [status] (yellow 2 pp below a growth target;
# counts 10 / 30 points behind time progress), so the tests assert exact statuses and gaps.
DASHBOARD_REGION = "岳阳楼区"
DASHBOARD_VALUES_2023 = [
    # indicator, period, value, unit, growth_pct, prev_value
    ("gdp", "2023Q1", 180.5, "亿元", 5.8, 171.0),
    ("gdp", "2023Q2", 390.2, "亿元", 6.3, 367.0),
    ("fai", "2023Q1", None, "亿元", 12.1, None),
    ("fai", "2023Q2", None, "亿元", 10.4, None),
    ("retail", "2023Q2", 198.0, "亿元", 8.0, 183.3),      # gap exactly −2.0 → yellow
    ("revenue", "2023Q2", 8.3, "亿元", 7.99, 7.69),       # gap −2.01 → red
    # income: no data at all → no_data
    ("old_compounds", "2023Q2", 114, "个", None, None),        # 50 % at H1 → gap 0 → green
    ("elevators", "2023Q2", 75.2, "台", None, None),           # 40 % → 10 behind → yellow
    ("funds_secured", "2023Q2", 8.002, "亿元", None, None),     # 40.01 % → 9.99 behind → green
    ("srdi_firms", "2023Q2", 2, "家", None, None),             # 20 % → 30 behind → yellow
    ("urban_renewal_investment", "2023Q2", 2.51874, "亿元", None, None),  # 19.99 % → 30.01 behind → red
    ("urban_unemployment_pct", "2023Q2", 4.6, "%", None, None),          # ≤ 5 → green, gap 0.4
    ("medical_insurance_pct", "2023Q2", 94.2, "%", None, None),          # < 95 → red, gap −0.8
    ("yangtze_water_quality_pct", "2023Q2", 100, "%", None, None),       # = 100 → green, gap 0
    ("new_market_entities", "2023Q2", 3520, "户", None, None),           # tracked, no target
]
DASHBOARD_VALUES_2022 = [("gdp", "2022Q4", 800.0, "亿元", 4.5, None)]
DASHBOARD_MILESTONES = [
    # milestone, status, period, date, note
    ("sealing_park_approval", "done", "2023Q2", "2023-05-20", "已获省科工委批复"),
    ("spatial_master_plan", "delayed", "2023Q2", "2023-06-30", "报批材料待补充"),
]


def build_dashboard_store(path):
    from plantrack.ingest.records import MilestoneRecord, ParsedFile, Record
    from plantrack.store.database import Store

    def records(rows):
        return [Record(i, p, v, u, g, pv, region=DASHBOARD_REGION) for i, p, v, u, g, pv in rows]

    store = Store(path)
    store.import_parsed(ParsedFile("dash_2022.xlsx", "dash2022", 1, "template",
                                   records=records(DASHBOARD_VALUES_2022)), user="fixture")
    store.import_parsed(ParsedFile("dash_2023.xlsx", "dash2023", 1, "template",
                                   records=records(DASHBOARD_VALUES_2023),
                                   milestones=[MilestoneRecord(m, s, p, d, n) for m, s, p, d, n in DASHBOARD_MILESTONES]),
                        user="fixture")
    return store


@pytest.fixture
def dashboard_store(tmp_path, monkeypatch):
    """A Store in tmp_path with DASHBOARD_VALUES_*; PLANTRACK_DB / PLANTRACK_ACCOUNTS point there too."""
    db = tmp_path / "dashboard.duckdb"
    monkeypatch.setenv("PLANTRACK_DB", str(db))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))
    return build_dashboard_store(db)


@pytest.fixture
def empty_dashboard_store(tmp_path, monkeypatch):
    """An empty Store in tmp_path (no data for any period), with the environment pointing at it."""
    from plantrack.store.database import Store
    db = tmp_path / "empty.duckdb"
    monkeypatch.setenv("PLANTRACK_DB", str(db))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))
    return Store(db)


# ── one cache per test run (tests/_run_cache.py): the sample store imported once, copied per test ──
def pytest_configure(config):
    from tests._run_cache import start
    start(config)


def pytest_unconfigure(config):
    from tests._run_cache import finish
    finish(config)


# ── pytest-xdist groups (`make test`: -n 3 --dist loadgroup) ──
@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Tests that share a module-scoped fixture run in one worker, so the fixture is built once — by default
    xdist hands tests out one at a time, a module's tests land on every worker in turn and each rebuilds
    (and, with a parametrized module fixture, tears down and rebuilds) it. The group is the module plus the
    values of its module-scoped parameters (test_present: one group per quarter), so a module still spreads over
    the workers. Tests without such a fixture stay ungrouped and go to whichever worker is free; xdist
    dispatches the largest groups first."""
    for item in items:
        group = _module_fixture_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
    result = yield
    if getattr(config.option, "loadgroup", False):   # set in xdist workers under --dist loadgroup
        for item in items:
            _suffix_group(item)
    return result


def _module_fixture_group(item) -> str | None:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    shared = {name for name, chain in info.name2fixturedefs.items()
              if any(d.scope in ("module", "package", "class") for d in chain)}
    if not shared:
        return None
    callspec = getattr(item, "callspec", None)
    params = sorted((k, str(v)) for k, v in (callspec.params.items() if callspec else ()) if k in shared)
    module = item.nodeid.split("::", 1)[0]
    # no "[", "]" or "@" in a group name: xdist finds the group after the last "@" behind the last "]"
    name = module + "".join(f":{k}={v}" for k, v in params)
    return name.replace("[", "(").replace("]", ")").replace("@", "_")


def _suffix_group(item) -> None:
    """xdist 3.8 marks a grouped test by appending "@group" to `item._nodeid`; pytest 9 keeps the id in
    `item._id`, so that assignment is lost and --dist loadgroup silently grouped nothing. Append it here
    (after xdist's own hook, and only when xdist's did not take)."""
    names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                    for m in item.iter_markers("xdist_group")})
    if not names:
        return
    suffix = "@" + "_".join(names)
    if item.nodeid.endswith(suffix):
        return
    from _pytest.nodeid import NodeId
    item._id = NodeId.parse(item.nodeid + suffix)

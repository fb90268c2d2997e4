"""plantrack.model.plan: the strict loader and the real 2023 plan.

Bad configs live one per failure in tests/data/config/ (each is minimal_valid.toml with one mistake); the
message must name the exact TOML key, because that is what the person editing plan_config.toml needs.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from plantrack.model.plan import DEFAULT_CONFIG, PlanConfigError, get_plan, load_plan, normalise_name

CONFIG_DIR = Path(__file__).parent / "data" / "config"

# file stem → (exact key path named in the message, words the message must contain)
BAD_CONFIGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unknown_key_top": ("theme", ("unknown key", "allowed: app, import, indicators, plans, reporting, status")),
    "unknown_key_indicator": ("indicators.gdp.colour", ("unknown key",)),
    "unknown_key_task": ("plans.2023.tasks[0].lead", ("unknown key", "lead_unit")),
    "unknown_key_subtarget": ("plans.2023.subtargets[1].targt", ("unknown key", "target")),
    "missing_required": ("indicators.new_urban_jobs.unit", ("missing required field",)),
    "missing_target": ("plans.2023.subtargets[0].target", ("missing required field",)),
    "duplicate_task_id": ("plans.2023.tasks[1].id", ("duplicate id 'talent_employment'",)),
    "duplicate_milestone_id": ("plans.2023.milestones[1].id", ("duplicate id 'luowang_health_centre'",)),
    "duplicate_subtarget_indicator": ("plans.2023.subtargets[1].indicator",
                                      ("duplicate id 'new_urban_jobs'", "already in subtargets")),
    "target_string": ("plans.2023.subtargets[0].target", ("expected a number", "found a string '10'", "without quotes")),
    "target_bool": ("plans.2023.headline[0].target", ("expected a number", "boolean")),
    "unknown_indicator": ("plans.2023.subtargets[0].indicator", ("unknown indicator 'new_jobs'",)),
    "unknown_task": ("plans.2023.subtargets[1].task",
                     ("unknown task 'employment'", "tasks: public_services, talent_employment")),
    "unknown_milestone_task": ("plans.2023.milestones[0].task", ("unknown task 'public_service'",)),
    "unknown_area": ("plans.2023.tasks[1].area", ("unknown area 'supports'", "areas: support")),
    "wrong_direction": ("indicators.urban_unemployment_pct.direction",
                        ("a ceiling target has direction 'down'", "found 'up'")),
    "bad_kind": ("indicators.new_urban_jobs.kind", ("expected one of growth, cumulative, ceiling, level", "'count'")),
    "headline_not_growth": ("plans.2023.headline[0].indicator", ("growth", "new_urban_jobs is cumulative")),
    "duplicate_alias": ("indicators.new_urban_jobs.aliases",
                        ("alias '生产总值(亿元)'", "already used by indicators.gdp")),
    "plan_key_not_year": ("plans.y2023", ("four-digit years",)),
    "negative_threshold": ("status.count_yellow_behind_pp", ("must not be negative",)),
    "list_item_type": ("plans.2023.tasks[0].responsible_units[1]", ("expected a string", "found an integer 3")),
    "empty_name": ("indicators.new_urban_jobs.name_en", ("must not be empty",)),
    "reporting_unknown_key": ("reporting.deadlines", ("unknown key", "deadline_days, lead_unit_items, non_working_days")),
    "reporting_bad_day_kind": ("reporting.resubmit_day_kind", ('expected "working" or "calendar"', "'workday'")),
    "reporting_bad_holiday": ("reporting.non_working_days[0]", ("expected a date", "'2023-10-02'")),
    "reporting_unknown_unit": ('reporting.units."区统计所"', ("unknown unit", "headline = true or indicators")),
    "reporting_unknown_indicator": ('reporting.units."区统计局".indicators[1]', ("unknown indicator 'gpd'",)),
    "reporting_bad_item": ("reporting.lead_unit_items[1]",
                           ("expected one of subtargets, tracked, milestones", "'ledger'")),
    "reporting_negative_days": ("reporting.deadline_days", ("expected 0 to 366", "-3")),
    "reporting_unit_unknown_key": ('reporting.units."区发改局".deadline', ("unknown key", "deadline_days")),
    "reporting_missing_deadline": ("reporting.deadline_days", ("missing required field",)),
}


def test_minimal_valid_config_loads():
    plan = load_plan(CONFIG_DIR / "minimal_valid.toml")
    y = plan.year(2023)
    assert [(t.id, t.target) for t in y.headline] == [("gdp", 10.0)]
    assert [(t.id, t.task, t.target, t.kind) for t in y.subtargets] == [
        ("new_urban_jobs", "talent_employment", 8200.0, "cumulative"),
        ("urban_unemployment_pct", "talent_employment", 5.0, "ceiling"),
    ]
    assert [m.id for m in y.milestones] == ["luowang_health_centre", "second_hospital_upgrade"]
    assert str(y.milestones[0].due) == "2023-12-31" and y.milestones[1].due is None
    # defaults fill what the minimal file leaves out
    assert plan.app.default_language == "zh"
    assert plan.import_.max_file_mb == 50
    assert plan.status.level_yellow_band_pp == 0.0


@pytest.mark.parametrize("stem", sorted(BAD_CONFIGS))
def test_bad_config_names_the_key(stem):
    key, words = BAD_CONFIGS[stem]
    with pytest.raises(PlanConfigError) as exc:
        load_plan(CONFIG_DIR / f"{stem}.toml")
    msg = str(exc.value)
    # the key exactly, delimited, so "plans.2023.tasks[1].id" is not satisfied by "...tasks[1].idx"
    assert f"plan_config: {key}: " in msg, msg
    for w in words:
        assert w in msg, msg


def test_invalid_toml_names_file_and_line():
    with pytest.raises(PlanConfigError) as exc:
        load_plan(CONFIG_DIR / "invalid_toml.toml")
    msg = str(exc.value)
    assert "invalid_toml.toml is not valid TOML" in msg
    assert "line 20" in msg


def test_missing_file():
    with pytest.raises(PlanConfigError, match="file not found"):
        load_plan(CONFIG_DIR / "no_such_file.toml")


def test_every_config_fixture_is_exercised():
    """A bad file nobody asserts on is a test that silently stopped testing."""
    stems = {p.stem for p in CONFIG_DIR.glob("*.toml")}
    assert stems == set(BAD_CONFIGS) | {"minimal_valid", "invalid_toml"}


def test_each_bad_config_differs_from_minimal_valid():
    """Guard the fixtures themselves: every bad file must still be minimal_valid plus a small change."""
    import difflib

    base = (CONFIG_DIR / "minimal_valid.toml").read_text(encoding="utf-8").splitlines()
    for stem in [*BAD_CONFIGS, "invalid_toml"]:
        text = (CONFIG_DIR / f"{stem}.toml").read_text(encoding="utf-8").splitlines()
        changed = [ln for ln in difflib.unified_diff(base, text, lineterm="", n=0)
                   if ln[:1] in "+-" and ln[1:].strip() and not ln.startswith(("+++", "---", "+#", "-#"))]
        assert 1 <= len(changed) <= 20, (stem, changed)


# ─────────────────────────── the real plan_config.toml ───────────────────────────

@pytest.fixture(scope="module")
def plan():
    # Always the committed file, whatever PLANTRACK_CONFIG says.
    return load_plan(DEFAULT_CONFIG)


@pytest.fixture(scope="module")
def y2023(plan):
    return plan.year(2023)


def test_headline_targets(y2023):
    assert [(t.id, t.target, t.kind, t.unit) for t in y2023.headline] == [
        ("gdp", 10.0, "growth", "亿元"),
        ("fai", 10.0, "growth", "亿元"),
        ("retail", 10.0, "growth", "亿元"),
        ("revenue", 10.0, "growth", "亿元"),
        ("income", 8.5, "growth", "元"),
    ]
    assert all(t.is_headline and t.task is None for t in y2023.headline)


def test_price_basis(plan):
    # GDP growth is published at comparable prices; the others are nominal.
    assert {i: plan.indicator(i).price_basis for i in ("gdp", "fai", "retail", "revenue", "income")} == {
        "gdp": "real", "fai": "nominal", "retail": "nominal", "revenue": "nominal", "income": "nominal"}


def test_areas(y2023):
    assert [(a.number, a.id) for a in y2023.areas] == [
        (1, "industry"), (2, "demand"), (3, "enterprises"), (4, "green"), (5, "support")]


# number → (task id, area, lead unit), read off PLAN_REFERENCE.md
TASKS = {
    "1.1": ("innovation", "industry", "区科技工信局"),
    "1.2": ("services", "industry", "区商务粮食局"),
    "1.3": ("culture_tourism", "industry", "区文旅广体局"),
    "2.1": ("projects", "demand", "区发改局"),
    "2.2": ("infrastructure", "demand", "区住建局"),
    "2.3": ("consumption", "demand", "区商务粮食局"),
    "2.4": ("private_investment", "demand", "区金融办"),
    "2.5": ("fiscal_sources", "demand", "区财政局"),
    "3.1": ("leading_firms", "enterprises", "区金融办"),
    "3.2": ("investment_promotion", "enterprises", "区商务粮食局"),
    "3.3": ("market_entities", "enterprises", "区市场监管局"),
    "4.1": ("yangtze_demo_zone", "green", "区水利局"),
    "4.2": ("pollution_control", "green", "区生态环境分局"),
    "4.3": ("green_transition", "green", "区发改局"),
    "5.1": ("talent_employment", "support", "区委组织部"),
    "5.2": ("public_services", "support", "区发改局"),
    "5.3": ("natural_resources", "support", "区自然资源局"),
}


def test_tasks_numbers_areas_and_lead_units(y2023):
    assert len(y2023.tasks) == 17
    assert {t.number: (t.id, t.area, t.lead_unit) for t in y2023.tasks} == TASKS
    # in plan order
    assert [t.number for t in y2023.tasks] == list(TASKS)
    assert [t.id for t in y2023.tasks_of("support")] == ["talent_employment", "public_services", "natural_resources"]


def test_responsible_units_are_task_force_members(y2023):
    members = set(y2023.task_force.members)
    extra = {"区民政局"}  # named as responsible in 3.3 but not a member of the task force
    for t in y2023.tasks:
        assert t.responsible_units, t.id
        assert set(map(y2023.canonical_unit, t.responsible_units)) <= members | extra, t.id
        assert y2023.canonical_unit(t.lead_unit) in members, t.id


# indicator → (task, target, kind, unit): every quantitative sub-target of the 2023 plan
SUBTARGETS = {
    "srdi_firms": ("innovation", 10, "cumulative", "家"),
    "digital_firms": ("services", 5, "cumulative", "家"),
    "logistics_firms": ("services", 5, "cumulative", "家"),
    "provincial_projects": ("projects", 2, "cumulative", "个"),
    "municipal_projects": ("projects", 8, "cumulative", "个"),
    "funds_secured": ("projects", 20, "cumulative", "亿元"),
    "urban_renewal_investment": ("infrastructure", 12.6, "cumulative", "亿元"),
    "old_compounds": ("infrastructure", 228, "cumulative", "个"),
    "elevators": ("infrastructure", 188, "cumulative", "台"),
    "sponge_city_projects": ("infrastructure", 14, "cumulative", "个"),
    "shantytown_projects": ("infrastructure", 4, "cumulative", "个"),
    "shantytown_area": ("infrastructure", 40773, "cumulative", "平方米"),
    "public_rental_projects": ("infrastructure", 2, "cumulative", "个"),
    "sewer_mains_km": ("infrastructure", 5, "cumulative", "公里"),
    "drainage_ha": ("infrastructure", 60, "cumulative", "公顷"),
    "back_streets": ("infrastructure", 20, "cumulative", "条"),
    "back_streets_investment": ("infrastructure", 2, "cumulative", "亿元"),
    "branch_roads": ("infrastructure", 7, "cumulative", "条"),
    "consumption_events": ("consumption", 12, "cumulative", "个月"),
    "towers_100m": ("fiscal_sources", 5, "cumulative", "栋"),
    "towers_50m": ("fiscal_sources", 6, "cumulative", "栋"),
    "towers_10m": ("fiscal_sources", 21, "cumulative", "栋"),
    "afforestation_mu": ("yangtze_demo_zone", 1200, "cumulative", "亩"),
    "yangtze_water_quality_pct": ("pollution_control", 100, "level", "%"),
    "chemical_firms_relocated": ("green_transition", 4, "cumulative", "家"),
    "new_urban_jobs": ("talent_employment", 8200, "cumulative", "人"),
    "urban_unemployment_pct": ("talent_employment", 5, "ceiling", "%"),
    "school_upgrades": ("public_services", 12, "cumulative", "所"),
    "school_investment": ("public_services", 9800, "cumulative", "万元"),
    "medical_insurance_pct": ("public_services", 95, "level", "%"),
}


def test_subtargets_exact(y2023):
    assert {t.id: (t.task, t.target, t.kind, t.unit) for t in y2023.subtargets} == SUBTARGETS
    assert [t.id for t in y2023.subtargets] == list(SUBTARGETS)  # plan order


def test_named_subtargets(y2023):
    assert y2023.target("old_compounds").target == 228
    assert y2023.target("new_urban_jobs").target == 8200
    unemployment = y2023.target("urban_unemployment_pct")
    assert (unemployment.kind, unemployment.indicator.direction, unemployment.target) == ("ceiling", "down", 5)
    water = y2023.target("yangtze_water_quality_pct")
    assert (water.kind, water.indicator.direction, water.target) == ("level", "up", 100)
    insurance = y2023.target("medical_insurance_pct")
    assert (insurance.kind, insurance.target) == ("level", 95)


def test_targets_and_lookups(y2023):
    assert [t.id for t in y2023.targets[:5]] == ["gdp", "fai", "retail", "revenue", "income"]
    assert len(y2023.targets) == 5 + 30
    assert y2023.area_of_indicator("old_compounds") == "demand"
    assert y2023.area_of_indicator("gdp") is None
    assert [t.id for t in y2023.targets_of_task("talent_employment")] == ["new_urban_jobs", "urban_unemployment_pct"]
    assert [t.id for t in y2023.targets_of_task("market_entities")] == ["new_market_entities", "individual_to_enterprise"]
    assert y2023.targets_of_task("market_entities", include_tracked=False) == ()
    assert [t.id for t in y2023.targets_of_area("green", include_tracked=False)] == [
        "afforestation_mu", "yangtze_water_quality_pct", "chemical_firms_relocated"]
    with pytest.raises(KeyError):
        y2023.target("no_such_indicator")


def test_tracked_have_no_target(y2023):
    assert {t.id: t.task for t in y2023.tracked} == {
        "projects_promoted": "private_investment", "listed_firms": "leading_firms",
        "listing_reserve_firms": "leading_firms", "investment_projects_signed": "investment_promotion",
        "new_market_entities": "market_entities", "individual_to_enterprise": "market_entities"}
    assert all(t.target is None for t in y2023.tracked)


def test_milestones(y2023):
    ids = [m.id for m in y2023.milestones]
    assert len(ids) == len(set(ids))
    assert [m.id for m in y2023.milestones_of_task("natural_resources")][0] == "spatial_master_plan"
    assert y2023.milestones_of_task("natural_resources")[0].due.isoformat() == "2023-12-31"
    assert {m.id for m in y2023.milestones_of_task("public_services")} >= {"luowang_health_centre",
                                                                          "second_hospital_upgrade"}
    assert len(y2023.milestones_of_task("projects")) == 9  # the nine key projects named in 2.1


def test_task_force(y2023):
    tf = y2023.task_force
    assert tf.office == "区发改局"
    assert tf.convener_zh == "区委常委、常务副区长"
    assert tf.deputy_conveners_zh == ("区政府办副主任", "区发改局局长")
    assert len(tf.members) == 18
    assert y2023.canonical_unit("区市场监督管理局") == "区市场监管局"
    assert y2023.canonical_unit("区住建局(区交通局)") == "区住建局"
    assert y2023.canonical_unit("区财政局") == "区财政局"


def test_plan_metadata(plan, y2023):
    assert plan.latest_year == 2023
    assert y2023.published.isoformat() == "2023-09-26"
    assert y2023.district_zh == "岳阳市岳阳楼区"
    assert plan.app.home_district == "岳阳楼区"
    assert (plan.status.growth_yellow_below_pp, plan.status.count_yellow_behind_pp) == (2.0, 10.0)
    with pytest.raises(KeyError, match="no plan for year 2030"):
        plan.year(2030)


def test_objects_are_frozen(plan, y2023):
    for obj, attr, value in [
        (plan, "path", None),
        (y2023, "year", 2024),
        (y2023.headline[0], "target", 5.0),
        (y2023.headline[0].indicator, "unit", "万元"),
        (y2023.areas[0], "id", "x"),
        (y2023.tasks[0], "lead_unit", "x"),
        (y2023.milestones[0], "due", None),
        (y2023.task_force, "office", "x"),
        (plan.status, "count_yellow_behind_pp", 0.0),
        (plan.app, "home_district", "x"),
    ]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, attr, value)
    # collections are tuples, so they cannot be appended to either
    assert isinstance(y2023.subtargets, tuple) and isinstance(y2023.tasks[0].responsible_units, tuple)
    assert isinstance(plan.indicator("gdp").aliases, tuple)


def _lookup(plan, name):
    return plan.alias_index().get(normalise_name(name).lower())


@pytest.mark.parametrize("name, expected", [
    ("其中:地方收入", "revenue"),
    ("其中：地方收入", "revenue"),             # full-width colon
    ("一般公共预算地方收入", "revenue"),
    ("一般公共预算收入", None),                 # the total, not the local revenue: must never match
    ("社会消费品零售总额(亿元)", "retail"),
    ("社会消费品零售总额（亿元）", "retail"),    # full-width brackets
    ("  社会消费品零售总额 ", "retail"),
    ("一、地区生产总值", "gdp"),
    ("gdp", "gdp"),
    ("全区GDP", "gdp"),
    ("# 固定资产投资(不含农户)", "fai"),
    ("城镇常住居民人均可支配收入(元)", "income"),
    ("引进孵化电商企业，MCN机构，科创型企业", "digital_firms"),  # full-width commas
    ("城镇调查失业率(%)", "urban_unemployment_pct"),
    ("老旧小区改造(个)", "old_compounds"),
    ("工业增加值", None),
])
def test_alias_index(plan, name, expected):
    assert _lookup(plan, name) == expected


def test_alias_index_is_unambiguous(plan):
    # every alias of every indicator resolves to that indicator (the loader rejects shared aliases)
    for ind in plan.indicators.values():
        for a in (ind.name_zh, *ind.aliases):
            assert _lookup(plan, a) == ind.id, (ind.id, a)


@pytest.mark.parametrize("raw, expected", [
    ("其中:地方收入", "地方收入"),
    ("(1)固定资产投资", "固定资产投资"),
    ("①社零额", "社零额"),
    ("社会消费品零售总额(亿元)(%)", "社会消费品零售总额"),
    ("一般公共预算收入", "一般公共预算收入"),
    ("其中", "其中"),  # a marker alone is kept, not emptied
])
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


def test_get_plan_is_cached(tmp_path):
    cfg = tmp_path / "plan_config.toml"
    cfg.write_text((CONFIG_DIR / "minimal_valid.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert get_plan(cfg) is get_plan(cfg)

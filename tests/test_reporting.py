"""报送情况: who owes what (from the plan and [reporting]), and deadlines judged from the store's revisions —
on time, late, missing (overdue or not yet), a unit with no tasks, rollbacks, corrections, the CLI."""
import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from plantrack.analysis.submissions import ReportingError, build_reporting, due_date, expected_items, period_end
from plantrack.ingest.records import MilestoneRecord, ParsedFile, Record
from plantrack.model.periods import parse_key
from plantrack.model.plan import get_plan, load_plan
from plantrack.store.database import Store
from tests._view_fixture import REPO

PLAN = get_plan()
Y2023 = PLAN.year(2023)
HOME = "岳阳楼区"
Q2 = parse_key("2023Q2")


def imported(store, revision, when: str) -> None:
    """Pin a revision's import time (the store stamps now(); deadlines need known dates)."""
    with store.connect() as con:
        con.execute("update revisions set imported_at = ?::timestamp where revision = ?", [when, revision])


def values(store, name, period, *indicators, user="t"):
    recs = [Record(i, period, 1.0, PLAN.indicator(i).unit, 5.0 if PLAN.indicator(i).kind == "growth" else None,
                   None, HOME) for i in indicators]
    return store.import_parsed(ParsedFile(name, name, 1, "template", recs), user=user).revision


def milestones(store, name, period, *ids, user="t"):
    recs = [MilestoneRecord(m, "in_progress", period) for m in ids]
    return store.import_parsed(ParsedFile(name, name, 1, "ledger", [], milestones=recs), user=user).revision


def unit(status, name):
    return next(u for u in status.units if u.unit == name)


def item(u, item_id):
    return next(i for i in u.items if i.item.id == item_id)


# ── who owes what ──

def test_lead_units_owe_their_tasks_items_and_the_bureau_the_headline():
    owed = expected_items(PLAN, Y2023)
    roles, items = owed["区委组织部"]
    assert roles == ("lead_unit",)
    assert [(i.kind, i.id, i.task) for i in items] == [
        ("indicator", "new_urban_jobs", "5.1"), ("indicator", "urban_unemployment_pct", "5.1"),
        *[("milestone", m.id, "5.1") for m in Y2023.milestones_of_task("talent_employment")]]
    roles, items = owed["区统计局"]
    assert roles == ("source",) and [i.id for i in items] == ["gdp", "fai", "retail", "revenue", "income"]
    # every lead unit and nothing else: units leading no task owe nothing (区人社局 is a responsible unit only)
    assert set(owed) == set(Y2023.lead_units) | {"区统计局"}
    assert "区人社局" not in owed and "区教育局" not in owed
    # every sub-target, tracked indicator and milestone of the plan is owed by exactly one lead unit
    lead_items = [i.id for u, (r, its) in owed.items() if u != "区统计局" for i in its]
    assert sorted(lead_items) == sorted([t.id for t in Y2023.subtargets + Y2023.tracked] +
                                        [m.id for m in Y2023.milestones])


def config_with(tmp_path, extra: str):
    path = tmp_path / "plan_config.toml"
    text = (REPO / "plan_config.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("[reporting.units.\"区统计局\"]", extra + "\n\n[reporting.units.\"区统计局\"]"),
                    encoding="utf-8")
    return load_plan(path)


def test_a_unit_with_no_tasks(tmp_path):
    # a member leading no task, given only a deadline, still owes nothing and is never chased
    plan = config_with(tmp_path, '[reporting.units."区人社局"]\ndeadline_days = 5')
    assert "区人社局" not in expected_items(plan, plan.year(2023))
    # the same unit made a data source owes its indicators, by its own deadline
    plan = config_with(tmp_path, '[reporting.units."区人社局"]\ndeadline_days = 5\nindicators = ["new_urban_jobs"]')
    roles, items = expected_items(plan, plan.year(2023))["区人社局"]
    assert roles == ("source",) and [i.id for i in items] == ["new_urban_jobs"]
    assert due_date(plan.reporting, "区人社局", Q2) == dt.date(2023, 7, 5)
    # a lead unit told to report milestones only
    plan = config_with(tmp_path, '[reporting.units."区委组织部"]\nitems = ["milestones"]')
    _, items = expected_items(plan, plan.year(2023))["区委组织部"]
    assert {i.kind for i in items} == {"milestone"}


def test_deadlines_from_the_config():
    assert period_end(Q2) == dt.date(2023, 6, 30) and period_end(parse_key("2023Q4")) == dt.date(2023, 12, 31)
    assert due_date(PLAN.reporting, "区发改局", Q2) == dt.date(2023, 7, 10)
    assert due_date(PLAN.reporting, "区统计局", Q2) == dt.date(2023, 7, 20)      # its own 20 days


# ── deadlines against the store ──

@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "r.duckdb")


def test_on_time_late_and_missing(store):
    # the bureau: gdp and retail on the deadline day (on time), revenue a day after (late), fai and income missing
    r1 = values(store, "bureau_h1.xlsx", "2023Q2", "gdp", "retail", user="统计员")
    imported(store, r1, "2023-07-20 23:59:00")
    r2 = values(store, "bureau_rev.xlsx", "2023Q2", "revenue")
    imported(store, r2, "2023-07-21 08:00:00")
    # 区委组织部: both values on time, one milestone late, one milestone reported only for another quarter
    ms = [m.id for m in Y2023.milestones_of_task("talent_employment")]
    r3 = values(store, "ledger_h1.xlsx", "2023Q2", "new_urban_jobs", "urban_unemployment_pct", user="组织部")
    imported(store, r3, "2023-07-03 10:00:00")
    r4 = milestones(store, "ms_h1.xlsx", "2023Q2", ms[0])
    imported(store, r4, "2023-07-12 10:00:00")
    r5 = milestones(store, "ms_q1.xlsx", "2023Q1", ms[1])
    imported(store, r5, "2023-04-02 10:00:00")

    s = build_reporting(PLAN, store, "2023Q2", as_of=dt.date(2023, 7, 25))
    bureau = unit(s, "区统计局")
    assert [(i.item.id, i.status, i.days_late) for i in bureau.items] == [
        ("gdp", "received", None), ("fai", "missing", 5), ("retail", "received", None),
        ("revenue", "late", 1), ("income", "missing", 5)]
    gdp = item(bureau, "gdp")
    assert (gdp.revision, gdp.received_by, gdp.file_name, str(gdp.received_at)) == \
        (r1, "统计员", "bureau_h1.xlsx", "2023-07-20 23:59:00")
    org = unit(s, "区委组织部")
    assert [(i.item.id, i.status, i.days_late) for i in org.items] == [
        ("new_urban_jobs", "received", None), ("urban_unemployment_pct", "received", None),
        (ms[0], "late", 2), (ms[1], "missing", 15)]
    assert (org.due, org.count("received"), org.count("late"), org.count("missing"), org.days_overdue) == \
        (dt.date(2023, 7, 10), 2, 1, 1, 15)

    # before the deadline nothing missing is overdue yet
    early = build_reporting(PLAN, store, "2023Q2", as_of=dt.date(2023, 7, 8))
    assert [(i.status, i.overdue) for i in unit(early, "区委组织部").missing] == [("missing", False)] * 2
    assert item(unit(early, "区统计局"), "fai").days_late == 0


def test_rollback_and_correction(store):
    r1 = values(store, "wrong.xlsx", "2023Q2", "gdp")
    imported(store, r1, "2023-07-05 09:00:00")
    store.set_revision_active(r1, False, user="t", reason="wrong table")
    s = build_reporting(PLAN, store, "2023Q2", as_of=dt.date(2023, 7, 30))
    assert item(unit(s, "区统计局"), "gdp").status == "missing"       # a rolled-back delivery does not count
    r2 = values(store, "right.xlsx", "2023Q2", "gdp")
    imported(store, r2, "2023-07-22 09:00:00")
    r3 = values(store, "corrected.xlsx", "2023Q2", "gdp")
    gdp = item(unit(build_reporting(PLAN, store, "2023Q2", as_of=dt.date(2023, 7, 30)), "区统计局"), "gdp")
    assert (gdp.status, gdp.revision, gdp.days_late, gdp.latest_revision) == ("late", r2, 2, r3)
    store.set_revision_active(r1, True, user="t")                      # restored: it was on time after all
    gdp = item(unit(build_reporting(PLAN, store, "2023Q2", as_of=dt.date(2023, 7, 30)), "区统计局"), "gdp")
    assert (gdp.status, gdp.revision) == ("received", r1)


def test_other_regions_do_not_count(store):
    rec = Record("gdp", "2023Q2", 1.0, "亿元", 5.0, None, "云溪区")
    store.import_parsed(ParsedFile("city.xlsx", "c", 1, "city_ranking", [rec]), user="t")
    s = build_reporting(PLAN, store, "2023Q2", as_of=dt.date(2023, 7, 30))
    assert item(unit(s, "区统计局"), "gdp").status == "missing"


def test_units_worst_first(store):
    # everyone missing everything, except: 区统计局 complete, 区委组织部 missing only two milestones
    imported(store, values(store, "b.xlsx", "2023Q2", "gdp", "fai", "retail", "revenue", "income"), "2023-07-01")
    imported(store, values(store, "o.xlsx", "2023Q2", "new_urban_jobs", "urban_unemployment_pct"), "2023-07-01")
    s = build_reporting(PLAN, store, "2023Q2", as_of=dt.date(2023, 7, 30))
    missing = [len(u.missing) for u in s.units]
    assert missing == sorted(missing, reverse=True)
    assert s.units[-1].unit == "区统计局" and s.units[-2].unit == "区委组织部"
    assert [u.unit for u in s.not_reported] == [u.unit for u in s.units[:-1]]
    assert s.not_reported[0].unit == "区发改局"          # 21 items owed, none delivered
    totals = s.totals()
    assert (totals["units"], totals["complete"], totals["complete_on_time"], totals["received"]) == \
        (len(s.units), 1, 1, 7)


def test_refusals(tmp_path, store):
    with pytest.raises(ReportingError, match="quarterly"):
        build_reporting(PLAN, store, "2023M05")
    minimal = load_plan(REPO / "tests" / "data" / "config" / "minimal_valid.toml")
    with pytest.raises(ReportingError, match=r"no \[reporting\] section"):
        build_reporting(minimal, store, "2023Q2")


# ── the CLI ──

def cli(db, *args, config=None):
    env = {**os.environ, "PLANTRACK_DB": str(db)}
    if config:
        env["PLANTRACK_CONFIG"] = str(config)
    return subprocess.run([sys.executable, "-m", "plantrack", "reporting", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_cli_json_and_text(store):
    imported(store, values(store, "b.xlsx", "2023Q2", "gdp"), "2023-07-15 10:00:00")
    r = cli(store.path, "--period", "2023Q2", "--as-of", "2023-07-25", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["period"], out["as_of"]) == ("2023Q2", "2023-07-25")
    bureau = next(u for u in out["units"] if u["unit"] == "区统计局")
    assert (bureau["expected"], bureau["received"], bureau["late"], bureau["missing"], bureau["due"]) == \
        (5, 1, 0, 4, "2023-07-20")
    gdp = bureau["items"][0]
    assert {k: gdp[k] for k in ("id", "status", "revision", "received_at", "file", "overdue")} == \
        {"id": "gdp", "status": "received", "revision": 1, "received_at": "2023-07-15 10:00:00", "file": "b.xlsx",
         "overdue": False}
    assert {i["status"] for u in out["units"] for i in u["items"]} <= {"received", "late", "missing"}
    text = cli(store.path, "--period", "2023Q2", "--as-of", "2023-07-25").stdout
    assert text.startswith("报送情况：2023年上半年（截至2023年7月25日）\n区")       # Chinese dates; no sample note
    # the columns in one order everywhere: 应报 / 已报 (按时, 迟报) / 未报
    assert "区统计局  截止2023年7月20日，应报5项，已报1项（按时1项，迟报0项），未报4项，已逾期5天" in text
    assert "    未报统计数据（4项）：固定资产投资；社会消费品零售总额；一般公共预算地方收入；城镇居民人均可支配收入。" in text
    bad = cli(store.path, "--period", "2023M05")
    assert bad.returncode == 2 and "quarterly" in bad.stderr


@pytest.mark.parametrize("file_name, is_sample", [("2023年上半年_示例数据.xlsx", True), ("b.xlsx", False)])
@pytest.mark.parametrize("imported_at, late", [("2023-07-15", False), ("2023-08-02", True)])
def test_cli_explains_late_sample_items_like_the_page(store, file_name, is_sample, imported_at, late):
    """On the bundled sample every item arrived when it was loaded, after the deadlines: the CLI says so (text
    and JSON) in the page's words; real imports, or a sample nothing late in, carry no such note."""
    imported(store, values(store, file_name, "2023Q2", "gdp", "retail"), imported_at)
    text = cli(store.path, "--period", "2023Q2", "--as-of", "2023-08-10").stdout
    data = json.loads(cli(store.path, "--period", "2023Q2", "--as-of", "2023-08-10", "--json").stdout)
    note = "注：示例数据是近期一次性导入的，导入时间晚于2023年上半年的截止日期，因此已报事项均显示为迟报，并非单位迟报。"
    expected = is_sample and late
    assert (text.splitlines()[1] == note) == expected and (note in text) == expected
    assert data["sample"] == is_sample and data["note"] == (note if expected else None)


def test_cli_for_another_plan_year(tmp_path, store):
    """A [plans.2024] block (a copy of 2023) is reported on with no code: its units, its deadlines."""
    from tests.test_multi_year import plan_2024_text
    config = tmp_path / "plan_config.toml"
    config.write_text(plan_2024_text(), encoding="utf-8")
    imported(store, values(store, "b24.xlsx", "2024Q1", "gdp", "retail"), "2024-04-25 09:00:00")
    out = json.loads(cli(store.path, "--period", "2024Q1", "--as-of", "2024-05-01", "--json", config=config).stdout)
    bureau = next(u for u in out["units"] if u["unit"] == "区统计局")
    assert bureau["due"] == "2024-04-20"
    assert [(i["id"], i["status"], i["days_late"]) for i in bureau["items"][:3]] == [
        ("gdp", "late", 5), ("fai", "missing", 11), ("retail", "late", 5)]
    # the 催报通知 of that year: its period, its rule, a date three working days after Wed 1 May 2024
    text = cli(store.path, "--period", "2024Q1", "--as-of", "2024-05-01", "--reminder", config=config).stdout
    lines = text.splitlines()
    assert lines[0] == "关于催报2024年一季度工作台账和统计数据的通知" and lines[-1] == "2024年5月1日"
    assert "季度结束后10日内（区统计局20日内）" in lines[3] and "于2024年5月6日前补报" in text


def test_cli_reminder_text_and_docx(store, tmp_path):
    imported(store, values(store, "b.xlsx", "2023Q2", "gdp", "fai", "retail", "revenue", "income"), "2023-07-15")
    out = tmp_path / "催报通知.docx"
    r = cli(store.path, "--period", "2023Q2", "--as-of", "2023-07-25", "--reminder", "--reminder-docx", out)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # the bureau is complete: not chased, and the title names only the ledgers
    assert lines[0] == "关于催报2023年上半年工作台账的通知" and lines[-1] == "2023年7月25日"
    assert "区统计局" not in r.stdout
    assert "一、区发改局（截止日期2023年7月10日，已逾期15天，未报送21项）" in lines
    assert "请上述单位于2023年7月28日前补报未报送事项。" in r.stdout     # 3 working days after Tue 25 July
    from docx import Document
    assert Document(str(out)).paragraphs[0].text.replace("\n", "") == lines[0]   # title in balanced lines


@pytest.mark.parametrize("file_name, is_sample", [("2023年上半年_示例数据.xlsx", True), ("b.xlsx", False)])
def test_reminder_on_sample_data_says_so_before_its_title(store, tmp_path, file_name, is_sample):
    """A 催报通知 built from the bundled sample must never read as an official notice: the 示例数据 mark comes
    first, in the chat text and in the DOCX; a notice from real imports carries no such line."""
    imported(store, values(store, file_name, "2023Q2", "gdp"), "2023-07-15")
    out = tmp_path / "r.docx"
    r = cli(store.path, "--period", "2023Q2", "--as-of", "2023-07-25", "--reminder", "--reminder-docx", out)
    assert r.returncode == 0, r.stderr
    first = r.stdout.splitlines()[0]
    from docx import Document
    doc_first = Document(str(out)).paragraphs[0].text
    if is_sample:
        assert first.startswith("【示例数据】") and doc_first == first
    else:
        assert "示例数据" not in r.stdout and "示例数据" not in doc_first
        assert first.startswith("关于催报")

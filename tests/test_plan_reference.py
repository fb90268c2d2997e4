"""plan_config.toml carries everything PLAN_REFERENCE.md names (datasette's tests/test_docs.py, in reverse).

The reference lists the project's public ids: headline targets, areas, tasks and sub-targets. Every one must be
in the config with the right role, every task's lead unit must be the one the reference names, and every number
the reference gives for a sub-target must be the config's target. When the source text of the plan is at hand,
the quotes the config keeps as `source` are checked against it too (docs/source_plan_zh.txt, a copy of
../shared/plan/source_plan_zh.txt, which wins when present).

The reference is read from ../shared/plan/PLAN_REFERENCE.md (beside the repo) when it exists, else the
committed copy docs/PLAN_REFERENCE.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from plantrack.model.plan import DEFAULT_CONFIG, load_plan

REPO = Path(__file__).resolve().parent.parent
SHARED_REFERENCE = REPO.parent / "shared" / "plan" / "PLAN_REFERENCE.md"
COMMITTED_REFERENCE = REPO / "docs" / "PLAN_REFERENCE.md"
SHARED_SOURCE = REPO.parent / "shared" / "plan" / "source_plan_zh.txt"
COMMITTED_SOURCE = REPO / "docs" / "source_plan_zh.txt"   # "beside" docs/PLAN_REFERENCE.md, as it says
SOURCE_TEXT = SHARED_SOURCE if SHARED_SOURCE.is_file() else COMMITTED_SOURCE

_ID = r"`([a-z][a-z0-9_]*)`"
_AREA = re.compile(r"^###\s+Area\s+(\d)\s+" + _ID)
_TASK = re.compile(r"^-\s+\*\*(\d\.\d)\s+" + _ID + r"\*\*")
_HEADLINE = re.compile(r"^\|\s*" + _ID + r"\s*\|")
_ANY_ID = re.compile(_ID)
_LEAD = re.compile(r"\blead\s+([^;—]+?)\s*;")
_RESP = re.compile(r"\bresp\s+(.+?)\s*(?:—|$)")
# a number with its unit: "≥ 10 家", "12.6 亿元", "40,773 平方米", "≤ 5%", "12 months"
_NUMBER_WITH_UNIT = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(?:%|家|个|亿元|万元|台|公里|公顷|条|栋|亩|人|所|平方米|months)")


@dataclass
class Reference:
    text: str
    headline: dict[str, str] = field(default_factory=dict)        # id → table row
    areas: dict[str, int] = field(default_factory=dict)           # id → number
    tasks: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id → (number, area, line)
    subtargets: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (task, segment of text)

    @property
    def ids(self) -> list[str]:
        return [*self.headline, *self.areas, *self.tasks, *self.subtargets]


def _reference_path() -> Path:
    return SHARED_REFERENCE if SHARED_REFERENCE.is_file() else COMMITTED_REFERENCE


def parse_reference(text: str) -> Reference:
    ref = Reference(text)
    area = task = None
    for line in text.splitlines():
        if m := _HEADLINE.match(line):
            if m.group(1) != "id":
                ref.headline[m.group(1)] = line
            continue
        if m := _AREA.match(line):
            area, task = m.group(2), None
            ref.areas[area] = int(m.group(1))
            continue
        if line.startswith("## "):  # a new top-level section ends the task list
            area = task = None
            continue
        if m := _TASK.match(line):
            task = m.group(2)
            ref.tasks[task] = (m.group(1), area, line)
            continue
        if task and line.startswith("  "):
            # a sub-target bullet: each backticked id owns the text up to the next id
            ms = list(_ANY_ID.finditer(line))
            for i, m in enumerate(ms):
                end = ms[i + 1].start() if i + 1 < len(ms) else len(line)
                ref.subtargets[m.group(1)] = (task, line[m.end():end])
    return ref


@pytest.fixture(scope="module")
def ref() -> Reference:
    return parse_reference(_reference_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def y2023():
    return load_plan(DEFAULT_CONFIG).year(2023)


def test_reference_parses_enough_ids(ref):
    # A broken regex must not pass by finding nothing: 5 headline + 5 areas + 17 tasks + 30 sub-targets.
    assert len(ref.ids) >= 50, ref.ids
    assert len(ref.ids) == len(set(ref.ids))
    assert (len(ref.headline), len(ref.areas), len(ref.tasks)) == (5, 5, 17)


def test_every_backticked_id_is_parsed(ref):
    """Every `snake_id` in the two sections the config must carry is one of the parsed ids (none skipped)."""
    start, end = ref.text.index("## Headline targets"), ref.text.index("## Kinds of target")
    found = set(_ANY_ID.findall(ref.text[start:end]))
    assert found == set(ref.ids)


def test_every_reference_id_is_in_the_config(ref, y2023):
    areas = {a.id for a in y2023.areas}
    tasks = {t.id for t in y2023.tasks}
    with_target = {t.id for t in y2023.targets}
    missing = [i for i in ref.ids if i not in areas | tasks | with_target]
    assert missing == []


def test_headline_ids(ref, y2023):
    assert list(ref.headline) == [t.id for t in y2023.headline]
    for t in y2023.headline:
        m = re.search(r"≥\s*(\d+(?:\.\d+)?)%", ref.headline[t.id])
        assert m and float(m.group(1)) == t.target, (t.id, ref.headline[t.id])


def test_areas_in_order(ref, y2023):
    assert ref.areas == {a.id: a.number for a in y2023.areas}


def test_tasks_numbers_and_areas(ref, y2023):
    assert {tid: (num, area) for tid, (num, area, _) in ref.tasks.items()} == {
        t.id: (t.number, t.area) for t in y2023.tasks}


def test_lead_unit_appears_in_the_reference_line(ref, y2023):
    for t in y2023.tasks:
        line = ref.tasks[t.id][2]
        assert t.lead_unit in line, (t.id, t.lead_unit, line)
        m = _LEAD.search(line)
        assert m and m.group(1) == t.lead_unit, (t.id, line)


def test_responsible_units_match_the_reference(ref, y2023):
    for t in y2023.tasks:
        m = _RESP.search(ref.tasks[t.id][2])
        assert m, t.id
        named = [u.strip() for u in m.group(1).split(",")]
        assert tuple(named) == t.responsible_units, t.id


def test_subtargets_sit_under_their_task(ref, y2023):
    config = {t.id: t.task for t in y2023.subtargets}
    assert {i: task for i, (task, _) in ref.subtargets.items()} == config


def test_subtarget_numbers_match_the_reference(ref, y2023):
    """The last number-with-unit after an id is its target ("税收过5000万元楼宇 6 栋" → 6)."""
    wrong = {}
    for t in y2023.subtargets:
        numbers = _NUMBER_WITH_UNIT.findall(ref.subtargets[t.id][1])
        assert numbers, (t.id, ref.subtargets[t.id][1])
        value = float(numbers[-1].replace(",", ""))
        if value != t.target:
            wrong[t.id] = (value, t.target)
    assert wrong == {}


def test_committed_copy_is_current():
    if not SHARED_REFERENCE.is_file():
        pytest.skip("no ../shared/plan/PLAN_REFERENCE.md on this machine; the committed copy is the reference")
    assert COMMITTED_REFERENCE.read_text(encoding="utf-8") == SHARED_REFERENCE.read_text(encoding="utf-8"), \
        "docs/PLAN_REFERENCE.md is stale: copy ../shared/plan/PLAN_REFERENCE.md over it"


def test_committed_source_is_current():
    if not SHARED_SOURCE.is_file():
        pytest.skip("no ../shared/plan/source_plan_zh.txt on this machine; the committed copy is the source")
    assert COMMITTED_SOURCE.read_bytes() == SHARED_SOURCE.read_bytes(), \
        "docs/source_plan_zh.txt is stale: copy ../shared/plan/source_plan_zh.txt over it"


# ─────────── against the source text of the plan ───────────

@pytest.fixture(scope="module")
def source_text() -> str:
    if not SOURCE_TEXT.is_file():
        pytest.skip("no source_plan_zh.txt in docs/ nor in ../shared/plan/")
    return re.sub(r"\s+", "", SOURCE_TEXT.read_text(encoding="utf-8"))


def test_target_and_milestone_quotes_are_verbatim(source_text, y2023):
    not_found = []
    for item in (*y2023.headline, *y2023.subtargets, *y2023.milestones):
        for part in item.source.split("……"):
            if re.sub(r"\s+", "", part) not in source_text:
                not_found.append((getattr(item, "id", None), part))
    assert not_found == []


def test_lead_units_in_source_order(source_text, y2023):
    leads = re.findall(r"牵头单位[::]([^,,、)]+)", source_text)
    assert leads == [t.lead_unit for t in y2023.tasks]

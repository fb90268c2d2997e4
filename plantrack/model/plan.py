"""Load and validate plan_config.toml into frozen, typed objects.

The config is the single declaration of the plan: every target, unit, alias and threshold. A mistake in it
fails loudly with the TOML key that is wrong (``plans.2023.subtargets[3].target``), never silently.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from .kinds import KINDS as _KIND_TABLE

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = PROJECT_ROOT / "plan_config.toml"

KINDS = tuple(_KIND_TABLE)
DIRECTIONS = {k: s.direction for k, s in _KIND_TABLE.items()}
PRICE_BASES = ("real", "nominal")
MILESTONE_STATES = ("not_started", "in_progress", "done", "delayed")
# What a lead unit can owe each reporting period for the tasks it leads (plan_config [reporting]).
REPORT_ITEMS = ("subtargets", "tracked", "milestones")


class PlanConfigError(ValueError):
    """A problem in plan_config.toml; the message names the key."""


# ─────────────────────────── typed objects ───────────────────────────

@dataclass(frozen=True)
class AppSettings:
    home_district: str
    city: str
    default_language: str = "zh"
    require_login_to_view: bool = False
    session_timeout_minutes: int = 60
    lockout_after_failures: int = 5
    lockout_minutes: int = 15
    signin_attempts_per_client: int = 10     # failed sign-ins per browser address per window, then a pause
    signin_window_minutes: int = 10
    anonymous_audit_per_minute: int = 30     # audit entries visitors who are not signed in may cause
    remember_sign_in_hours: int = 168        # a sign-in survives reloads and shared links this long (0: never)
    accounts_file: str = "data/accounts.json"
    sso_roles: dict = field(default_factory=dict)
    city_regions: tuple[str, ...] = ()
    city_total_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportSettings:
    max_file_mb: float = 50
    max_uncompressed_mb: float = 200
    max_cells: int = 2_000_000
    growth_mismatch_pp: float = 0.1
    parse_memory_mb: float = 1024
    parse_cpu_seconds: float = 60
    parse_wall_seconds: float = 90
    # Plausibility warnings in the upload preview (issue 10): a level this many times larger or smaller than
    # the same indicator's stored previous period (a 万元/亿元 slip is 10,000×); growth outside this range, %.
    plausible_ratio: float = 50
    plausible_growth_min_pct: float = -50
    plausible_growth_max_pct: float = 100
    max_abs_value: float = 1e15
    max_abs_percent: float = 10_000


@dataclass(frozen=True)
class StatusThresholds:
    growth_yellow_below_pp: float = 2.0
    # Count targets: green at or ahead of time progress, yellow up to this many points behind, red beyond.
    count_yellow_behind_pp: float = 10.0
    level_yellow_band_pp: float = 0.0


@dataclass(frozen=True)
class IndicatorDef:
    id: str
    name_zh: str
    name_en: str
    unit: str
    kind: str
    direction: str
    aliases: tuple[str, ...]
    short_zh: str = ""
    short_en: str = ""
    price_basis: str = "nominal"
    # Names of a *different* measure that tables print next to this one (the total 一般公共预算收入 beside
    # its 其中:地方收入): never matched, and a row with one is skipped with a reason naming this indicator.
    not_aliases: tuple[str, ...] = ()

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    def short(self, lang: str) -> str:
        s = self.short_en if lang == "en" else self.short_zh
        return s or self.name(lang)


@dataclass(frozen=True)
class Target:
    """One target of one plan year: an indicator, the number to reach and where the plan says so."""
    indicator: IndicatorDef
    target: float | None
    task: str | None          # None for headline targets
    source: str = ""

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def kind(self) -> str:
        return self.indicator.kind

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def is_headline(self) -> bool:
        return self.task is None


@dataclass(frozen=True)
class Area:
    id: str
    number: int
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh

    def short(self, lang: str) -> str:
        return self.short_en if lang == "en" else self.short_zh


@dataclass(frozen=True)
class Task:
    id: str
    number: str
    area: str
    name_zh: str
    name_en: str
    lead_unit: str
    responsible_units: tuple[str, ...]
    source: str = ""

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class Milestone:
    id: str
    task: str
    name_zh: str
    name_en: str
    due: dt.date | None = None
    source: str = ""
    # The plan does not state this date (we set it, e.g. to the year's end): shown as 预计, never raises 逾期.
    due_inferred: bool = False

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_zh


@dataclass(frozen=True)
class TaskForce:
    name_zh: str
    convener_zh: str
    deputy_conveners_zh: tuple[str, ...]
    office: str
    members: tuple[str, ...]
    unit_aliases: dict = field(default_factory=dict)


@dataclass(frozen=True)
class YearPlan:
    year: int
    title_zh: str
    title_en: str
    district_zh: str
    district_en: str
    published: dt.date | None
    source: str
    headline: tuple[Target, ...]
    areas: tuple[Area, ...]
    tasks: tuple[Task, ...]
    subtargets: tuple[Target, ...]
    tracked: tuple[Target, ...]
    milestones: tuple[Milestone, ...]
    task_force: TaskForce

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    @property
    def targets(self) -> tuple[Target, ...]:
        """Every target with a number: headline first, then sub-targets in plan order."""
        return self.headline + self.subtargets

    def target(self, indicator_id: str) -> Target:
        for t in self.headline + self.subtargets + self.tracked:
            if t.id == indicator_id:
                return t
        raise KeyError(indicator_id)

    def area(self, area_id: str) -> Area:
        return next(a for a in self.areas if a.id == area_id)

    def task(self, task_id: str) -> Task:
        return next(t for t in self.tasks if t.id == task_id)

    def tasks_of(self, area_id: str) -> tuple[Task, ...]:
        return tuple(t for t in self.tasks if t.area == area_id)

    def targets_of_task(self, task_id: str, include_tracked: bool = True) -> tuple[Target, ...]:
        pool = self.subtargets + (self.tracked if include_tracked else ())
        return tuple(t for t in pool if t.task == task_id)

    def targets_of_area(self, area_id: str, include_tracked: bool = True) -> tuple[Target, ...]:
        ids = {t.id for t in self.tasks_of(area_id)}
        pool = self.subtargets + (self.tracked if include_tracked else ())
        return tuple(t for t in pool if t.task in ids)

    def milestones_of_task(self, task_id: str) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones if m.task == task_id)

    def area_of_indicator(self, indicator_id: str) -> str | None:
        t = self.target(indicator_id)
        return None if t.task is None else self.task(t.task).area

    def canonical_unit(self, name: str) -> str:
        return self.task_force.unit_aliases.get(name, name)

    @property
    def lead_units(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for t in self.tasks:
            seen.setdefault(self.canonical_unit(t.lead_unit), None)
        return tuple(seen)


@dataclass(frozen=True)
class UnitReporting:
    """One unit's entry under [reporting.units]: its own deadline, and what it owes besides its tasks."""
    unit: str
    deadline_days: int | None = None          # None: [reporting].deadline_days
    headline: bool = False                    # owes the plan year's headline indicators (a data source)
    indicators: tuple[str, ...] = ()          # owes these indicators whatever its tasks
    items: tuple[str, ...] | None = None      # what it owes for the tasks it leads; None: lead_unit_items


@dataclass(frozen=True)
class ReportingSettings:
    """[reporting]: what each unit delivers every quarter, and how many days after the quarter's end."""
    deadline_days: int
    lead_unit_items: tuple[str, ...]
    units: dict[str, UnitReporting]
    # 催报通知: "请于X月X日前补报" — this many days after the notice's date, working (Monday–Friday, not in
    # non_working_days) or calendar days; the contact under the office's name when given.
    resubmit_days: int = 3
    resubmit_day_kind: str = "working"
    non_working_days: tuple = ()              # dt.date: public holidays that fall on a weekday
    contact: str = ""
    phone: str = ""

    def unit(self, name: str) -> UnitReporting:
        return self.units.get(name) or UnitReporting(unit=name)

    def deadline_days_for(self, name: str) -> int:
        own = self.unit(name).deadline_days
        return self.deadline_days if own is None else own

    def task_items_for(self, name: str) -> tuple[str, ...]:
        own = self.unit(name).items
        return self.lead_unit_items if own is None else own


@dataclass(frozen=True)
class Plan:
    """The whole config: settings, the indicator catalogue and one plan per year."""
    app: AppSettings
    import_: ImportSettings
    status: StatusThresholds
    indicators: dict[str, IndicatorDef]
    years: dict[int, YearPlan]
    path: Path
    reporting: ReportingSettings | None = None

    def year(self, year: int) -> YearPlan:
        try:
            return self.years[year]
        except KeyError:
            raise KeyError(f"no plan for year {year} in {self.path.name}") from None

    @property
    def latest_year(self) -> int:
        return max(self.years)

    def indicator(self, indicator_id: str) -> IndicatorDef:
        return self.indicators[indicator_id]

    def alias_index(self) -> dict[str, str]:
        """Normalised alias → indicator id, for matching names in spreadsheets."""
        return _alias_index(self)

    def skip_reason(self, name: str) -> str:
        """Why a row name is not imported: a known look-alike measure, or simply not in the plan."""
        key = normalise_name(name).lower()
        for ind in self.indicators.values():
            if key in {normalise_name(n).lower() for n in ind.not_aliases}:
                return (f"另一口径，不是方案指标“{ind.name_zh}” / a different measure, not the plan's "
                        f"{ind.name_en} ({ind.id})")
        return "不是方案中的指标 / not an indicator of the plan"


# ─────────────────────────── name normalisation ───────────────────────────

_UNIT_SUFFIX = re.compile(r"[((][^()()]*[))]\s*$")


def normalise_name(raw: str) -> str:
    """Reduce an indicator name from a table to the form aliases are compared in.

    Drops whitespace, full-width punctuation differences, list numbering ("一、" "1." "(1)"), the
    "其中:" and "#" sub-row markers, a leading "全区", and trailing bracketed units ("(亿元)" "(%)").
    Keeps everything else, so 一般公共预算收入 and 一般公共预算地方收入 stay different names.
    """
    s = str(raw).strip()
    s = s.replace("：", ":").replace("（", "(").replace("）", ")").replace("\u3000", " ")
    s = re.sub(r"\s+", "", s)
    # list numbering: 一、 1、 1. (1) ①
    s = re.sub(r"^(\(?[一二三四五六七八九十\d]+[)、.．]|[①-⑳])", "", s)
    changed = True
    while changed:
        changed = False
        for p in ("其中:", "其中", "#", "＃", "全区", "本区"):
            if s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
                changed = True
        s2 = _UNIT_SUFFIX.sub("", s)
        if s2 != s and s2:
            s, changed = s2, True
    return s.replace("、", "").replace("·", "").replace(",", "").replace("，", "").replace("“", "").replace("”", "")


def _alias_index(plan: Plan) -> dict[str, str]:
    index: dict[str, str] = {}
    for ind in plan.indicators.values():
        for name in (ind.name_zh, ind.id, *ind.aliases):
            index.setdefault(normalise_name(name).lower(), ind.id)
    return index


# ─────────────────────────── strict loading ───────────────────────────

def _fail(key: str, msg: str) -> PlanConfigError:
    return PlanConfigError(f"plan_config: {key}: {msg}")


def _take(table: Any, key: str, spec: dict[str, tuple[type | tuple[type, ...], bool]]) -> dict[str, Any]:
    """Check a TOML table against a spec {name: (types, required)}; reject unknown keys."""
    if not isinstance(table, dict):
        raise _fail(key, f"expected a table, found {type(table).__name__}")
    def path(name: str) -> str:
        return name if key == "<root>" else f"{key}.{name}"

    unknown = sorted(set(table) - set(spec))
    if unknown:
        raise _fail(path(unknown[0]), f"unknown key (allowed: {', '.join(sorted(spec))})")
    out: dict[str, Any] = {}
    for name, (types, required) in spec.items():
        if name not in table:
            if required:
                raise _fail(path(name), "missing required field")
            continue
        value = table[name]
        if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            raise _fail(path(name), f"expected {_type_names(types)}, found a boolean")
        if not isinstance(value, types):
            hint = " (write numbers without quotes)" if isinstance(value, str) and NUM == types else ""
            raise _fail(path(name), f"expected {_type_names(types)}, found {_type_names(type(value))} {value!r}{hint}")
        if isinstance(value, list) and types is list:  # `list` = list of strings; `(list,)` = array of tables
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    raise _fail(f"{path(name)}[{i}]", f"expected a string, found {_type_names(type(item))} {item!r}")
            value = tuple(value)
        out[name] = value
    return out


def _type_names(types: type | tuple[type, ...]) -> str:
    names = {int: "an integer", float: "a number", str: "a string", bool: "true/false", list: "a list",
             dict: "a table", dt.date: "a date"}
    ts = types if isinstance(types, tuple) else (types,)
    if int in ts and float in ts:
        ts = tuple(t for t in ts if t is not int)
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in ts))


NUM = (int, float)
STR = (str,)


def _nonempty(key: str, value: str) -> str:
    if not value.strip():
        raise _fail(key, "must not be empty")
    return value


def load_plan(path: str | os.PathLike | None = None) -> Plan:
    """Read and validate the config. Raises PlanConfigError naming the offending key."""
    p = Path(path or os.environ.get("PLANTRACK_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlanConfigError(f"plan_config: file not found: {p}") from None
    except tomllib.TOMLDecodeError as e:
        raise PlanConfigError(f"plan_config: {p.name} is not valid TOML: {e}") from None
    return _build(raw, p)


def _build(raw: dict, path: Path) -> Plan:
    top = _take(raw, "<root>", {"app": (dict, True), "import": (dict, False), "status": (dict, True),
                                "indicators": (dict, True), "plans": (dict, True), "reporting": (dict, False)})
    app = AppSettings(**_take(top["app"], "app", {
        "home_district": (str, True), "city": (str, True), "default_language": (str, False),
        "require_login_to_view": (bool, False), "session_timeout_minutes": (int, False),
        "lockout_after_failures": (int, False), "lockout_minutes": (int, False),
        "signin_attempts_per_client": (int, False), "signin_window_minutes": (int, False),
        "anonymous_audit_per_minute": (int, False), "remember_sign_in_hours": (int, False),
        "accounts_file": (str, False), "sso_roles": (dict, False), "city_regions": (list, False),
        "city_total_names": (list, False)}))
    if app.default_language not in ("zh", "en"):
        raise _fail("app.default_language", "expected \"zh\" or \"en\"")
    imp = ImportSettings(**_take(top.get("import", {}), "import", {
        "max_file_mb": (NUM, False), "max_uncompressed_mb": (NUM, False), "max_cells": (int, False),
        "growth_mismatch_pp": (NUM, False), "parse_memory_mb": (NUM, False), "parse_cpu_seconds": (NUM, False),
        "parse_wall_seconds": (NUM, False), "plausible_ratio": (NUM, False),
        "plausible_growth_min_pct": (NUM, False), "plausible_growth_max_pct": (NUM, False),
        "max_abs_value": (NUM, False), "max_abs_percent": (NUM, False)}))
    status = StatusThresholds(**_take(top["status"], "status", {
        "growth_yellow_below_pp": (NUM, True), "count_yellow_behind_pp": (NUM, True),
        "level_yellow_band_pp": (NUM, False)}))
    for f in fields(status):
        if getattr(status, f.name) < 0:
            raise _fail(f"status.{f.name}", "must not be negative")

    indicators = {iid: _indicator(iid, t) for iid, t in top["indicators"].items()}
    aliases_seen: dict[str, str] = {}
    for ind in indicators.values():
        for a in (ind.name_zh, *ind.aliases):
            n = normalise_name(a).lower()
            other = aliases_seen.setdefault(n, ind.id)
            if other != ind.id:
                raise _fail(f"indicators.{ind.id}.aliases", f"alias {a!r} is already used by indicators.{other}")

    for ind in indicators.values():
        for i, a in enumerate(ind.not_aliases):
            owner = aliases_seen.get(normalise_name(a).lower())
            if owner is not None:
                raise _fail(f"indicators.{ind.id}.not_aliases[{i}]",
                            f"{a!r} is an alias of indicators.{owner}; a name cannot be both")

    years: dict[int, YearPlan] = {}
    for ykey, ytable in top["plans"].items():
        if not re.fullmatch(r"\d{4}", ykey):
            raise _fail(f"plans.{ykey}", "plan keys are four-digit years, e.g. [plans.2023]")
        years[int(ykey)] = _year_plan(int(ykey), ytable, indicators)
    if not years:
        raise _fail("plans", "at least one plan year is required")
    reporting = _reporting(top["reporting"], indicators, years) if "reporting" in top else None
    return Plan(app=app, import_=imp, status=status, indicators=indicators, years=years, path=path,
                reporting=reporting)


def _report_items(key: str, values: tuple[str, ...]) -> tuple[str, ...]:
    for i, v in enumerate(values):
        if v not in REPORT_ITEMS:
            raise _fail(f"{key}[{i}]", f"expected one of {', '.join(REPORT_ITEMS)}, found {v!r}")
    return values


def _days(key: str, value: int) -> int:
    if not 0 <= value <= 366:
        raise _fail(key, f"days after the period's end: expected 0 to 366, found {value}")
    return value


def _reporting(t: Any, indicators: dict[str, IndicatorDef], years: dict[int, "YearPlan"]) -> ReportingSettings:
    """[reporting]; unit names must be units of some plan year (lead units, task-force office or members, or
    their aliases) unless the entry says what the unit delivers (a data source such as the statistics bureau)."""
    d = _take(t, "reporting", {"deadline_days": (int, True), "lead_unit_items": (list, False),
                               "units": (dict, False), "resubmit_days": (int, False),
                               "resubmit_day_kind": (str, False), "non_working_days": (list, False),
                               "contact": (str, False), "phone": (str, False)})
    deadline = _days("reporting.deadline_days", d["deadline_days"])
    notice = {"resubmit_days": _days("reporting.resubmit_days", d.get("resubmit_days", 3)),
              "resubmit_day_kind": d.get("resubmit_day_kind", "working"),
              "contact": d.get("contact", "").strip(), "phone": d.get("phone", "").strip()}
    if notice["resubmit_day_kind"] not in ("working", "calendar"):
        raise _fail("reporting.resubmit_day_kind",
                    f"expected \"working\" or \"calendar\", found {notice['resubmit_day_kind']!r}")
    holidays = []
    for i, day in enumerate(d.get("non_working_days", ())):
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise _fail(f"reporting.non_working_days[{i}]", f"expected a date (2023-10-02, no quotes), found {day!r}")
        holidays.append(day)
    notice["non_working_days"] = tuple(holidays)
    items = _report_items("reporting.lead_unit_items", d.get("lead_unit_items", REPORT_ITEMS))
    known: set[str] = set()
    for yp in years.values():
        tf = yp.task_force
        known |= {t.lead_unit for t in yp.tasks} | set(tf.members) | {tf.office} | set(tf.unit_aliases) | \
            set(tf.unit_aliases.values()) | {u for t in yp.tasks for u in t.responsible_units}
    units: dict[str, UnitReporting] = {}
    for name, entry in d.get("units", {}).items():
        key = f'reporting.units."{name}"'
        u = _take(entry, key, {"deadline_days": (int, False), "headline": (bool, False),
                               "indicators": (list, False), "items": (list, False)})
        if "deadline_days" in u:
            _days(f"{key}.deadline_days", u["deadline_days"])
        for i, iid in enumerate(u.get("indicators", ())):
            if iid not in indicators:
                raise _fail(f"{key}.indicators[{i}]", f"unknown indicator {iid!r} (not in [indicators])")
        if "items" in u:
            _report_items(f"{key}.items", u["items"])
        if name not in known and not (u.get("headline") or u.get("indicators")):
            raise _fail(key, "unknown unit: not a lead unit, responsible unit or task-force member of any plan "
                             "year; a data source says what it delivers (headline = true or indicators = [...])")
        units[name] = UnitReporting(unit=name, **u)
    return ReportingSettings(deadline_days=deadline, lead_unit_items=items, units=units, **notice)


def _indicator(iid: str, t: Any) -> IndicatorDef:
    key = f"indicators.{iid}"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", iid):
        raise _fail(key, "indicator ids are lower_snake_case")
    d = _take(t, key, {"name_zh": (str, True), "name_en": (str, True), "unit": (str, True),
                       "kind": (str, True), "direction": (str, True), "aliases": (list, True),
                       "short_zh": (str, False), "short_en": (str, False), "price_basis": (str, False),
                       "not_aliases": (list, False)})
    for k in ("name_zh", "name_en", "unit"):
        _nonempty(f"{key}.{k}", d[k])
    if d["kind"] not in KINDS:
        raise _fail(f"{key}.kind", f"expected one of {', '.join(KINDS)}, found {d['kind']!r}")
    if d["direction"] != DIRECTIONS[d["kind"]]:
        raise _fail(f"{key}.direction", f"a {d['kind']} target has direction {DIRECTIONS[d['kind']]!r}, "
                                        f"found {d['direction']!r}")
    if d.get("price_basis", "nominal") not in PRICE_BASES:
        raise _fail(f"{key}.price_basis", f"expected \"real\" or \"nominal\", found {d['price_basis']!r}")
    return IndicatorDef(id=iid, **d)


def _check_ids(key: str, items: list[dict], id_field: str = "id") -> None:
    seen: set[str] = set()
    for i, it in enumerate(items):
        v = it[id_field]
        if v in seen:
            raise _fail(f"{key}[{i}].{id_field}", f"duplicate id {v!r}")
        seen.add(v)


def _list_of_tables(value: Any, key: str) -> list:
    if not isinstance(value, list):
        raise _fail(key, f"expected an array of tables ([[{key}]]), found {type(value).__name__}")
    return value


def _year_plan(year: int, t: Any, indicators: dict[str, IndicatorDef]) -> YearPlan:
    key = f"plans.{year}"
    d = _take(t, key, {"title_zh": (str, True), "title_en": (str, True), "district_zh": (str, True),
                       "district_en": (str, True), "published": (dt.date, False), "source": (str, False),
                       "headline": ((list,), True), "areas": ((list,), True), "tasks": ((list,), True),
                       "subtargets": ((list,), False), "tracked": ((list,), False), "milestones": ((list,), False),
                       "task_force": (dict, True)})

    def target_list(name: str, with_task: bool, with_target: bool) -> tuple[Target, ...]:
        out = []
        spec: dict = {"indicator": (str, True), "source": (str, False)}
        if with_task:
            spec["task"] = (str, True)
        if with_target:
            spec["target"] = (NUM, True)
        raw_items = [_take(item, f"{key}.{name}[{i}]", spec)
                     for i, item in enumerate(_list_of_tables(t.get(name, []), f"{key}.{name}"))]
        for i, item in enumerate(raw_items):
            ik = f"{key}.{name}[{i}]"
            ind = indicators.get(item["indicator"])
            if ind is None:
                raise _fail(f"{ik}.indicator", f"unknown indicator {item['indicator']!r} (not in [indicators])")
            value = float(item["target"]) if with_target else None
            if with_target and name == "headline" and ind.kind != "growth":
                raise _fail(f"{ik}.indicator", f"headline targets are growth targets; {ind.id} is {ind.kind}")
            if value is not None and ind.kind == "cumulative" and value <= 0:
                raise _fail(f"{ik}.target", "a cumulative target must be positive")
            out.append(Target(indicator=ind, target=value, task=item.get("task"), source=item.get("source", "")))
        return tuple(out)

    headline = target_list("headline", False, True)
    subtargets = target_list("subtargets", True, True)
    tracked = target_list("tracked", True, False)
    all_targets = headline + subtargets + tracked
    seen: dict[str, str] = {}
    for group, items in (("headline", headline), ("subtargets", subtargets), ("tracked", tracked)):
        for i, tg in enumerate(items):
            if tg.id in seen:
                raise _fail(f"{key}.{group}[{i}].indicator", f"duplicate id {tg.id!r} (already in {seen[tg.id]})")
            seen[tg.id] = group
    del all_targets

    area_items = [_take(a, f"{key}.areas[{i}]", {"id": (str, True), "number": (int, True), "name_zh": (str, True),
                                                 "name_en": (str, True), "short_zh": (str, True),
                                                 "short_en": (str, True)})
                  for i, a in enumerate(_list_of_tables(d["areas"], f"{key}.areas"))]
    _check_ids(f"{key}.areas", area_items)
    areas = tuple(Area(**a) for a in area_items)
    area_ids = {a.id for a in areas}

    task_items = [_take(x, f"{key}.tasks[{i}]", {"id": (str, True), "number": (str, True), "area": (str, True),
                                                 "name_zh": (str, True), "name_en": (str, True),
                                                 "lead_unit": (str, True), "responsible_units": (list, True),
                                                 "source": (str, False)})
                  for i, x in enumerate(_list_of_tables(d["tasks"], f"{key}.tasks"))]
    _check_ids(f"{key}.tasks", task_items)
    for i, x in enumerate(task_items):
        if x["area"] not in area_ids:
            raise _fail(f"{key}.tasks[{i}].area",
                        f"unknown area {x['area']!r} (areas: {', '.join(sorted(area_ids))})")
    tasks = tuple(Task(**x) for x in task_items)
    task_ids = {x.id for x in tasks}
    for group, items in (("subtargets", subtargets), ("tracked", tracked)):
        for i, tg in enumerate(items):
            if tg.task not in task_ids:
                raise _fail(f"{key}.{group}[{i}].task",
                            f"unknown task {tg.task!r} (tasks: {', '.join(sorted(task_ids))})")

    ms_items = [_take(m, f"{key}.milestones[{i}]", {"id": (str, True), "task": (str, True), "name_zh": (str, True),
                                                    "name_en": (str, True), "due": (dt.date, False),
                                                    "due_inferred": (bool, False), "source": (str, False)})
                for i, m in enumerate(_list_of_tables(t.get("milestones", []), f"{key}.milestones"))]
    _check_ids(f"{key}.milestones", ms_items)
    for i, m in enumerate(ms_items):
        if m.get("due_inferred") and "due" not in m:
            raise _fail(f"{key}.milestones[{i}].due_inferred", "marks a due date as inferred, but there is no due")
    for i, m in enumerate(ms_items):
        if m["task"] not in task_ids:
            raise _fail(f"{key}.milestones[{i}].task",
                        f"unknown task {m['task']!r} (tasks: {', '.join(sorted(task_ids))})")
    milestones = tuple(Milestone(**m) for m in ms_items)

    tf = _take(d["task_force"], f"{key}.task_force", {
        "name_zh": (str, True), "convener_zh": (str, True), "deputy_conveners_zh": (list, True),
        "office": (str, True), "members": (list, True), "unit_aliases": (dict, False)})
    task_force = TaskForce(**tf)

    return YearPlan(year=year, title_zh=d["title_zh"], title_en=d["title_en"], district_zh=d["district_zh"],
                    district_en=d["district_en"], published=d.get("published"), source=d.get("source", ""),
                    headline=headline, areas=areas, tasks=tasks, subtargets=subtargets, tracked=tracked,
                    milestones=milestones, task_force=task_force)


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> Plan:
    return load_plan(path)


def get_plan(path: str | os.PathLike | None = None) -> Plan:
    """The plan, cached until the file changes (pages and CLI call this)."""
    p = Path(path or os.environ.get("PLANTRACK_CONFIG") or DEFAULT_CONFIG)
    return _cached(str(p), p.stat().st_mtime_ns)

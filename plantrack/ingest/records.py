"""What the importer produces: validated records of one file, or one clear error."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a value came from, for messages and for the record kept with each observation."""
    file: str
    sheet: str | None = None
    row: int | None = None      # 1-based, as a spreadsheet shows it
    column: str | None = None   # "C" for spreadsheets, the header for csv when known

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


class IngestError(ValueError):
    """A file is refused. The message names file, sheet, row, column and what was expected."""

    def __init__(self, message: str, location: Location | None = None, code: str = "invalid"):
        self.location = location
        self.code = code
        self.detail = message
        super().__init__(f"{location}: {message}" if location else message)


class UnitNeeded(IngestError):
    """An amount in 元 / 万元 / 亿元 whose unit the file does not state: the analyst must say which."""


@dataclass(frozen=True)
class Record:
    """One observation: an indicator's cumulative value for a period, in the plan's unit."""
    indicator: str
    period: str                 # "2023Q2" / "2023M05"
    value: float | None         # cumulative level in `unit`
    unit: str                   # the plan's unit for the indicator
    growth_pct: float | None    # cumulative year-on-year growth, %
    prev_value: float | None = None   # same span last year, in `unit`, when the table gives it
    region: str = ""            # filled with the home district when the table names none
    rank: int | None = None     # 全市排位 when the table gives it
    location: Location | None = None
    # "reported" (a figure in the file) or "derived" (computed from this and last year's levels); None: no growth
    growth_source: str | None = None
    # Where each fact was read: fact ("unit" / "period" / "measure") → source ("第2行注释", "标题", "D列表头" …)
    evidence: tuple[tuple[str, str], ...] = ()

    def source_of(self, fact: str) -> str:
        return dict(self.evidence).get(fact, "")

    def as_json(self, home_region: str | None = None) -> dict:
        out = {"indicator": self.indicator, "period": self.period, "value": self.value, "unit": self.unit,
               "growth_pct": self.growth_pct}
        if self.growth_pct is not None and self.growth_source:
            out["growth_source"] = self.growth_source
        if self.evidence:
            out["evidence"] = dict(self.evidence)
        # city tables list other districts: name the region wherever it is not the home district's own
        if home_region is not None and self.region and self.region != home_region:
            out["region"] = self.region
        return out


@dataclass(frozen=True)
class MilestoneRecord:
    milestone: str
    status: str                 # not_started | in_progress | done | delayed
    period: str | None = None
    date: str | None = None     # ISO date of completion or of the status
    note: str = ""
    location: Location | None = None
    year: int | None = None     # plan year, when no period is given


@dataclass(frozen=True)
class Skipped:
    location: Location
    text: str
    reason: str

    def as_json(self) -> dict:
        return {"sheet": self.location.sheet, "row": self.location.row, "text": self.text, "reason": self.reason}


@dataclass
class ParsedFile:
    file: str
    sha256: str
    size: int
    layout: str = ""            # template | bureau | ledger | city_ranking
    records: list[Record] = field(default_factory=list)
    milestones: list[MilestoneRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self, home_region: str | None = None) -> dict:
        return {"file": self.file, "layout": self.layout,
                "records": [r.as_json(home_region) for r in self.records],
                "milestones": [{"milestone": m.milestone, "status": m.status, "period": m.period,
                                "date": m.date, "note": m.note} for m in self.milestones],
                "skipped": [s.as_json() for s in self.skipped], "warnings": list(self.warnings)}


@dataclass
class Sheet:
    """One sheet as the importer sees it: a grid of cell values.

    Cells are str, int, float, bool, datetime.date/datetime or None (empty). A merged range carries its
    value in the top-left cell only; layout parsers fill it across when reading headers.
    """
    name: str
    rows: list[list]
    # Merged ranges as (first_row, first_col, last_row, last_col), 0-based inclusive; xlsx/xls only
    # (calamine does not report them for ods, csv has none).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    visible: bool = True        # hidden sheets are read (templates may keep metadata there) but not parsed as tables

"""A milestone's status, date and note edited on an area page: one revision of kind "edit" (in the history,
and rolled back like an import). Analysts and admins only — checked here, where it is written."""
from __future__ import annotations

import datetime as dt

from ..ingest.records import MilestoneRecord, ParsedFile
from ..model.plan import MILESTONE_STATES, YearPlan
from ..store.database import ImportResult, Store
from .actor import Actor, require

EDIT_FILE = "页面编辑"   # the revision's file name for edits made on a page


def edit_milestone(store: Store, year_plan: YearPlan, actor: Actor | None, milestone_id: str, status: str,
                   date: dt.date | None, note: str, *, period: str, year: int) -> ImportResult:
    """Store one milestone edit as a revision (its audit line is written in the same transaction)."""
    actor = require(actor, "analyst")
    if status not in MILESTONE_STATES:
        raise ValueError(f"unknown milestone status {status!r}")
    if milestone_id not in {m.id for m in year_plan.milestones}:
        raise ValueError(f"unknown milestone {milestone_id!r}")
    record = MilestoneRecord(milestone=milestone_id, status=status, period=period,
                             date=date.isoformat() if date else None, note=note.strip(), year=year)
    parsed = ParsedFile(file=EDIT_FILE, sha256="", size=0, layout="edit", milestones=[record])
    return store.record_edit(parsed, user=actor.name, note=f"milestone {milestone_id}: {status}")

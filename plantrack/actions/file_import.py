"""Importing spreadsheets: every file parsed in a limited worker, files checked against each other, warnings
against what is stored, then each file one revision (with its audit line, in the store's transaction).

The CLI's `import` and `load-sample` run `import_paths`; the upload page parses and previews with the same
pieces (`import_warnings`, `check_together`) and stores the confirmed files with `store_file`. Analysts and
admins only.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..ingest.records import IngestError, ParsedFile
from ..model.plan import Plan, get_plan
from ..store.database import AlreadyImported, Store
from .actor import Actor, require


@dataclass(frozen=True)
class Stored:
    """What happened to one confirmed file: a new revision, or the revision that already holds its content."""
    file: str
    revision: int | None = None
    already_imported: int | None = None
    notice: str = ""


def check_together(parsed: list[ParsedFile]) -> None:
    """Files that disagree with each other on a figure: IngestError naming both (nothing may be stored)."""
    from ..ingest import check_across_files  # here: `python -m plantrack --help` needs no reader
    check_across_files(parsed)


def import_warnings(plan: Plan, store: Store | None, parsed: ParsedFile) -> list[str]:
    """Beyond the file's own warnings: growth derived from two levels, then plausibility against what is
    stored (without a store, a dry run: the growth range still applies)."""
    from ..ingest.plausibility import check_against_store, check_growth_range, derived_growth_notes
    notes = derived_growth_notes(plan, parsed)
    return notes + (check_growth_range(plan, parsed) if store is None else check_against_store(plan, store, parsed))


def store_file(store: Store, actor: Actor | None, parsed: ParsedFile, content: bytes | None) -> Stored:
    """One parsed file as a new revision; a file whose content is stored already is reported, not stored."""
    actor = require(actor, "analyst")
    try:
        result = store.import_parsed(parsed, user=actor.name, content=content)
    except AlreadyImported as e:
        return Stored(parsed.file, already_imported=e.revision, notice=str(e))
    return Stored(parsed.file, revision=result.revision)


def import_paths(paths: list[str | os.PathLike], *, actor: Actor | None, dry_run: bool = False,
                 year: int | None = None, store: Store | None = None,
                 unit: str | None = None) -> tuple[list[dict], list[str], list[Stored]]:
    """Parse every file, then store each as a revision. Returns (per-file JSON entries, error lines, what was
    stored). Files that disagree with each other on a figure refuse the whole import (nothing is stored)."""
    from ..ingest.files import read_regular_file
    from ..ingest.sandbox import parse_untrusted
    if not dry_run:
        require(actor, "analyst")
    plan = get_plan()
    store = None if dry_run else (store or Store())
    parsed_files, errors = [], []
    for path in paths:
        name = Path(path).name
        try:
            data = read_regular_file(path, name, plan.import_)
            # in a limited worker process
            parsed_files.append((parse_untrusted(plan, data, name, year_hint=year, unit=unit), data))
        except IngestError as e:
            errors.append(str(e))
        except OSError as e:
            errors.append(f"{name}: cannot read the file: {e.strerror or e}")
    try:
        check_together([p for p, _ in parsed_files])
    except IngestError as e:
        return [], errors + [str(e)], []
    entries, stored = [], []
    for parsed, data in parsed_files:
        entry = parsed.as_json(plan.app.home_district)
        entry["warnings"] = entry["warnings"] + import_warnings(plan, store, parsed)
        if store is not None:
            done = store_file(store, actor, parsed, data)
            stored.append(done)
            if done.revision is not None:
                entry["revision"] = done.revision
            else:
                entry["already_imported"] = done.already_imported
        entries.append(entry)
    return entries, errors, stored

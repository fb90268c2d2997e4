"""Untrusted files are parsed in a limited worker process: an abort, a runaway or a memory blow-up in a reader
ends only the worker, the caller gets one line naming the file, and the next file and page work as before."""
from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from _safety_files import big_template_csv, template_csv  # noqa: E402

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.ingest.records import IngestError
from plantrack.ingest.sandbox import parse_untrusted  # noqa: E402
from plantrack.model.plan import load_plan

PLAN = load_plan(REPO / "plan_config.toml")
GOOD = (REPO / "tests" / "data" / "ingest" / "bureau_2023_h1.xlsx").read_bytes()
LIMIT_LINE = "文件解析超出资源限制"


def with_import(**settings):
    return dataclasses.replace(PLAN, import_=dataclasses.replace(PLAN.import_, **settings))


def reader_abort_xlsx() -> bytes:
    """A1 and XFD1048576: calamine asks for a 17-billion-cell grid and the Rust allocator aborts the process.
    The extent guard refuses it, so the tests that need the abort raise max_cells past it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "地区生产总值"
    ws.cell(row=1048576, column=16384).value = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


NO_GUARD = with_import(max_cells=10**12)


def test_a_reader_abort_is_one_refusal_and_the_caller_lives_on():
    with pytest.raises(IngestError) as exc:
        parse_untrusted(NO_GUARD, reader_abort_xlsx(), "崩溃.xlsx")
    assert exc.value.code == "resource_limit"
    msg = str(exc.value)
    assert msg.startswith("崩溃.xlsx") and LIMIT_LINE in msg and "\n" not in msg
    # this process is alive (an in-process parse would have killed pytest), and the next file parses
    parsed = parse_untrusted(PLAN, GOOD, "bureau.xlsx")
    assert parsed.as_json() == parse_file(plan=PLAN, data=GOOD, name="bureau.xlsx").as_json()


def test_a_runaway_parse_is_stopped_at_the_wall_time():
    data = big_template_csv(PLAN, years=range(2000, 2100))   # 20,000 template rows: well over a second of work
    with pytest.raises(IngestError) as exc:
        parse_untrusted(with_import(parse_wall_seconds=0.2), data, "慢.csv")
    assert exc.value.code == "resource_limit" and LIMIT_LINE in str(exc.value) and "0.2" in str(exc.value)


def dense_extent_xlsx(rows: int, cols: int) -> bytes:
    """Two cells spanning rows × cols: the reader builds the whole grid (≈ 30 bytes a cell in calamine)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "地区生产总值"
    ws.cell(row=rows, column=cols).value = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_memory_blowup_ends_the_worker_not_the_caller():
    data = dense_extent_xlsx(5000, 5000)   # 25 M cells: ≈ 0.8 GB in calamine, against 256 MB allowed
    with pytest.raises(IngestError) as exc:
        parse_untrusted(with_import(parse_memory_mb=256, max_cells=10**12), data, "大.xlsx")
    assert exc.value.code == "resource_limit" and str(exc.value).startswith("大.xlsx")
    assert LIMIT_LINE in str(exc.value)


def test_refusals_and_results_cross_the_process_boundary_unchanged():
    bad = template_csv({"gdp": 300.5}, period="2023-13")
    with pytest.raises(IngestError) as inside:
        parse_file(plan=PLAN, data=bad, name="bad.csv")
    with pytest.raises(IngestError) as outside:
        parse_untrusted(PLAN, bad, "bad.csv")
    assert str(outside.value) == str(inside.value) and outside.value.code == inside.value.code
    assert outside.value.location == inside.value.location
    seen = []
    parsed = parse_untrusted(PLAN, GOOD, "b.xlsx", progress=lambda f, m: seen.append(f))
    direct = parse_file(plan=PLAN, data=GOOD, name="b.xlsx")
    assert parsed.records == direct.records and parsed.skipped == direct.skipped
    assert parsed.sha256 == direct.sha256 and seen[0] == 0.0 and seen[-1] == 1.0


def test_cli_import_reports_the_abort_in_one_line_and_imports_the_other_file(tmp_path):
    config = tmp_path / "plan_config.toml"
    text = (REPO / "plan_config.toml").read_text(encoding="utf-8")
    config.write_text(text.replace("max_cells = 2_000_000", "max_cells = 1_000_000_000_000"), encoding="utf-8")
    (tmp_path / "崩溃.xlsx").write_bytes(reader_abort_xlsx())
    (tmp_path / "bureau.xlsx").write_bytes(GOOD)
    env = dict(os.environ, PLANTRACK_DB=str(tmp_path / "store.duckdb"), PLANTRACK_CONFIG=str(config),
               PLANTRACK_ACCOUNTS=str(tmp_path / "accounts.json"))
    proc = subprocess.run([sys.executable, "-m", "plantrack", "import", "--user", "tester", "--json",
                           str(tmp_path / "崩溃.xlsx"), str(tmp_path / "bureau.xlsx")], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: 崩溃.xlsx") and LIMIT_LINE in lines[0], proc.stderr
    files = json.loads(proc.stdout)["files"]
    assert [f["file"] for f in files] == ["bureau.xlsx"] and files[0]["records"] and "revision" in files[0]


def test_upload_page_survives_an_aborting_file_and_serves_the_next_page(tmp_path, monkeypatch):
    """The upload page's parse path, run in this process (as the server runs it), then a page load."""
    from _apptest import as_user, page, setup
    root = setup(tmp_path, monkeypatch)
    from plantrack.ui import upload_page as upload

    class Ctx:
        plan, year = NO_GUARD, 2023

    with monkeypatch.context() as m:
        m.setattr(upload.st, "session_state", {})
        result = upload._parse_cached(Ctx, "崩溃.xlsx", reader_abort_xlsx(), progress=lambda *a: None)
        assert isinstance(result, IngestError) and LIMIT_LINE in str(result)
        good = upload._parse_cached(Ctx, "bureau.xlsx", GOOD, progress=lambda *a: None)
        assert good.records
    at = as_user(page(root, "upload"), "ana").run()
    assert not at.exception and len(at.get("file_uploader")) == 1


def test_every_field_of_a_parsed_file_crosses_the_boundary():
    """The JSON form lists fields by name: a field added to Record or MilestoneRecord must be added there."""
    from plantrack.ingest import records as model
    from plantrack.ingest import sandbox
    assert {f.name for f in dataclasses.fields(model.Record)} == set(sandbox._RECORD) | {"location", "evidence"}
    assert {f.name for f in dataclasses.fields(model.MilestoneRecord)} == set(sandbox._MILESTONE) | {"location"}
    assert {f.name for f in dataclasses.fields(model.Skipped)} == {"location", "text", "reason"}
    assert {f.name for f in dataclasses.fields(model.ParsedFile)} == {
        "file", "sha256", "size", "layout", "records", "milestones", "skipped", "warnings"}

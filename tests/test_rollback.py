"""Rollback / restore round trip through the CLI and the Store: the values shown follow, every step is an
audited event, nothing is deleted; backup and restore-backup while keeping the replaced store."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from _safety_files import template_csv  # noqa: E402

from plantrack.cli import main  # noqa: E402
from plantrack.store.database import Store

HOME = "岳阳楼区"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """`python -m plantrack …` run in-process (the same main(); a subprocess costs 1-2 s per call)."""
    monkeypatch.setenv("PLANTRACK_DB", str(tmp_path / "store.duckdb"))
    monkeypatch.setenv("PLANTRACK_ACCOUNTS", str(tmp_path / "accounts.json"))
    monkeypatch.setenv("PLANTRACK_USER", "ana")

    def run(*args) -> Result:
        capsys.readouterr()
        code = main(list(args))
        out = capsys.readouterr()
        return Result(code, out.out, out.err)
    return run


def test_cli_as_a_process(tmp_path):
    """Once for real through `python -m plantrack`: exit codes and messages."""
    env = dict(os.environ, PLANTRACK_DB=str(tmp_path / "store.duckdb"),
               PLANTRACK_ACCOUNTS=str(tmp_path / "accounts.json"), PLANTRACK_USER="ana")
    r = subprocess.run([sys.executable, "-m", "plantrack", "rollback", "1"], cwd=REPO, env=env,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.strip() == "error: no revision 1"


def gdp(store: Store) -> float | None:
    cur = store.current_values(2023, HOME)
    row = cur[(cur.indicator == "gdp") & (cur.period == "2023Q2")]
    return None if row.empty else float(row.value.iloc[0])


@pytest.fixture
def two_revisions(tmp_path, cli):
    (tmp_path / "first.csv").write_bytes(template_csv({"gdp": 300.0, "retail": 120.0}))
    (tmp_path / "second.csv").write_bytes(template_csv({"gdp": 310.0}))
    # two imports, one after the other: a correction. (Two files that disagree in *one* import are refused.)
    for name in ("first.csv", "second.csv"):
        r = cli("import", str(tmp_path / name))
        assert r.returncode == 0, r.stderr
    return Store(tmp_path / "store.duckdb")


def test_rollback_restore_round_trip_cli(cli, two_revisions):
    store = two_revisions
    assert gdp(store) == 310.0
    r = cli("rollback", "2", "--reason", "wrong table")
    assert r.returncode == 0, r.stderr
    assert "revision 2 (second.csv) rolled back" in r.stdout
    assert gdp(store) == 300.0, "the earlier revision's value shows again"
    hist = json.loads(cli("history", "--json").stdout)
    assert [(h["revision"], h["active"]) for h in hist] == [(2, False), (1, True)]
    r = cli("rollback", "2")
    assert r.returncode == 2 and "already rolled back" in r.stderr
    r = cli("restore", "2")
    assert r.returncode == 0 and gdp(store) == 310.0
    r = cli("rollback", "9")
    assert r.returncode == 2 and "no revision 9" in r.stderr
    log = store.audit_log()
    assert list(log.action)[::-1] == ["import", "import", "rollback", "restore"]
    assert list(log.user_name) == ["ana"] * 4
    assert "wrong table" in log.detail.iloc[1]
    # nothing was deleted: both revisions' observations are still stored
    assert len(store.value_history("gdp", "2023Q2", HOME)) == 2


def test_rollback_through_store_both_revisions(tmp_path, two_revisions):
    store = two_revisions
    gen0 = store.generation()
    store.set_revision_active(2, False, user="boss", reason="check")
    store.set_revision_active(1, False, user="boss")
    assert gdp(store) is None and store.generation() != gen0
    store.set_revision_active(1, True, user="boss")
    assert gdp(store) == 300.0
    cur = store.current_values(2023, HOME)
    assert set(cur.indicator) == {"gdp", "retail"}
    log = store.audit_log()
    assert list(log.action[:3])[::-1] == ["rollback", "rollback", "restore"]
    assert set(log.user_name[:3]) == {"boss"}


def test_backup_and_restore_backup(tmp_path, cli, two_revisions):
    store = two_revisions
    out = tmp_path / "backups" / "copy.duckdb"
    r = cli("backup", str(out))
    assert r.returncode == 0, r.stderr
    assert "2 revisions" in r.stdout and out.exists()
    cli("rollback", "2")
    (tmp_path / "third.csv").write_bytes(template_csv({"gdp": 999.0}))
    assert cli("import", str(tmp_path / "third.csv")).returncode == 0
    assert gdp(store) == 999.0
    r = cli("restore-backup", str(out))
    assert r.returncode == 0, r.stderr
    assert gdp(store) == 310.0 and len(store.history()) == 2
    kept = sorted((tmp_path / "backups").glob("store-before-restore-*.duckdb"))
    assert len(kept) == 1, "the replaced store is kept"
    old = Store(kept[0])
    assert len(old.history()) == 3 and gdp(old) == 999.0
    assert store.audit_log().action.iloc[0] == "restore_backup"
    assert "backup" in list(old.audit_log().action), "the backup itself was audited (in the store it copied)"
    # a file that is not a store is refused and changes nothing
    (tmp_path / "junk.duckdb").write_bytes(b"not a database at all" * 10)
    r = cli("restore-backup", str(tmp_path / "junk.duckdb"))
    assert r.returncode == 2 and "not a DuckDB store" in r.stderr
    assert gdp(store) == 310.0

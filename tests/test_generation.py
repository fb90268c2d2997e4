"""The store's generation: the app's cache key, learnt from a file next to the database without opening it.

It must change with every committed write of every kind (so no page shows stale data after an import),
stay put across reads (so caches are shared), be the same for every process, and survive a writer that was
killed while it held the lock.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from plantrack.ingest.records import MilestoneRecord, ParsedFile, Record
from plantrack.store.database import Store

REPO = Path(__file__).resolve().parents[1]
HOME = "岳阳楼区"


def parsed(name: str, value: float) -> ParsedFile:
    return ParsedFile(file=name, sha256=name, size=1, layout="template",
                      records=[Record("gdp", "2023Q2", value, "亿元", 6.0, None, region=HOME)])


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "g.duckdb")
    s.import_parsed(parsed("first.xlsx", 380.0), user="t")
    return s


def _writes(store: Store, tmp_path: Path):
    """Every kind of write the app or the CLI makes, each a callable."""
    from plantrack.actions.actor import shell_user
    from plantrack.actions.backups import backup_store, restore_backup

    def backup_then_restore():
        out = backup_store(tmp_path / "b.duckdb", shell_user("t"), store=store).path
        store.import_parsed(parsed("between.xlsx", 1.0), user="t")
        restore_backup(out, shell_user("t"), store=store)

    return {
        "import": lambda: store.import_parsed(parsed("second.xlsx", 390.0), user="t"),
        "edit": lambda: store.record_edit(ParsedFile("页面编辑", "", 0, "edit", milestones=[
            MilestoneRecord("sealing_park_approval", "done", "2023Q2", "2023-05-01", "")]), user="t", note="n"),
        "rollback": lambda: store.set_revision_active(1, False, user="t"),
        "restore": backup_then_restore,
    }


@pytest.mark.parametrize("kind", ["import", "edit", "rollback", "restore"])
def test_every_kind_of_write_changes_the_generation_and_reads_do_not(store, tmp_path, kind):
    before = store.generation()
    store.history()
    store.current_values(2023, HOME)
    assert store.generation() == before            # reads leave it alone: caches stay shared
    _writes(store, tmp_path)[kind]()
    after = store.generation()
    assert after != before
    assert Store(store.path).generation() == after  # what another process (a new Store) sees too


def test_a_failed_write_still_leaves_a_usable_generation(store):
    before = store.generation()
    from plantrack.store.database import AlreadyImported
    with pytest.raises(AlreadyImported):
        store.import_parsed(parsed("first.xlsx", 380.0), user="t")
    assert not store.generation().endswith("pending")
    assert store.generation() == store.generation()
    assert before  # the old token was a real one


def test_generation_is_read_without_the_store_lock(store):
    """A viewer's run must not wait for an import: while another thread holds the lock (as an import does),
    the generation comes from the file."""
    token = store.generation()
    held, release = threading.Event(), threading.Event()

    def writer():
        with store.lock(write=True):
            held.set()
            release.wait(30)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert held.wait(30)
        got = []
        reader = threading.Thread(target=lambda: got.append(store.generation()))
        reader.start()
        reader.join(20)
        assert not reader.is_alive(), "generation() waited for the lock"
        assert got == [token]            # while the write is pending: the committed (old) data's token
    finally:
        release.set()
        t.join(30)
    assert store.generation() != token   # released: a new generation


def test_a_killed_writer_leaves_pending_and_the_next_reader_replaces_it(store, tmp_path):
    """A writer killed after its commit but before it published the new token leaves "<token> pending":
    the next reader that can take the lock publishes a fresh token, so no cache keeps the old data."""
    token = store.generation()
    code = (f"import os, sys; sys.path.insert(0, {str(REPO)!r})\n"
            "from plantrack.store.database import Store\n"
            f"s = Store({str(store.path)!r})\n"
            "with s.lock(write=True):\n"
            "    os._exit(9)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 9, res.stderr
    assert store.generation_path.read_text().strip() == f"{token} pending"
    fresh = store.generation()
    assert fresh != token and not fresh.endswith("pending")
    assert store.generation() == fresh
    assert Store(store.path).generation() == fresh


def test_a_new_database_at_the_same_path_gets_a_new_generation(tmp_path):
    db = tmp_path / "n.duckdb"
    old = Store(db).generation()
    os.remove(db)
    assert Store(db).generation() != old


def test_a_missing_generation_file_is_recreated(store):
    token = store.generation()
    os.remove(store.generation_path)
    again = store.generation()
    assert again != token and store.generation_path.exists()
    assert store.generation() == again


def test_session_holds_one_connection_for_nested_reads(store):
    with store.session() as con:
        with store.connect() as inner:
            assert inner is con
        assert len(store.history()) == 1     # a query inside the session: no second lock, no deadlock
    assert len(store.history()) == 1         # and after it, an ordinary connection again

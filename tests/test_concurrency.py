"""Several sessions importing at once (threads through one Store, as Streamlit sessions share the cached
Store) while a second process imports through the CLI: each import succeeds, or fails with the clear
StoreBusy message; no revision is lost and each is whole."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from _safety_files import big_template_csv, template_csv  # noqa: E402

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.model.plan import load_plan
from plantrack.store.database import Store, StoreBusy

PLAN = load_plan(REPO / "plan_config.toml")
THREADS = 6
CLI_FILES = 3


def test_threads_and_a_cli_process_import_at_once(tmp_path):
    db = tmp_path / "store.duckdb"
    store = Store(db, timeout=60)
    files = {f"session{i}.csv": big_template_csv(PLAN, years=range(2020, 2024), seed=i) for i in range(THREADS)}
    parsed = {n: parse_file(plan=PLAN, data=d, name=n) for n, d in files.items()}
    cli_paths = []
    for i in range(CLI_FILES):
        p = tmp_path / f"cli{i}.csv"
        # disjoint years: files of one import that disagree on a figure are refused (issue 15 item 9)
        p.write_bytes(big_template_csv(PLAN, years=range(2005 + 4 * i, 2009 + 4 * i), seed=100 + i))
        cli_paths.append(str(p))

    env = dict(os.environ, PLANTRACK_DB=str(db), PLANTRACK_ACCOUNTS=str(tmp_path / "accounts.json"))
    outcomes: dict[str, object] = {}
    start = threading.Barrier(THREADS + 1)

    def session(name: str) -> None:
        start.wait()
        try:
            outcomes[name] = store.import_parsed(parsed[name], user=f"analyst-{name}", content=files[name])
        except StoreBusy as e:
            outcomes[name] = e
        except BaseException as e:   # anything else is a failure of the test
            outcomes[name] = e

    threads = [threading.Thread(target=session, args=(n,)) for n in files]
    for t in threads:
        t.start()
    cli = subprocess.Popen([sys.executable, "-m", "plantrack", "import", "--user", "cli", *cli_paths], cwd=REPO,
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)   # the CLI is starting up; release the sessions into it
    start.wait()
    for t in threads:
        t.join(timeout=120)
    out, err = cli.communicate(timeout=120)

    busy = [n for n, o in outcomes.items() if isinstance(o, StoreBusy)]
    failed = {n: o for n, o in outcomes.items() if isinstance(o, BaseException) and n not in busy}
    assert not failed, failed
    for n in busy:
        assert "busy" in str(outcomes[n]) and "try again" in str(outcomes[n])
    if cli.returncode != 0:
        assert cli.returncode == 2 and "busy" in err, err
    ok_sessions = [o for o in outcomes.values() if not isinstance(o, BaseException)]
    cli_done = out.count("— revision ")
    assert len(ok_sessions) + len(busy) == THREADS

    rows = store.query("revision_integrity")
    assert not rows.orphan.any()
    assert (rows.declared_rows == rows.stored_rows).all()
    h = store.history()
    assert len(h) == len(ok_sessions) + cli_done, "every reported revision is in the store, no more"
    assert sorted(h.revision) == list(range(1, len(h) + 1)), "revision numbers are unique and gap-free"
    assert set(h.user_name) == {f"analyst-{n}" for n, o in outcomes.items() if not isinstance(o, BaseException)} | (
        {"cli"} if cli_done else set())
    # with a 60 s lock timeout nothing should actually have been refused here
    assert not busy and cli.returncode == 0 and cli_done == CLI_FILES, (busy, err)
    print(f"\n{THREADS} threads + 1 CLI process ({CLI_FILES} files): {len(h)} revisions, none lost, 0 busy")


def test_busy_store_fails_clearly(tmp_path):
    """A writer that cannot get the lock within its timeout gets StoreBusy with a message saying what to do."""
    db = tmp_path / "store.duckdb"
    Store(db)
    impatient = Store(db, timeout=0.3)
    data = template_csv({"gdp": 1.0})
    parsed = parse_file(plan=PLAN, data=data, name="x.csv")
    # another process holds the lock (threads of one process queue on the thread lock instead)
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time; sys.path.insert(0, sys.argv[1]);"
                              "from plantrack.store.database import Store; s = Store(sys.argv[2]);"
                              "cm = s.lock(); cm.__enter__(); print('held', flush=True); time.sleep(5)",
                              str(REPO), str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "held"
        t0 = time.monotonic()
        try:
            impatient.import_parsed(parsed, user="x")
            raise AssertionError("expected StoreBusy")
        except StoreBusy as e:
            assert "busy" in str(e) and "try again" in str(e) and "数据库正被占用" in str(e)
        assert time.monotonic() - t0 < 3
    finally:
        child.kill()
        child.wait()
    assert impatient.import_parsed(parsed, user="x").revision == 1, "works again once the lock is free"


"""Kill an importing process with SIGKILL at random moments, many times: every time the store opens cleanly
and holds each revision whole (stored rows = the revision's record_count) or not at all; no orphan rows, and
no revision that was reported committed is lost.

A "zygote" subprocess imports pandas/duckdb/plantrack and parses a sizeable file (≈ 3,400 values) once, then
forks a fresh importer per round (no DuckDB database is opened before forking) so the 20+ rounds cost a
fork each instead of an interpreter start. Each importer loops over Store.import_parsed and writes a byte
before ('b') and after ('d') each import to a pipe; the zygote kills it after a random delay, then forks a
verifier that opens the store and checks it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 22

ZYGOTE = r"""
import json, os, random, signal, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/tests")
import duckdb, pandas
from _safety_files import big_template_csv
from plantrack.ingest import parse_file
from plantrack.model.plan import load_plan
plan = load_plan(sys.argv[1] + "/plan_config.toml")
db, rounds = sys.argv[2], int(sys.argv[3])
data = big_template_csv(plan)
parsed = parse_file(plan=plan, data=data, name="big.csv")
rng = random.Random(20231)

def importer(w, loops):
    from plantrack.store.database import Store
    store = Store(db, timeout=30)
    os.write(w, b"r")
    for i in range(loops):
        parsed.sha256 = f"{os.getpid()}-{i}"
        os.write(w, b"b")
        store.import_parsed(parsed, user="killer", content=data, allow_duplicate=True)
        os.write(w, b"d")

def verify():
    from plantrack.store.database import Store
    store = Store(db, timeout=30)
    rows = store.query("revision_integrity")
    return {"revisions": int((~rows.orphan).sum()),
            "bad": [int(r) for r in rows[(rows.declared_rows != rows.stored_rows) | rows.orphan].revision],
            "records": [int(x) for x in rows.declared_rows.dropna().unique()]}

def fork(fn):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        code = 0
        try:
            out = fn(w)
            if out is not None:
                os.write(w, json.dumps(out).encode())
        except BaseException as e:
            os.write(w, ("!" + repr(e)).encode()); code = 1
        os._exit(code)
    os.close(w)
    return pid, r

def read_all(r):
    chunks = []
    while True:
        c = os.read(r, 65536)
        if not c:
            break
        chunks.append(c)
    os.close(r)
    return b"".join(chunks)

def check():
    pid, r = fork(lambda w: verify())
    out = read_all(r); os.waitpid(pid, 0)
    if out.startswith(b"!"):
        return {"error": out.decode()}
    return json.loads(out)

# calibrate: how long does one import take?
pid, r = fork(lambda w: importer(w, 2))
t0 = time.monotonic(); read_all(r); os.waitpid(pid, 0)
per_import = (time.monotonic() - t0) / 2
committed = check()["revisions"]
results = []
for k in range(rounds):
    pid, r = fork(lambda w: importer(w, 10**6))
    assert os.read(r, 1) == b"r"
    time.sleep(rng.uniform(0.0, 2.0 * per_import))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    marks = read_all(r).decode(errors="replace")
    done = marks.count("d")
    mid = marks.endswith("b")
    t1 = time.monotonic()
    state = check()
    state["verify_s"] = round(time.monotonic() - t1, 3)
    state.update(round=k, done=done, mid_import=mid, committed_before=committed)
    results.append(state)
    committed = state.get("revisions", committed)
print(json.dumps({"per_import_s": per_import, "records": len(parsed.records), "results": results}))
"""


def test_sigkill_mid_import_leaves_whole_revisions(tmp_path):
    db = tmp_path / "store.duckdb"
    proc = subprocess.run([sys.executable, "-c", ZYGOTE, str(REPO), str(db), str(ROUNDS)], capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    results = report["results"]
    assert report["records"] >= 3000
    assert len(results) == ROUNDS >= 20
    for r in results:
        assert "error" not in r, f"round {r['round']}: the store did not open: {r['error']}"
        assert r["bad"] == [], f"round {r['round']}: partial or orphan revisions {r['bad']}"
        assert r["records"] in ([], [report["records"]]), r
        # every import reported done is there; at most one more (committed, killed before saying so)
        expected = r["committed_before"] + r["done"]
        assert expected <= r["revisions"] <= expected + 1, r
    mid = sum(r["mid_import"] for r in results)
    assert mid >= ROUNDS // 2, f"only {mid} of {ROUNDS} kills landed inside an import"
    print(f"\n{ROUNDS} SIGKILLs, {mid} inside import_parsed; one import ≈ {report['per_import_s']:.3f} s; "
          f"{results[-1]['revisions']} whole revisions")

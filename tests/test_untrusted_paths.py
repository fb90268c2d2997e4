"""Paths given to the CLI are checked before they are read: size by fstat, only regular files (a FIFO would
block, /dev/zero never ends), and a refused path never stops the other files of the same import."""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from plantrack.ingest import parse_file  # noqa: E402
from plantrack.ingest.files import read_regular_file  # noqa: E402
from plantrack.ingest.records import IngestError
from plantrack.model.plan import load_plan

PLAN = load_plan(REPO / "plan_config.toml")
GOOD = REPO / "tests" / "data" / "ingest" / "bureau_2023_h1.xlsx"


def test_sparse_file_over_the_limit_is_refused_by_its_size_not_read(tmp_path):
    big = tmp_path / "大表.csv"
    with open(big, "wb") as f:
        f.truncate(3 * 1024 ** 3)          # 3 GB, sparse: costs nothing on disk
    with pytest.raises(IngestError) as exc:
        read_regular_file(big, big.name, PLAN.import_)
    assert exc.value.code == "too_large" and "3072.0 MB" in str(exc.value)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "symlink_to_dev_zero", "directory"])
def test_special_files_are_refused_without_reading(tmp_path, kind):
    p = tmp_path / "表.csv"
    if kind == "fifo":
        os.mkfifo(p)                        # opening it for reading would wait for a writer
    elif kind == "dev_zero":
        p = Path("/dev/zero")
    elif kind == "symlink_to_dev_zero":
        p.symlink_to("/dev/zero")
    else:
        p.mkdir()
    with pytest.raises(IngestError) as exc:
        read_regular_file(p, "表.csv", PLAN.import_)
    assert exc.value.code == "not_a_file" and "not a regular file" in str(exc.value)
    with pytest.raises(IngestError):
        parse_file(p, plan=PLAN, name="表.csv")


def test_a_file_growing_past_the_limit_while_read_is_cut_off(tmp_path):
    small = dataclasses.replace(PLAN.import_, max_file_mb=0.001)   # ≈ 1 KB
    p = tmp_path / "a.csv"
    p.write_bytes(b"x" * 1000)
    assert len(read_regular_file(p, "a.csv", small)) == 1000
    p.write_bytes(b"x" * 2000)
    with pytest.raises(IngestError):
        read_regular_file(p, "a.csv", small)


def test_cli_refuses_fifo_and_dev_zero_in_one_line_each_and_imports_the_rest(tmp_path):
    fifo = tmp_path / "管道.csv"
    os.mkfifo(fifo)
    zero = tmp_path / "零.csv"
    zero.symlink_to("/dev/zero")
    sparse = tmp_path / "稀疏.xlsx"
    with open(sparse, "wb") as f:
        f.truncate(3 * 1024 ** 3)
    env = dict(os.environ, PLANTRACK_DB=str(tmp_path / "store.duckdb"), PLANTRACK_ACCOUNTS=str(tmp_path / "a.json"))
    proc = subprocess.run([sys.executable, "-m", "plantrack", "import", "--user", "tester", "--json", str(fifo),
                           str(zero), str(sparse), str(GOOD)], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2, proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(errors) == 3, proc.stderr
    assert errors[0].startswith("error: 管道.csv") and "not a regular file" in errors[0]
    assert errors[1].startswith("error: 零.csv") and "not a regular file" in errors[1]
    assert errors[2].startswith("error: 稀疏.xlsx") and "too large" in errors[2]
    files = json.loads(proc.stdout)["files"]
    assert [f["file"] for f in files] == [GOOD.name] and files[0]["records"]

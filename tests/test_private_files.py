"""Files holding uploads, the audit log and password hashes are owner-only (0600) whatever the umask; a line
break in a file name cannot split the CLI's one-line error; the CLI records an account-style name or the
operating-system user, never free text."""
from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from _safety_files import template_csv  # noqa: E402


def _mode(p: Path) -> int:
    return p.stat().st_mode & 0o777


def test_store_lock_wal_backups_and_accounts_are_0600_under_a_lax_umask(tmp_path):
    (tmp_path / "good.csv").write_bytes(template_csv({"gdp": 300.0}))
    script = textwrap.dedent(f"""
        import json, os, sys
        os.umask(0o022)                       # what a shell usually gives
        sys.argv = ["plantrack"]
        from plantrack.cli import main
        from plantrack.store.database import Store
        assert main(["import", {str(tmp_path / "good.csv")!r}]) == 0
        assert main(["backup", {str(tmp_path / "backups" / "copy.duckdb")!r}]) == 0
        store = Store({str(tmp_path / "store.duckdb")!r})
        with store.connect() as con:          # a write leaves a WAL while the connection is open
            con.execute("insert into audit_log values (999, now()::timestamp, 'x', 'x', 'x')")
            wal = {str(tmp_path / "store.duckdb.wal")!r}
            mode = oct(os.stat(wal).st_mode & 0o777) if os.path.exists(wal) else None
        print(json.dumps({{"wal": mode}}))
    """)
    env = dict(os.environ, PLANTRACK_DB=str(tmp_path / "store.duckdb"),
               PLANTRACK_ACCOUNTS=str(tmp_path / "accounts.json"))
    r = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    wal = json.loads(r.stdout.strip().splitlines()[-1])["wal"]
    assert wal in (None, "0o600"), wal
    r = subprocess.run([sys.executable, "-c", "import os; os.umask(0o022); from plantrack.cli import main; "
                        "raise SystemExit(main(['user', 'add', 'ana', '--role', 'analyst', '--password-stdin']))"],
                       cwd=REPO, env=env, input="Secret-pass-1\n", capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    made = [tmp_path / "store.duckdb", tmp_path / "store.duckdb.lock", tmp_path / "backups" / "copy.duckdb",
            tmp_path / "accounts.json", tmp_path / "accounts.json.lock"]
    assert {p.name: oct(_mode(p)) for p in made} == {p.name: "0o600" for p in made}


def test_a_store_left_0644_is_tightened_when_opened(tmp_path):
    from plantrack.store.database import Store
    Store(tmp_path / "s.duckdb")
    os.chmod(tmp_path / "s.duckdb", 0o644)
    os.chmod(tmp_path / "s.duckdb.lock", 0o644)
    Store(tmp_path / "s.duckdb").history()
    assert _mode(tmp_path / "s.duckdb") == 0o600 and _mode(tmp_path / "s.duckdb.lock") == 0o600


def _cli(tmp_path, *args, user_env: str | None = None):
    env = dict(os.environ, PLANTRACK_DB=str(tmp_path / "store.duckdb"),
               PLANTRACK_ACCOUNTS=str(tmp_path / "accounts.json"))
    env.pop("PLANTRACK_USER", None)
    if user_env is not None:
        env["PLANTRACK_USER"] = user_env
    return subprocess.run([sys.executable, "-m", "plantrack", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_line_break_in_a_file_name_stays_on_one_error_line(tmp_path):
    names = ["bad\nerror: fake second line.csv", "bad\r\nx.csv", "bad\x1b[2Jx.csv", "bad\u2028x.csv"]
    for name in names:
        (tmp_path / name).write_bytes("指标代码,期间\nxyz,2023Q2\n".encode())
    r = _cli(tmp_path, "import", *(str(tmp_path / n) for n in names))
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert len(lines) == len(names), r.stderr
    assert all(line.startswith("error: ") for line in lines), r.stderr
    assert "\x1b" not in r.stderr


def test_cli_records_the_os_user_or_an_account_name_never_free_text(tmp_path):
    from plantrack.store.database import Store
    (tmp_path / "a.csv").write_bytes(template_csv({"gdp": 300.0}))
    (tmp_path / "b.csv").write_bytes(template_csv({"gdp": 301.0}))
    r = _cli(tmp_path, "import", "--user", "boss\nadmin: approved", str(tmp_path / "a.csv"))
    assert r.returncode == 2 and "account name" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    r = _cli(tmp_path, "import", str(tmp_path / "a.csv"), user_env="<b>x</b> y")
    assert r.returncode == 2
    assert not (tmp_path / "store.duckdb").exists() or Store(tmp_path / "store.duckdb").history().empty
    assert _cli(tmp_path, "import", str(tmp_path / "a.csv")).returncode == 0
    assert _cli(tmp_path, "import", "--user", "ana", str(tmp_path / "b.csv")).returncode == 0
    users = list(Store(tmp_path / "store.duckdb").history().sort_values("revision").user_name)
    assert users == [getpass.getuser(), "ana"]

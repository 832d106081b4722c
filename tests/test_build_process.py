"""`scorecard build` around the job (issue 13): one run per warehouse, dbt dies with the
build, one line and exit code 1 for each reason a run cannot start, a private work area."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from scorecard.cli import main
from scorecard.generate import generate
from scorecard.settings import PROJECT_ROOT

AS_OF = "2026-10-10"
START_TIMEOUT = 600  # seconds: Dagster and dbt start slowly on a busy two-core machine


def build_args(input_dir: Path, warehouse: Path) -> list[str]:
    return ["build", "--input", str(input_dir), "--warehouse", str(warehouse), "--as-of", AS_OF]


def build_process(input_dir: Path, warehouse: Path, log: Path) -> subprocess.Popen:
    """`scorecard build` in its own process, its output to a file (a pipe could fill up)."""
    with log.open("w") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "scorecard.cli", *build_args(input_dir, warehouse)],
            cwd=PROJECT_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up after {timeout} s waiting for {what}")


def holders(*paths: Path) -> set[int]:
    """Processes with any of the files open, from /proc (what `fuser` would say)."""
    wanted = {str(path) for path in paths}
    found = set()
    for descriptors in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in wanted for fd in descriptors.iterdir()):
                found.add(int(descriptors.parent.name))
        except OSError:  # the process ended meanwhile, or is not ours to read
            continue
    return found


def unlocked(database: Path) -> bool:
    """No process holds DuckDB's lock on the database. A killed multi-threaded process can
    show as a zombie, its descriptors unreadable in /proc, while its other threads are still
    exiting with the file (and the lock) open: only opening the database tells."""
    try:
        duckdb.connect(str(database)).close()
    except duckdb.IOException:
        return False
    return True


def small_center(root: Path) -> Path:
    input_dir = root / "input"
    generate(input_dir, agents=6, months=1, start="2026-09", seed=2)
    (input_dir / "calls" / "empty.csv").write_bytes(b"")  # skipped: blocks nothing
    return input_dir


def test_a_build_killed_during_dbt_leaves_no_process_holding_the_database(tmp_path, capsys):
    input_dir, warehouse = small_center(tmp_path), tmp_path / "warehouse"
    database = warehouse / "work.duckdb"
    files = (database, database.with_name("work.duckdb.wal"))
    build = build_process(input_dir, warehouse, tmp_path / "killed.log")

    # dbt runs when a process other than the build itself has the work database open.
    dbt = wait_for(lambda: holders(*files) - {build.pid}, START_TIMEOUT, "dbt to open the database")
    build.send_signal(signal.SIGKILL)
    build.wait()

    assert wait_for(
        lambda: not holders(*files) and unlocked(database), 30, f"dbt {dbt} to end with its parent"
    )
    capsys.readouterr()
    code = main(build_args(input_dir, warehouse))
    out, err = capsys.readouterr()
    assert code == 0, out[-3000:] + err[-3000:]
    assert "Published publication 1: 2026-09 final" in out
    assert "calls/empty.csv" in out and "empty file (0 bytes): nothing to load" in out
    assert err.count("customer ids are hashed with the public demo salt") == 1
    # The work area is private; what BI tools read is not.
    mode = lambda path: path.stat().st_mode & 0o777  # noqa: E731
    assert mode(database) == 0o600
    assert (mode(warehouse / "logs"), mode(warehouse / "dbt_target")) == (0o700, 0o700)
    assert {mode(log) for log in (warehouse / "logs").iterdir()} == {0o600}
    assert mode(warehouse / "build.lock") == 0o600
    umask = os.umask(0)
    os.umask(umask)
    assert mode(warehouse / "published.duckdb") == 0o666 & ~umask


def test_a_second_build_on_a_busy_warehouse_says_so_in_one_line(tmp_path):
    input_dir, warehouse = small_center(tmp_path), tmp_path / "warehouse"
    first = build_process(input_dir, warehouse, tmp_path / "first.log")
    lock = warehouse / "build.lock"
    holder = wait_for(
        lambda: lock.exists() and lock.read_text() and json.loads(lock.read_text()),
        START_TIMEOUT,
        "the first build to hold the warehouse",
    )
    try:
        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "scorecard.cli", *build_args(input_dir, warehouse)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        elapsed = time.monotonic() - started
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()

    assert holder["pid"] == first.pid
    started_at = datetime.fromisoformat(holder["started_at"]).astimezone()
    assert second.returncode == 1
    assert second.stdout == ""
    assert second.stderr.splitlines() == [
        f"warehouse busy: build {first.pid} started {started_at:%Y-%m-%d %H:%M:%S} holds "
        f"{warehouse}; try again when it has finished"
    ]
    assert elapsed < 30  # told at once, before Dagster and dbt are loaded


def test_a_work_database_held_outside_any_build_is_named_in_one_line(tmp_path):
    input_dir, warehouse = small_center(tmp_path), tmp_path / "warehouse"
    warehouse.mkdir()
    database = warehouse / "work.duckdb"
    # Like the dbt a killed build used to leave behind: a process with the database open.
    orphan = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "sys.stdin.read()",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert orphan.stdout.readline().strip() == "open"
        blocked = subprocess.run(
            [sys.executable, "-m", "scorecard.cli", *build_args(input_dir, warehouse)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        orphan.communicate("")

    assert blocked.returncode == 1
    (line,) = blocked.stderr.splitlines()
    assert re.fullmatch(
        rf"warehouse busy: process {orphan.pid} \(\S+\) holds {re.escape(str(database))} "
        rf"outside any build; stop it \(kill {orphan.pid}\) and run again",
        line,
    ), line
    assert blocked.stdout == ""


def test_a_read_only_warehouse_is_one_line_and_exit_code_1(tmp_path):
    input_dir, warehouse = tmp_path / "input", tmp_path / "warehouse"
    input_dir.mkdir()
    warehouse.mkdir()
    # A read-only file system (as a read-only mount would be), in a private mount namespace.
    command = " ".join(
        [
            f"mount --bind {shlex.quote(str(warehouse))} {shlex.quote(str(warehouse))} &&",
            f"mount -o remount,bind,ro {shlex.quote(str(warehouse))} &&",
            f"touch {shlex.quote(str(warehouse / 'probe'))} 2>/dev/null; test $? -ne 0 &&",
            shlex.join([sys.executable, "-m", "scorecard.cli", "build"]),
            shlex.join(["--input", str(input_dir), "--warehouse", str(warehouse)]),
        ]
    )
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"warehouse not writable: cannot write {warehouse / 'build.lock'} (Read-only file "
        f"system); give this account write access to {warehouse} or choose another --warehouse"
    ]


def test_a_build_that_fails_before_dbt_prints_no_earlier_dbt_summary(tmp_path, capsys, monkeypatch):
    input_dir, warehouse = small_center(tmp_path), tmp_path / "warehouse"
    (input_dir / "surveys" / "broken.csv").write_text("survey,when\n1,yesterday\n")
    # What the previous, successful run left in dbt's target directory.
    earlier = {
        "metadata": {
            "generated_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        },
        "results": [
            {"status": "pass", "unique_id": f"test.{n}", "message": None} for n in range(762)
        ],
    }
    (warehouse / "dbt_target").mkdir(parents=True)
    (warehouse / "dbt_target" / "run_results.json").write_text(json.dumps(earlier))
    monkeypatch.setenv("SCORECARD_CUSTOMER_SALT", "a secret of this center")

    assert main(build_args(input_dir, warehouse)) == 1

    out, err = capsys.readouterr()
    assert "dbt build:" not in out and "762 pass" not in out
    assert "FAILED raw__surveys: surveys/broken.csv: wrong header" in err
    assert "public demo salt" not in err

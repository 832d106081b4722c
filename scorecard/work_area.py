"""The warehouse directory as the work area of one run at a time, kept private.

`scorecard build`, `restate` and `dbt` hold the warehouse lock for their whole run: an
exclusive `flock` on `<warehouse>/build.lock`, whose content (a small JSON: pid, host,
command, start time) names the holder for the run that finds it busy. The kernel releases
the lock when its process dies, however it dies, so a killed build leaves no stale lock.

Before the run starts, the work database is opened once: a process still holding it from
outside any build (an orphaned dbt of a build killed before dbt was tied to its parent, a
DuckDB shell) is named in one line instead of failing the run halfway with a traceback.

Privacy: the quarantine keeps raw rows (customer ids included) in the work database, so
`work.duckdb` (and its WAL) are created 0600 and `logs/` and `dbt_target/` 0700, and an
older warehouse is tightened to the same on every run. The published files keep the
default permissions: BI tools under other accounts read them.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TextIO

import duckdb

from scorecard.settings import PRIVATE_UMASK, WarehousePaths

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIRECTORY_MODE = 0o700
_DUCKDB_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>\S+) \(PID (?P<pid>\d+)\)")


class WorkAreaError(Exception):
    """The run cannot start; the message is the one line that says why and what to do."""


@contextmanager
def private_files() -> Iterator[None]:
    """Files created meanwhile (the work database, its WAL) are private to this account.

    The umask is per process; the published files, written outside this block, keep the
    default permissions.
    """
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def private_file(path: Path) -> TextIO:
    """A text file opened for writing, readable by this account only (a build log)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    return open(descriptor, "w", encoding="utf-8")


def _describe_holder(lock_path: Path, warehouse_dir: Path) -> str:
    try:
        holder = json.loads(lock_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # the holder has the lock but has not written its name yet
        return f"warehouse busy: another run holds {warehouse_dir}; try again when it has finished"
    started = datetime.fromisoformat(holder["started_at"]).astimezone()
    host = "" if holder["host"] == socket.gethostname() else f" on host {holder['host']}"
    return (
        f"warehouse busy: {holder['command']} {holder['pid']}{host} started "
        f"{started:%Y-%m-%d %H:%M:%S} holds {warehouse_dir}; "
        "try again when it has finished"
    )


def _check_work_database(warehouse_dir: Path) -> None:
    """Open the work database once: no other process may hold it, and it is private."""
    database = WarehousePaths(warehouse_dir).work_database
    if not database.exists():
        return
    try:
        with private_files():
            duckdb.connect(str(database)).close()
    except duckdb.Error as error:  # held by another process, or not a database we can read
        holder = _DUCKDB_HOLDER.search(str(error))
        if holder is None:
            raise WorkAreaError(f"cannot open {database}: {error}") from error
        pid = holder["pid"]
        raise WorkAreaError(
            f"warehouse busy: process {pid} ({holder['program']}) holds {database} outside "
            f"any build; stop it (kill {pid}) and run again"
        ) from error
    for path in (database, database.with_name(database.name + ".wal")):
        if path.exists():
            path.chmod(PRIVATE_FILE_MODE)


def _make_private_directories(warehouse_dir: Path) -> None:
    for directory in WarehousePaths(warehouse_dir).private_directories:
        directory.mkdir(mode=PRIVATE_DIRECTORY_MODE, exist_ok=True)
        directory.chmod(PRIVATE_DIRECTORY_MODE)


@contextmanager
def hold_work_area(warehouse_dir: Path, command: str) -> Iterator[None]:
    """Hold the warehouse for one run of `command`; WorkAreaError if it cannot start."""
    warehouse_dir = warehouse_dir.resolve()
    lock_path = WarehousePaths(warehouse_dir).build_lock
    try:
        warehouse_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    except OSError as error:
        raise WorkAreaError(
            f"warehouse not writable: cannot write {error.filename or lock_path} "
            f"({error.strerror}); give this account write access to {warehouse_dir} "
            "or choose another --warehouse"
        ) from error
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkAreaError(_describe_holder(lock_path, warehouse_dir)) from None
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command,
            "started_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(holder).encode(), 0)
        try:
            _make_private_directories(warehouse_dir)
            _check_work_database(warehouse_dir)
        except OSError as error:
            raise WorkAreaError(
                f"warehouse not writable: {error.filename or warehouse_dir} ({error.strerror})"
            ) from error
        try:
            yield
        finally:
            os.ftruncate(descriptor, 0)
    finally:
        os.close(descriptor)  # closing releases the lock

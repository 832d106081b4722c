"""`scorecard-dbt`: dbt, tied to the process that started it.

dagster-dbt (and `scorecard dbt`) start dbt as a child process. If the parent is killed
(SIGKILL, an OOM kill, a lost terminal), an ordinary child lives on, keeps writing the
work database and holds its lock, and the next build fails. This launcher asks the kernel
to kill it when its parent dies (Linux `prctl(PR_SET_PDEATHSIG)`, kept across `exec`),
makes the files dbt creates private (the work database's WAL holds raw rows), then
replaces itself with the real dbt of this environment: same arguments, same exit code.

It also runs dbt from the warehouse folder, naming the work database by a relative path.
dbt reuses its parse of the project (partial parsing, about 5 s instead of 15 s) only if the
profile's connection is unchanged, and the connection includes the database path: with the
absolute path, every new warehouse (each test, each center) paid for a full parse.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
from pathlib import Path

from scorecard.settings import PRIVATE_UMASK

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Set by the process that starts dbt: if it is gone by the time the signal is armed, the
# kernel will never send it, so the launcher stops at once instead.
PARENT_PID_VARIABLE = "SCORECARD_DBT_PARENT_PID"
DATABASE_VARIABLE = "SCORECARD_DUCKDB_PATH"
DBT_EXECUTABLE_VARIABLE = "SCORECARD_DBT_EXECUTABLE"


def die_with_parent() -> None:
    """Arrange SIGKILL when the parent dies; exit now if it already has (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"prctl(PR_SET_PDEATHSIG): {os.strerror(error)}")
    expected = os.environ.get(PARENT_PID_VARIABLE)
    if expected and int(expected) != os.getppid() and not _alive(int(expected)):
        sys.exit(f"scorecard-dbt: the process that started dbt ({expected}) has ended")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def real_dbt() -> str:
    """This environment's dbt, or the one DBT_EXECUTABLE_VARIABLE names (the Spark engine's
    dbt-spark lives in its own environment, .venv-spark)."""
    named = os.environ.get(DBT_EXECUTABLE_VARIABLE)
    if named:
        if not Path(named).exists():
            sys.exit(f"scorecard-dbt: {named} ({DBT_EXECUTABLE_VARIABLE}) does not exist")
        return named
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if found is None:
        sys.exit("scorecard-dbt: dbt is not installed in this environment (make install)")
    return found


def run_from_the_warehouse_folder(environ: dict[str, str], cwd: Path) -> Path:
    """The folder to run dbt in, with `environ` rewritten to match (see the docstring).

    The project, profiles, target and log folders dbt would have found from `cwd` are made
    explicit and absolute first, so that they stay what they were. Returns `cwd` unchanged
    when no absolute database path is set (a developer's own dbt run).
    """
    database = Path(environ.get(DATABASE_VARIABLE, ""))
    if not database.is_absolute():
        return cwd
    project_dir = Path(environ.get("DBT_PROJECT_DIR") or cwd)
    environ["DBT_PROJECT_DIR"] = str(project_dir)
    environ.setdefault("DBT_PROFILES_DIR", str(project_dir))
    for variable in ("DBT_TARGET_PATH", "DBT_LOG_PATH"):
        if environ.get(variable) and not Path(environ[variable]).is_absolute():
            environ[variable] = str(project_dir / environ[variable])
    environ[DATABASE_VARIABLE] = database.name
    return database.parent


def main() -> None:
    die_with_parent()
    os.umask(PRIVATE_UMASK)
    executable = real_dbt()
    environ = dict(os.environ)
    os.chdir(run_from_the_warehouse_folder(environ, Path.cwd()))
    os.environ.clear()
    os.environ.update(environ)
    os.execv(executable, [executable, *sys.argv[1:]])


if __name__ == "__main__":
    main()

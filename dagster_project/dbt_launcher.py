"""`scorecard-dbt`: dbt, tied to the process that started it.

dagster-dbt (and `scorecard dbt`) start dbt as a child process. If the parent is killed
(SIGKILL, an OOM kill, a lost terminal), an ordinary child lives on, keeps writing the
work database and holds its lock, and the next build fails. This launcher asks the kernel
to kill it when its parent dies (Linux `prctl(PR_SET_PDEATHSIG)`, kept across `exec`),
makes the files dbt creates private (the work database's WAL holds raw rows), then
replaces itself with the real dbt of this environment: same arguments, same exit code.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
from pathlib import Path

from dagster_project.settings import PRIVATE_UMASK

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# Set by the process that starts dbt: if it is gone by the time the signal is armed, the
# kernel will never send it, so the launcher stops at once instead.
PARENT_PID_VARIABLE = "SCORECARD_DBT_PARENT_PID"


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
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if found is None:
        sys.exit("scorecard-dbt: dbt is not installed in this environment (make install)")
    return found


def main() -> None:
    die_with_parent()
    os.umask(PRIVATE_UMASK)
    executable = real_dbt()
    os.execv(executable, [executable, *sys.argv[1:]])


if __name__ == "__main__":
    main()

"""A center's nights, timed: the full build, a night with nothing new, a night with one new
day, and `explain`, each against a plain DuckDB scan of the same exports (issue 16).

    python benchmarks/bench_nightly.py [--size S|M|L] [--workdir .bench]

S is 200 agents × 3 months, M 1,000 agents × 6 months, L 1,000 agents × 12 months. The
generated exports are kept in the work folder and reused by the next run of the same size
(generating L takes minutes);
the warehouse is built afresh every run. The exports are delivered as they stand the day
before the last generated day; the full build and the night with nothing new run as of
that day, and the last night receives the last day's rows.

Every step runs as its own process. Wall time is measured around it; peak memory is the
largest sum of the resident memory of the process and all its descendants (dbt runs as a
child of `scorecard build`), sampled from /proc every 0.1 s; each step also prints the
processes that made up its peak.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# M is the center issue 16 measured first (1,000 agents × 6 months); L its target.
SIZES = {"S": (200, 3), "M": (1000, 6), "L": (1000, 12)}
START = "2026-01"
SCHEME = "call_center_kpi_cpi"
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measurement:
    step: str
    seconds: float
    peak_bytes: int
    peak_parts: str  # the processes at the peak: "scorecard build 0.35 GiB + dbt build 2.60 GiB"


def _process_label(pid: int) -> str:
    """`scorecard build`, `dbt build`: the program (not its interpreter) and subcommand."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    args = [arg for arg in args if arg]
    if args and Path(args[0]).name.startswith("python") and len(args) > 1:
        if args[1] == "-c":  # the scan, or multiprocessing's resource tracker
            return "python -c"
        args = args[2:] if args[1] in ("-B", "-m") else args[1:]
    words = [Path(args[0]).name] if args else ["?"]
    if len(args) > 1 and not args[1].startswith("-") and len(args[1]) < 20:
        words.append(args[1])
    return " ".join(words)


def _tree_rss(root: int) -> dict[int, int]:
    """Resident bytes of `root` and of every descendant, by pid, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    resident = {}
    for pid in tree:
        try:
            resident[pid] = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
        except OSError:
            continue
    return resident


def measure(step: str, command: list[str], log: Path) -> Measurement:
    """Run a command to completion; its wall time and the peak RSS of its process tree."""
    peak, parts = 0, {}
    with log.open("a", encoding="utf-8") as output:
        output.write(f"\n$ {' '.join(command)}\n")
        output.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak, parts
            while not done.wait(0.1):
                resident = _tree_rss(process.pid)
                if sum(resident.values()) > peak:  # named now: the processes end
                    peak = sum(resident.values())
                    parts = {pid: (_process_label(pid), size) for pid, size in resident.items()}

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = process.wait()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    if code != 0:
        sys.exit(f"bench: {step} failed with exit code {code}; see {log}")
    labelled = sorted(
        (part for part in parts.values() if part[1] >= 50 * 2**20),
        key=lambda part: -part[1],
    )  # a process of under 50 MiB (multiprocessing's resource tracker) is left out
    described = " + ".join(f"{label} {size / 2**30:.2f} GiB" for label, size in labelled)
    return Measurement(step, seconds, peak, described)


def scan_command(input_dir: Path) -> list[str]:
    """A plain DuckDB read of every CSV, all columns as text: the floor for any load."""
    code = (
        "import duckdb, pathlib, sys\n"
        "conn = duckdb.connect()\n"
        f"files = sorted(pathlib.Path({str(input_dir)!r}).glob('*/*.csv'))\n"
        "rows = sum(conn.execute('select count(*) from read_csv(?, all_varchar=true)', "
        "[str(f)]).fetchone()[0] for f in files)\n"
        "print(rows, 'rows in', len(files), 'files')\n"
    )
    return [sys.executable, "-c", code]


def last_generated_day(months: int) -> date:
    year, month = map(int, START.split("-"))
    month += months
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, 1) - timedelta(days=1)


def scored_agent(warehouse: Path, day: date) -> str:
    """The middle one (by id) of the agents the scheme scores in the month of `day`: the
    middle of the roster may be a team lead or an inspector, whom it does not score."""
    import duckdb

    with duckdb.connect(str(warehouse / "published.duckdb"), read_only=True) as conn:
        scored = conn.execute(
            "select agent_id from mart_agent_scores where scheme_id = ? and month = ? "
            "and eligible order by agent_id",
            [SCHEME, day.replace(day=1)],
        ).fetchall()
    return scored[len(scored) // 2][0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default=os.environ.get("SIZE", "S"))
    parser.add_argument("--workdir", type=Path, default=Path(".bench"))
    args = parser.parse_args()

    from scorecard.generate import generate
    from scorecard.generate.deliver import deliver_exports

    agents, months = SIZES[args.size]
    root = args.workdir.resolve() / args.size
    generated, input_dir, warehouse = root / "generated", root / "input", root / "warehouse"
    log = root / "bench.log"
    root.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    if not (generated / "agents" / "agents.csv").exists():
        print(f"generating {agents} agents × {months} months into {generated} ...", flush=True)
        generate(generated, agents=agents, months=months, start=START, seed=1)
    last_day = last_generated_day(months)
    day_before = last_day - timedelta(days=1)
    subprocess.run(["rm", "-rf", str(input_dir), str(warehouse)], check=True)
    deliver_exports(generated, input_dir, day_before.isoformat(), link_whole_files=True)

    scorecard = str(Path(sys.executable).with_name("scorecard"))
    build = [scorecard, "build", "--input", str(input_dir), "--warehouse", str(warehouse)]
    steps = []

    def step(name: str, command: list[str]) -> None:
        print(f"{name} ...", flush=True)
        measured = measure(name, command, log)
        steps.append(measured)
        # At L a step takes many minutes: each result is printed when it is known.
        print(
            f"  {measured.seconds:.1f} s, peak {measured.peak_bytes / 2**30:.2f} GiB "
            f"({measured.peak_parts})",
            flush=True,
        )

    step("DuckDB scan of every CSV (the floor)", scan_command(input_dir))
    step("full build", [*build, "--as-of", day_before.isoformat()])
    step("night with no new file", [*build, "--as-of", day_before.isoformat()])
    deliver_exports(generated, input_dir, last_day.isoformat(), link_whole_files=True)
    step(f"night with one new day ({last_day})", [*build, "--as-of", last_day.isoformat()])
    agent = scored_agent(warehouse, last_day)
    explain = ["explain", "--warehouse", str(warehouse), "--agent", agent]
    explain += ["--month", f"{last_day:%Y-%m}", "--scheme", SCHEME, "--rows", "3"]
    step(f"explain {agent} {last_day:%Y-%m}", [scorecard, *explain])

    csv_bytes = sum(path.stat().st_size for path in input_dir.glob("*/*.csv"))
    work_bytes = (warehouse / "work.duckdb").stat().st_size
    scan = steps[0].seconds
    print(
        f"\nSize {args.size}: {agents} agents × {months} months, {csv_bytes / 1e9:.2f} GB of "
        f"CSV; work.duckdb {work_bytes / 1e9:.2f} GB; {os.cpu_count()} cores. Log: {log}\n"
    )
    print("| step | wall | × scan | peak RSS |")
    print("|---|---|---|---|")
    for measured in steps:
        print(
            f"| {measured.step} | {measured.seconds:.1f} s | {measured.seconds / scan:.1f}× | "
            f"{measured.peak_bytes / 2**30:.2f} GiB |"
        )


if __name__ == "__main__":
    main()

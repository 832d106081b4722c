"""`generate()`: every source of SPEC §2 for a synthetic contact center."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scorecard.contract import SOURCES
from scorecard.generate import hr, quality, sales, telephony
from scorecard.generate.attendance import attendance_table, build_attendance
from scorecard.generate.bad_rows import plan_bad_rows
from scorecard.generate.roster import build_roster, roster_table
from scorecard.generate.summary import MANIFEST_NAME, BadRow, GenerationSummary
from scorecard.generate.timeline import Period, rng_for
from scorecard.generate.writer import Table, file_name, write_csv

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _remove_previous_output(out_dir: Path) -> None:
    """Delete the files a previous run listed, so a smaller rerun leaves no stale months."""
    manifest = out_dir / MANIFEST_NAME
    if not manifest.is_file():
        return
    try:
        previous = json.loads(manifest.read_text(encoding="utf-8")).get("files", {})
    except (ValueError, AttributeError):
        return
    root = out_dir.resolve()
    for relative in sorted(previous):
        path = (out_dir / relative).resolve()
        if path.suffix == ".csv" and root in path.parents and path.is_file():
            path.unlink()


def generate(
    out_dir: Path,
    *,
    agents: int,
    months: int,
    start: str,
    seed: int,
    bad_rows: int = 0,
) -> GenerationSummary:
    """Write synthetic sources for every folder of SPEC §2 into `out_dir`.

    One CSV per source and month (`<source>/<source>_<YYYY-MM>.csv`), except the roster
    (`agents/agents.csv`, every version of every person). Same arguments give
    byte-identical files. With `bad_rows` > 0, that many invalid rows of each kind in
    `bad_rows.KINDS` are mixed into the files and listed in `_generated.json`.
    """
    if not _MONTH.match(start):
        raise ValueError(f"start must be YYYY-MM, got {start!r}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    if bad_rows < 0:
        raise ValueError(f"bad_rows must not be negative, got {bad_rows}")
    out_dir = Path(out_dir)
    period = Period.build(start, months)
    roster = build_roster(rng_for(seed, "roster"), period, agents)
    att = build_attendance(rng_for(seed, "attendance"), period, roster)
    calls, states = telephony.build_telephony(rng_for(seed, "telephony"), period, roster, att)
    orders = sales.build_orders(rng_for(seed, "sales"), calls)
    ids = roster.ids

    tables: dict[str, Table] = {
        "calls": telephony.calls_table(period, ids, calls),
        "agent_states": telephony.states_table(period, ids, states),
        "qa_evaluations": quality.qa_table(rng_for(seed, "qa"), period, roster, att, calls),
        "attendance": attendance_table(period, roster, att),
        "sales": sales.order_table(period, roster, orders),
        "return_requests": sales.return_table(
            rng_for(seed, "returns"), period, roster, att, orders
        ),
        "surveys": quality.survey_table(rng_for(seed, "surveys"), period, roster, calls),
        "complaints": quality.complaint_table(rng_for(seed, "complaints"), period, roster, calls),
        "exams": hr.exam_table(rng_for(seed, "exams"), period, roster, att),
        "ratings": hr.rating_table(rng_for(seed, "ratings"), period, roster),
        "adjustments": hr.adjustment_table(rng_for(seed, "adjustments"), period, roster, att),
        "indicator_inputs": hr.indicator_input_table(rng_for(seed, "inputs"), period, roster),
    }
    unknown_agent = next(
        candidate for candidate in ("A9999", "X9999", "X0000") if candidate not in ids
    )
    plan = (
        plan_bad_rows(rng_for(seed, "bad_rows"), tables, unknown_agent, bad_rows)
        if bad_rows
        else {}
    )

    summary = GenerationSummary(
        out_dir=out_dir,
        arguments={
            "agents": agents,
            "months": months,
            "start": start,
            "seed": seed,
            "bad_rows": bad_rows,
        },
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_previous_output(out_dir)
    agents = roster_table(roster, period)
    path = "agents/agents.csv"
    summary.files[path] = write_csv(out_dir / path, agents, 0, len(agents))

    for source in SOURCES:
        if source.name == "agents":
            continue
        table = tables[source.name]
        for month in range(len(period.months)):
            path = file_name(source, period, month)
            lo, hi = table.month_slice(month)
            insertions = plan.get((source.name, month), [])
            summary.files[path] = write_csv(out_dir / path, table, lo, hi, insertions)
            summary.bad_rows += [BadRow(path, ins.line_number, ins.kind) for ins in insertions]
        if len(table) and (table.month.min() < 0 or table.month.max() >= len(period.months)):
            raise AssertionError(f"{source.name}: rows fall outside the generated months")

    manifest = json.dumps(summary.manifest(), indent=2, sort_keys=True, ensure_ascii=False)
    (out_dir / MANIFEST_NAME).write_text(manifest + "\n", encoding="utf-8")
    return summary

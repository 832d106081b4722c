"""What a run prints while it works: one line per step, or Dagster's whole log (--verbose).

By default a person running `scorecard build` sees, on stderr, one line per finished step
with its counts and elapsed time, the lines a step marks for the console (`say`: what dbt
will rebuild, a large file being read, the gate's verdict), and every warning and error.
Everything else (each file's counts, each dbt node, each gate suite) is in the run's event
log and the summary printed after the run; `--verbose` prints Dagster's full log instead.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from dagster import AssetCheckSeverity, Field, InitLoggerContext, OpExecutionContext, logger
from dagster._core.events import DagsterEvent, DagsterEventType
from dagster._core.log_manager import LOG_RECORD_METADATA_ATTR

# Dagster's execution plan logs, outside the run's event log, a warning for every blocking
# asset check a step emitted no result for: on a night when the dbt step builds nothing (no
# new rows), one per dbt test that gates the publication, which is skipped with it. The
# publication runs its own gate whenever it runs (assets/publication.py), so the notice
# says nothing a person can act on; --verbose keeps it.
_EXECUTION_PLAN_LOGGER = "dagster._core.execution.plan.active"
_UNGATED_CHECK_NOTICE = "emitted no result in step"

# Set on a log record (through `extra`) for the lines shown on the quiet console.
CONSOLE_MARK = "scorecard_console"
# Materialization metadata that the step line reports (raw loads, the publication).
_COUNTED_METADATA = (
    "files",
    "rows_loaded",
    "rows_quarantined",
    "files_failed",
    "publication_id",
    "months",
)


def say(context: OpExecutionContext, message: str) -> None:
    """Log a line that the quiet console shows too."""
    context.log.info(message, extra={CONSOLE_MARK: True})


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _step_counts(materialized: int, checks: Mapping[str, int], metadata: Mapping) -> str:
    parts = []
    if "files" in metadata:  # a raw source: the loader's totals
        parts.append(_plural(metadata["files"], "file"))
        parts.append(f"{metadata.get('rows_loaded', 0):,} rows loaded")
        if metadata.get("rows_quarantined"):
            parts.append(f"{metadata['rows_quarantined']:,} quarantined")
        if metadata.get("files_failed"):
            parts.append(_plural(metadata["files_failed"], "file") + " failed")
    elif "months" in metadata:  # the publication (one materialization per month partition)
        publication = metadata.get("publication_id")
        parts.append(f"publication {publication}" if publication else "nothing published")
    elif materialized:
        parts.append(_plural(materialized, "asset"))
    if checks:
        parts.append(_plural(sum(checks.values()), "check"))
        if checks.get("warning"):
            parts.append(_plural(checks["warning"], "warning"))
        if checks.get("failed"):
            parts.append(f"{checks['failed']} failed")
    return ", ".join(parts) or "nothing to do"


class QuietConsoleHandler(logging.Handler):
    """Turns Dagster's events into one line per step; lets marked lines and warnings through."""

    def __init__(self, stream=None) -> None:
        super().__init__()
        self.stream = stream or sys.stderr
        self.started: dict[str, float] = {}
        self.materialized: dict[str, int] = defaultdict(int)
        self.checks: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.metadata: dict[str, dict[str, int]] = defaultdict(dict)

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, LOG_RECORD_METADATA_ATTR, None) or {}
        step = meta.get("step_key") or "run"
        event: DagsterEvent | None = meta.get("dagster_event")
        if event is None:
            message = meta.get("orig_message", record.getMessage())
            if record.levelno >= logging.WARNING:  # its first line: the rest is in the log
                self._write(f"warning {step}: {message.strip().splitlines()[0]}")
            elif getattr(record, CONSOLE_MARK, False):
                self._write(f"  {step}: {message}")
            return
        self._count(step, event)

    def _count(self, step: str, event: DagsterEvent) -> None:
        kind = event.event_type
        if kind == DagsterEventType.STEP_START:
            self.started[step] = time.monotonic()
        elif kind == DagsterEventType.ASSET_MATERIALIZATION:
            self.materialized[step] += 1
            materialization = event.step_materialization_data.materialization
            for name in _COUNTED_METADATA:
                value = materialization.metadata.get(name)
                if value is not None:
                    self.metadata[step][name] = value.value
        elif kind == DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.asset_check_evaluation_data
            if evaluation.passed:
                self.checks[step]["passed"] += 1
            elif evaluation.severity == AssetCheckSeverity.WARN:
                self.checks[step]["warning"] += 1
            else:
                self.checks[step]["failed"] += 1
        elif kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
            elapsed = time.monotonic() - self.started.get(step, time.monotonic())
            counts = _step_counts(self.materialized[step], self.checks[step], self.metadata[step])
            outcome = "" if kind == DagsterEventType.STEP_SUCCESS else "FAILED, "
            self._write(f"{step}: {outcome}{counts} ({elapsed:.1f} s)")
        elif kind == DagsterEventType.STEP_SKIPPED:
            self._write(f"{step}: skipped")


@logger(
    {"verbose": Field(bool, is_required=False, default_value=False)},
    description="One line per step (default) or Dagster's whole log (verbose).",
)
def scorecard_console(init_context: InitLoggerContext) -> logging.Logger:
    console = logging.Logger("scorecard", level=logging.DEBUG)
    if init_context.logger_config["verbose"]:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        handler.setLevel(logging.INFO)
    else:
        handler = QuietConsoleHandler()
    console.addHandler(handler)
    return console


def _not_an_ungated_check_notice(record: logging.LogRecord) -> bool:
    return _UNGATED_CHECK_NOTICE not in record.getMessage()


@contextmanager
def quiet_execution_plan_notices(verbose: bool) -> Iterator[None]:
    """Leave out the execution plan's blocking-check notices (above) unless verbose."""
    plan_logger = logging.getLogger(_EXECUTION_PLAN_LOGGER)
    if not verbose:
        plan_logger.addFilter(_not_an_ungated_check_notice)
    try:
        yield
    finally:
        plan_logger.removeFilter(_not_an_ungated_check_notice)

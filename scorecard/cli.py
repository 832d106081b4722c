"""The `scorecard` command line (SPEC §10)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from scorecard.settings import ENGINES, SettingsError


def _month(text: str) -> str:
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, got {text!r}")
    return text


# Format -> the files of a folder it reads (hidden files never).
IMPORT_FORMATS = {
    "amazon-connect-ctr": "*",  # Firehose writes objects without an extension
    "anonymous-bank": "*.txt",
    "asterisk-queue-log": "queue_log*",
    "pwc-xlsx": "*.xlsx",
}
# Formats whose times are the center's wall-clock time, so a call's local day is known.
ATTENDANCE_FORMATS = ("anonymous-bank",)


def _day(text: str) -> str:
    try:
        date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from None
    return text


def _month_or_none(text: str) -> str:
    return text if text == "none" else _month(text)


def _encoding(text: str) -> str:
    from scorecard.loading.folder_settings import SettingsError, encoding_named

    try:
        return encoding_named(text, "--encoding")
    except SettingsError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scorecard", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write realistic synthetic sources")
    generate.add_argument("--out", type=Path, required=True, help="input directory to write")
    generate.add_argument("--agents", type=_positive, default=50)
    generate.add_argument("--months", type=_positive, default=2)
    generate.add_argument("--start", type=_month, default="2026-09")
    generate.add_argument("--seed", type=int, default=7)
    generate.add_argument(
        "--bad-rows",
        type=int,
        default=0,
        help="inject this many invalid rows of each kind (to demonstrate quarantine)",
    )

    as_of_help = "the date the run takes as today, for month close (default: today, center time)"
    encoding_help = (
        "encoding of every CSV file of the input: utf-8 or gb18030 (gbk); default: UTF-8, "
        "and GB18030 recognized in a file that is not UTF-8 (a folder's source.toml wins)"
    )
    build = commands.add_parser(
        "build",
        help="run the whole job in-process: load, transform, gate, publish (the nightly job)",
    )
    build.add_argument("--input", type=Path, required=True, help="directory of source folders")
    build.add_argument("--warehouse", type=Path, required=True, help="warehouse directory")
    build.add_argument("--as-of", type=_day, help=as_of_help)
    build.add_argument(
        "--accept-quarantine",
        action="store_true",
        help="publish even though files lost more rows to quarantine than the gate allows",
    )
    build.add_argument("--encoding", type=_encoding, help=encoding_help)
    build.add_argument(
        "--full-rebuild",
        action="store_true",
        help="rebuild every dbt model from all history, even if nothing changed (a night "
        "with nothing new otherwise skips dbt, the gate and publication), and hash every "
        "export again instead of trusting an unchanged size and file times",
    )
    build.add_argument(
        "--schemes-from",
        type=_month_or_none,
        metavar="YYYY-MM",
        help="apply the schemes' first versions from this month in this warehouse (to score "
        "history older than the schemes; kept for later builds, recorded in the publication "
        "log; 'none' clears it)",
    )

    restate = commands.add_parser(
        "restate",
        help="republish a closed (final) month with the data loaded since, and a reason",
    )
    restate.add_argument("--warehouse", type=Path, required=True, help="warehouse directory")
    restate.add_argument("--month", type=_month, required=True, help="the month, YYYY-MM")
    restate.add_argument("--reason", required=True, help="why (kept in the publication log)")
    restate.add_argument("--input", type=Path, help="load these exports first (optional)")
    restate.add_argument("--as-of", type=_day, help=as_of_help)
    restate.add_argument("--encoding", type=_encoding, help=encoding_help)
    for command in (build, restate):
        command.add_argument(
            "--engine",
            choices=ENGINES,
            help="what runs the dbt project: duckdb (the work database, default) or spark "
            "(dbt-spark, from scripts/install-spark.sh; docs/scale-out.md); default: "
            "SCORECARD_ENGINE, else duckdb",
        )
        command.add_argument(
            "--verbose",
            action="store_true",
            help="print Dagster's whole log (default: one line per step, warnings, the summary)",
        )

    importer = commands.add_parser(
        "import", help="convert a vendor export into the input folders of SPEC §2"
    )
    importer.add_argument("--format", required=True, choices=sorted(IMPORT_FORMATS))
    importer.add_argument("--input", type=Path, required=True, help="export file or folder")
    importer.add_argument(
        "--out",
        type=Path,
        required=True,
        help="input directory to add to (earlier imports are kept; the roster is merged)",
    )
    importer.add_argument(
        "--derive-attendance",
        action="store_true",
        help="anonymous-bank: write a present shift for each agent and day with an answered "
        "call (the logs have no schedule; schemes score agents present 5 days or more)",
    )

    explain = commands.add_parser(
        "explain", help="how one agent's published score was computed, down to file and line"
    )
    explain.add_argument("--warehouse", type=Path, required=True, help="warehouse directory")
    explain.add_argument("--agent", required=True, help="agent id (a team id for team cards)")
    explain.add_argument("--month", type=_month, required=True, help="the month, YYYY-MM")
    explain.add_argument("--scheme", help="only this scheme (default: every scheme)")
    explain.add_argument(
        "--publication", type=_positive, help="as publication P had it (default: the latest)"
    )
    explain.add_argument("--json", action="store_true", help="print JSON")
    explain.add_argument(
        "--rows", type=int, default=20, help="source rows per indicator and page (0: all)"
    )
    explain.add_argument("--page", type=_positive, default=1, help="page of source rows")

    report = commands.add_parser(
        "report", help="a published month (facts, and scores where a scheme scores it) as HTML"
    )
    report.add_argument("--warehouse", type=Path, required=True, help="warehouse directory")
    report.add_argument("--month", type=_month, required=True, help="the month, YYYY-MM")
    report.add_argument("--lang", choices=["zh", "en"], default="zh", help="labels (default zh)")
    report.add_argument("--out", type=Path, help="file to write (default: in <warehouse>/reports)")
    report.add_argument(
        "--scheme", help="the scheme shown first (default: the one scoring the most agents)"
    )

    dbt = commands.add_parser(
        "dbt",
        help="run a dbt command on a warehouse, with the vars the build passes",
        description="Example: scorecard dbt --warehouse .demo/warehouse -- build --select marts",
    )
    dbt.add_argument("--warehouse", type=Path, required=True, help="warehouse directory")
    dbt.add_argument("dbt_args", nargs=argparse.REMAINDER, help="dbt command and options")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "generate":
        from scorecard.generate import generate

        try:
            summary = generate(
                args.out,
                agents=args.agents,
                months=args.months,
                start=args.start,
                seed=args.seed,
                bad_rows=args.bad_rows,
            )
        except ValueError as error:
            print(f"scorecard generate: {error}", file=sys.stderr)
            return 2
        print(summary.describe())
        return 0
    if args.command in WAREHOUSE_COMMANDS:
        return _in_work_area(args)
    if args.command == "import":
        return _import(args)
    if args.command == "explain":
        return _explain(args)
    if args.command == "report":
        from scorecard.audit.report import ReportError, write_report

        try:
            path = write_report(args.warehouse, args.month, args.lang, args.out, args.scheme)
        except ReportError as error:
            print(f"scorecard report: {error}", file=sys.stderr)
            return 2
        print(f"Report: {path}")
        return 0
    return 2


# Commands that write the work database: one at a time per warehouse, for the whole run.
WAREHOUSE_COMMANDS = ("build", "restate", "dbt")


def _in_work_area(args: argparse.Namespace) -> int:
    """Run build, restate or dbt holding the warehouse; a failure to start is one line.

    The lock is taken before Dagster and the dbt project are even loaded, so a second
    build is told at once that the warehouse is busy.
    """
    from scorecard.work_area import WorkAreaError, hold_work_area

    try:
        with hold_work_area(args.warehouse, args.command):
            from dagster_project.build import run_build, run_restate
            from scorecard.dbt_runner import run_dbt

            if args.command == "build":
                return run_build(
                    args.input,
                    args.warehouse,
                    args.as_of,
                    args.accept_quarantine,
                    args.encoding,
                    args.schemes_from,
                    args.full_rebuild,
                    engine=args.engine,
                    verbose=args.verbose,
                )
            if args.command == "restate":
                return run_restate(
                    args.warehouse,
                    args.month,
                    args.reason,
                    args.input,
                    args.as_of,
                    args.encoding,
                    engine=args.engine,
                    verbose=args.verbose,
                )
            return run_dbt(args.warehouse, [a for a in args.dbt_args if a != "--"])
    except (WorkAreaError, SettingsError) as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:  # disk full, permissions changed under the run
        where = f" ({error.filename})" if error.filename else ""
        print(f"scorecard {args.command}: {error.strerror}{where}", file=sys.stderr)
        return 1


def _import(args: argparse.Namespace) -> int:
    from scorecard.importers import amazon_connect, anonymous_bank, asterisk, pwc_xlsx
    from scorecard.importers.base import REPORTS_DIR, ImportFormatError, write_reports

    converters = {
        "amazon-connect-ctr": amazon_connect.convert,
        "anonymous-bank": anonymous_bank.convert,
        "asterisk-queue-log": asterisk.convert,
        "pwc-xlsx": pwc_xlsx.convert,
    }
    if args.derive_attendance and args.format not in ATTENDANCE_FORMATS:
        print(
            f"scorecard import: --derive-attendance needs local times "
            f"({', '.join(ATTENDANCE_FORMATS)}), not {args.format}",
            file=sys.stderr,
        )
        return 2
    path: Path = args.input
    inputs = (
        sorted(p for p in path.glob(IMPORT_FORMATS[args.format]) if not p.name.startswith("."))
        if path.is_dir()
        else [path]
    )
    if not inputs or not all(p.is_file() for p in inputs):
        print(f"scorecard import: no {args.format} export at {path}", file=sys.stderr)
        return 2
    options = {"derive_attendance": True} if args.derive_attendance else {}
    try:
        result = converters[args.format](inputs, args.out, **options)
    except ImportFormatError as error:
        print(f"scorecard import: {error}", file=sys.stderr)
        return 2
    write_reports(args.out, args.format, inputs, result)
    print(result.describe())
    print(
        f"Added to {args.out} (per export, the report and the unusable rows with their "
        f"reasons: {args.out / REPORTS_DIR}/<export>.report.json, .unusable_rows.csv)"
    )
    return 0


def _explain(args: argparse.Namespace) -> int:
    from scorecard.audit.explain import ExplainError, Page, explain
    from scorecard.audit.render import render_json, render_text

    try:
        result = explain(
            args.warehouse,
            args.agent,
            args.month,
            args.scheme,
            args.publication,
            Page(size=max(args.rows, 0), number=args.page),
        )
    except ExplainError as error:
        print(f"scorecard explain: {error}", file=sys.stderr)
        return 2
    print(render_json(result) if args.json else render_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

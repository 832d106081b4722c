"""A file's header checked against the contract, for CSV files and workbook sheets alike."""

from __future__ import annotations

from scorecard.contract import Source


class MalformedFile(Exception):
    """The file as a whole cannot be read against the contract."""


def check_header(header: list[str], source: Source) -> list[str]:
    """The column names, if they are the contract's; MalformedFile naming what is wrong."""
    problems = []
    unknown = [n for n in header if n not in source.column_names]
    missing = [n for n in source.required_names if n not in header]
    repeated = sorted({n for n in header if header.count(n) > 1})
    if missing:
        problems.append("missing required column(s) " + ", ".join(missing))
    if unknown:
        problems.append("unknown column(s) " + ", ".join(n or repr(n) for n in unknown))
    if repeated:
        problems.append("repeated column(s) " + ", ".join(repeated))
    if problems:
        expected = ",".join(source.column_names)
        raise MalformedFile("wrong header: " + "; ".join(problems) + f" (expected {expected})")
    return header

"""The gate report: one self-contained HTML page naming each failed expectation with sample
offending rows, and a JSON twin for tools."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path

from scorecard.quality.gate import ExpectationOutcome, GateResult

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1f2933; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.failed { color: #b42318; } .passed { color: #067647; } .warning { color: #b54708; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.85rem; }
th, td { border: 1px solid #d0d5dd; padding: 0.25rem 0.5rem; text-align: left; }
th { background: #f2f4f7; } code { background: #f2f4f7; padding: 0 0.2rem; }
.why { margin: 0.25rem 0; }
"""


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _table(rows: list[dict]) -> str:
    if not rows:
        return ""
    columns = list(rows[0])
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    cells = ("".join(f"<td>{html.escape(_text(r[c]))}</td>" for c in columns) for r in rows)
    body = "".join(f"<tr>{row}</tr>" for row in cells)
    return f"<table><tr>{head}</tr>{body}</table>"


def _expectation(suite: str, outcome: ExpectationOutcome, css: str) -> str:
    rows = (
        f"<p>{outcome.unexpected_count} offending row(s); the first "
        f"{len(outcome.sample)}:</p>{_table(outcome.sample)}"
        if outcome.sample
        else f"<p>{outcome.unexpected_count} offending row(s).</p>"
    )
    error = f"<p class='failed'>Error: {html.escape(outcome.error)}</p>" if outcome.error else ""
    return (
        f"<h3 class='{css}'>{html.escape(suite)}: "
        f"<code>{html.escape(outcome.describe())}</code></h3>"
        f"<p class='why'>{html.escape(outcome.why)}</p>{error}{rows}"
    )


def render_gate_report(result: GateResult, run_id: str) -> str:
    verdict = "passed" if result.passed else "failed"
    months = ", ".join(result.months) or "none"
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Publication gate {verdict}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Publication gate: <span class='{verdict}'>{verdict.upper()}</span></h1>",
        f"<p>Run <code>{html.escape(run_id)}</code>, {datetime.now(UTC):%Y-%m-%d %H:%M UTC}; "
        f"months validated: {html.escape(months)}.",
        " Nothing was published: the previous publication is unchanged.</p>"
        if not result.passed
        else " Every blocking expectation passed.</p>",
    ]
    if result.waivers:
        parts.append(f"<p class='warning'>Waived by the operator: {', '.join(result.waivers)}.</p>")
    if result.blocking_failures:
        parts.append("<h2 class='failed'>Failed expectations (blocking)</h2>")
        parts += [_expectation(s, e, "failed") for s, e in result.blocking_failures]
    if result.warnings:
        parts.append("<h2 class='warning'>Warnings (not blocking)</h2>")
        parts += [_expectation(s, e, "warning") for s, e in result.warnings]
    parts.append("<h2>Every suite</h2>")
    parts.append(
        _table(
            [
                {
                    "suite": s.suite.name,
                    "checks": s.suite.description,
                    "rows checked": s.rows_checked,
                    "expectations": len(s.expectations),
                    "failed (blocking)": len(s.blocking_failures),
                    "warnings": len(s.warnings),
                    "file": s.suite.path.name,
                }
                for s in result.suites
            ]
        )
    )
    parts.append("</body></html>")
    return "".join(parts)


def write_gate_report(result: GateResult, directory: Path, run_id: str) -> Path:
    """Write `gate.html` and `gate.json` into the run's report directory; return the HTML."""
    directory.mkdir(parents=True, exist_ok=True)
    page = directory / "gate.html"
    page.write_text(render_gate_report(result, run_id), encoding="utf-8")
    details = {
        **result.summary(),
        "run_id": run_id,
        "months": list(result.months),
        "suites": [
            {
                "suite": s.suite.name,
                "rows_checked": s.rows_checked,
                "failed": [
                    {
                        "expectation": e.describe(),
                        "severity": e.severity,
                        "why": e.why,
                        "unexpected_count": e.unexpected_count,
                        "sample": e.sample,
                    }
                    for e in s.expectations
                    if not e.success
                ],
            }
            for s in result.suites
        ],
    }
    (directory / "gate.json").write_text(json.dumps(details, indent=2, ensure_ascii=False))
    return page

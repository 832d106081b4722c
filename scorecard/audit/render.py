"""`scorecard explain`'s output: the explanation explain.explain() read from the marts, as
JSON (--json) or as text for a terminal. Nothing here queries or computes a score: every
number shown is one the publication holds."""

from __future__ import annotations

from decimal import Decimal

from scorecard.audit import exact_json


def render_json(result: dict) -> str:
    """The --json output: every published number exactly, as a JSON number."""
    return exact_json.dumps(result, ensure_ascii=False, indent=2)


def render_text(result: dict) -> str:
    """The explanation for a terminal."""
    pub = result["publication"]
    lines = [
        f"Agent {result['agent_id']}, {result['month']}: publication {pub['publication_id']} "
        f"({pub['status']}, published {pub['published_at']})"
    ]
    for scheme in result["schemes"]:
        lines.append("")
        lines += _scheme_lines(scheme)
    if "facts" in result:
        lines.append("")
        lines += _fact_lines(result["facts"])
    lines.append("")
    lines += _source_lines(result["indicators"])
    return "\n".join(lines)


def _scheme_lines(s: dict) -> list[str]:
    """One scheme's score: the total, how it is composed, each rule, and the money."""
    c = s["composition"]
    lines = [f"{s['scheme_id']} v{s['version']} {s['name_zh']} / {s['name_en']}"]
    if not s["eligible"]:
        lines.append(f"  not eligible: {s['ineligible_reason']}")
    sections = " + ".join(
        f"{name} {_number(points)}" for name, points in c["rule_points_by_section"].items()
    )
    lines.append(
        f"  total {_number(s['total_score'])}  grade {s['grade'] or '-'}  "
        f"rank {s['rank_in_team'] or '-'} in team, {s['rank_in_center'] or '-'} in center  "
        f"bonus {_number(s['bonus_amount'])}"
    )
    parts = [
        f"{name} {_number(s[f'{name.lower()}_points'])}"
        + (
            f" × 100/{_number(c[f'{name.lower()}_total'])}"
            if c[f"{name.lower()}_total"] != 100
            else ""
        )
        + f" × {c[f'{name.lower()}_share']}"
        for name in ("KPI", "CPI")
        if c[f"{name.lower()}_share"]
    ]
    parts.append(f"adjustments {_number(s['adjustment_points'])}")
    formula = " + ".join(parts)
    if c["method"] != "weighted_sections":
        formula = f"({formula}) × multiplier points ÷ 100"
    lines.append(
        f"  = {formula}, clamped to "
        f"{c['total_min']:g}..{c['total_max']:g}; rule points by section: {sections}"
    )
    lines += [_rule_line(r) for r in s["rules"]]
    if s["pay_items"]:
        lines.append(f"  money (adds up to the bonus {_number(s['bonus_amount'])}):")
        for item in s["pay_items"]:
            lines.append(
                f"    {item['item']:<28} {_number(item['amount']):>10}  {item['evidence']}"
            )
    return lines


def _rule_line(r: dict) -> str:
    """A rule's value, method and parameters, and the points it gave of the most it could."""
    parameters = ", ".join(f"{k}={_number(v)}" for k, v in r["parameters"].items())
    missing = f"  missing → {r['missing_policy_applied']}" if r["missing_policy_applied"] else ""
    reweighted = (
        f" (at most {_number(r['max_points'])} after re-weighting)"
        if r["max_points"] != r["weight"]
        else ""
    )
    return (
        f"  {r['section']:<10} {r['rule_id']:<18} {r['indicator_code']:<28} "
        f"value {_number(r['value'])} ({_number(r['numerator'])}/"
        f"{_number(r['denominator'])})  {r['method']}({parameters})  "
        f"weight {_number(r['weight'])}{reweighted} → {_number(r['points'])} "
        f"points{missing}"
    )


def _fact_lines(facts: list[dict]) -> list[str]:
    """A month no scheme scores: the agent's published facts."""
    lines = ["No scheme scores this month (none was in effect); the agent's facts:"]
    for fact in facts:
        lines.append(
            f"  {fact['indicator_code']:<30} {_number(fact['value'])} "
            f"({_number(fact['numerator'])}/{_number(fact['denominator'])})"
        )
    return lines


def _source_lines(indicators: dict) -> list[str]:
    """Each indicator's source rows (file:line and the values loaded), one page of them."""
    lines = ["Source rows (file:line, the values loaded):"]
    for code, rows in indicators.items():
        if "error" in rows:
            lines.append(f"  {code}: {rows['error']}")
            continue
        shown = len(rows["rows"])
        first = (rows["page"] - 1) * rows["page_size"] + 1 if shown else 0
        more = (
            f"; --page {rows['page'] + 1} for more"
            if rows["page_size"] and first + shown - 1 < rows["total_rows"]
            else ""
        )
        lines.append(
            f"  {code}: {rows['total_rows']} rows"
            + (f", {first}-{first + shown - 1} shown{more}" if shown else "")
        )
        for row in rows["rows"]:
            values = " ".join(f"{k}={v}" for k, v in row["values"].items() if v is not None)
            late = "  [loaded after this publication]" if row["after_publication"] else ""
            where = f"{row['file']}:{row['line']}"
            if row["origin"]:
                where = f"{row['origin']} (imported as {where})"
            lines.append(f"    {where}  {values}{late}")
    return lines


def _number(value: object) -> str:
    """A number for the terminal. Points, totals and money (2 decimals) as published
    (0.60, -50.00); other decimals without trailing zeros (312.1100 → 312.11, 28.0000 →
    28, 15.000000 → 15)."""
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    if isinstance(value, Decimal):
        if value.as_tuple().exponent == -2:
            return str(value)
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return str(value.normalize())
    return str(value)

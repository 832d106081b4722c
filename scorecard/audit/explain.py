"""`scorecard explain`: how one agent's score of one month was computed, down to (file, line).

Scores, rules and values come from a publication (the latest, or `--publication P` as it
was then), read from the archive; the contributing source rows come from the lineage and
the raw tables of the work database, joined on the stable row keys. Nothing is recomputed:
points, max points after re-weighting, section points, totals and money are the marts'
own values. scorecard/audit/render.py turns the result into text or JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from scorecard.audit.queries import records
from scorecard.publishing.store import PublicationStore
from scorecard.settings import WORK_DATABASE_NAME

# Rule parameters shown when set (dim_scheme_rule columns).
PARAMETERS = (
    "target", "floor", "ceiling", "step", "per_step", "per_unit", "cap", "bands",
    "relative_to", "scope", "min_denominator",
)  # fmt: skip
INDICATOR_CODE = re.compile(r"[a-z][a-z0-9_]*")
LINEAGE_COLUMNS = ("_row_key", "_source_file", "_line_number", "_file_hash", "_batch_id",
                   "_loaded_at", "_row_hash")  # fmt: skip


class ExplainError(Exception):
    """The question cannot be answered (unknown agent, month or publication)."""


@dataclass(frozen=True)
class Page:
    size: int = 20  # 0: every row
    number: int = 1

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def _plain(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


def explain(
    warehouse_dir: Path,
    agent_id: str,
    month: str,
    scheme_id: str | None = None,
    publication_id: int | None = None,
    page: Page = Page(),
) -> dict:
    """Everything `explain` shows, as plain data (the --json output)."""
    store = PublicationStore(warehouse_dir)
    log = store.log()
    if not log:
        raise ExplainError(f"{warehouse_dir} has no publication yet: run scorecard build")
    if publication_id is not None and publication_id not in {e["publication_id"] for e in log}:
        latest = log[-1]["publication_id"]
        raise ExplainError(f"publication {publication_id} does not exist (1..{latest})")
    published = store.latest_by_month(publication_id)
    if month not in published:
        raise ExplainError(
            f"{month} is not published"
            + (f" as of publication {publication_id}" if publication_id else "")
            + f" (published months: {', '.join(sorted(published)) or 'none'})"
        )
    source = published[month]
    with duckdb.connect() as conn:
        scores = records(
            conn,
            f"select * from ({store.monthly_sql('mart_agent_scores', publication_id, [month])}) "
            "where agent_id = ? and (? is null or scheme_id = ?) order by scheme_id",
            [agent_id, scheme_id, scheme_id],
        )
        # No scheme scores the month (a backfill older than every scheme): explain the facts.
        facts = records(
            conn,
            f"select indicator_code, value, numerator, denominator "
            f"from ({store.monthly_sql('fct_indicator_monthly', publication_id, [month])}) "
            "where entity_id = ? and grain = 'agent' and value is not null "
            "order by indicator_code",
            [agent_id],
        )
        if not scores and (scheme_id or not facts):
            raise ExplainError(_no_score_message(conn, store, agent_id, month, scheme_id))
        rules = records(
            conn,
            f"""
            select scores.*, {", ".join(f"rules.{p} as rule_{p}" for p in PARAMETERS)},
                rules.missing_policy
            from ({store.monthly_sql("mart_indicator_scores", publication_id, [month])}) as scores
            left join ({store.shared_sql("dim_scheme_rule", publication_id)}) as rules
                on scores.scheme_id = rules.scheme_id and scores.version = rules.version
                and scores.rule_id = rules.rule_id
            where scores.agent_id = ? and (? is null or scores.scheme_id = ?)
            order by scores.scheme_id, scores.section, scores.rule_id
            """,
            [agent_id, scheme_id, scheme_id],
        )
        schemes = {
            (s["scheme_id"], s["version"]): s
            for s in records(
                conn, f"select * from ({store.shared_sql('dim_scheme', publication_id)})"
            )
        }
        pay_items_sql = store.monthly_sql("mart_pay_items", publication_id, [month])
        pay_items = (
            records(
                conn,
                f"select scheme_id, item, amount, evidence from ({pay_items_sql}) "
                "where agent_id = ? order by scheme_id, item",
                [agent_id],
            )
            if pay_items_sql
            else []
        )
    entry = next(e for e in log if e["publication_id"] == source.publication_id)
    result = {
        "agent_id": agent_id,
        "month": month,
        "publication": {
            "publication_id": source.publication_id,
            "status": source.status,
            "published_at": entry["published_at"],
            "as_of_publication": publication_id,
        },
        "schemes": [
            _scheme(score, schemes[(score["scheme_id"], score["version"])], rules, pay_items)
            for score in scores
        ],
    }
    if not scores:
        result["facts"] = facts
    codes = sorted(
        {r["indicator_code"] for s in result["schemes"] for r in s["rules"]}
        or {f["indicator_code"] for f in facts}
    )
    result["indicators"] = _source_rows(
        warehouse_dir / WORK_DATABASE_NAME, result, codes, source.last_load_id, page
    )
    return result


def _no_score_message(conn, store, agent_id, month, scheme_id) -> str:
    known = conn.execute(
        f"select role, team_id from ({store.shared_sql('dim_agent', None)}) "
        "where agent_id = ? order by valid_from desc limit 1",
        [agent_id],
    ).fetchone()
    if known is None:
        return f"unknown agent {agent_id!r} (not in the published roster, dim_agent)"
    role, team_id = known
    hint = f"; team cards score the team: try --agent {team_id}" if role == "team_lead" else ""
    scheme = f" under scheme {scheme_id}" if scheme_id else ""
    return f"agent {agent_id} has no published score{scheme} for {month}{hint}"


def _scheme(score: dict, scheme: dict, rules: list[dict], pay_items: list[dict]) -> dict:
    own = [r for r in rules if r["scheme_id"] == score["scheme_id"]]
    # The section points as published: each is the exact sum of its rules' points below.
    present = {r["section"] for r in own}
    sections = {
        section: score[f"{section}_points"]
        for section in ("kpi", "cpi", "adjustment", "multiplier")
        if section in present
    }
    return {
        "scheme_id": score["scheme_id"],
        "version": score["version"],
        "period": score.get("period"),
        "name_zh": scheme["name_zh"],
        "name_en": scheme["name_en"],
        "eligible": score["eligible"],
        "ineligible_reason": score["ineligible_reason"],
        "kpi_points": score["kpi_points"],
        "cpi_points": score["cpi_points"],
        "adjustment_points": score["adjustment_points"],
        "total_score": score["total_score"],
        "grade": score["grade"],
        "rank_in_team": score["rank_in_team"],
        "rank_in_center": score["rank_in_center"],
        "bonus_amount": score["bonus_amount"],
        "composition": {
            "method": scheme["composition"],
            "kpi_share": scheme["kpi_share"],
            "cpi_share": scheme["cpi_share"],
            "kpi_total": scheme.get("kpi_total", 100),
            "cpi_total": scheme.get("cpi_total", 100),
            "total_min": scheme["total_min"],
            "total_max": scheme["total_max"],
            "rule_points_by_section": sections,
        },
        # The money, line by line, as mart_pay_items publishes it (adds up to bonus_amount).
        "pay_items": [
            {"item": p["item"], "amount": p["amount"], "evidence": p["evidence"]}
            for p in pay_items
            if p["scheme_id"] == score["scheme_id"]
        ],
        "rules": [
            {
                "rule_id": r["rule_id"],
                "indicator_code": r["indicator_code"],
                "section": r["section"],
                "value": r["value"],
                "scored_value": r["scored_value"],
                "numerator": r["numerator"],
                "denominator": r["denominator"],
                "method": r["method"],
                "parameters": {
                    p: _plain(r[f"rule_{p}"]) for p in PARAMETERS if r[f"rule_{p}"] is not None
                },
                "weight": r["weight"],
                "points_before_reweighting": r["points_before_reweighting"],
                "points": r["points"],
                "max_points": r["max_points"],
                "low_sample": r["is_low_sample"],
                "missing_policy": r["missing_policy"],
                "missing_policy_applied": r["missing_policy_applied"],
            }
            for r in own
        ],
    }


def _source_rows(
    work_database: Path, result: dict, codes: list[str], last_load_id: int, page: Page
) -> dict:
    """For each indicator: the source rows behind the agent's value.

    marts.fct_indicator_lineage is a view over the contributions models (docs/indicators.md).
    The indicator codes are written as literals, so DuckDB keeps only their branches, and
    the agent and month reach the (month, agent)-ordered contributions tables, whose zone
    maps skip every other month. One query counts the rows of every indicator, one lists
    their page, and one per source table reads the raw rows, found by their load (raw
    tables are in load order, so that reads a few row groups).
    """
    if not work_database.exists():
        return {code: {"error": "the work database is not there"} for code in codes}
    try:
        conn = duckdb.connect(str(work_database), read_only=True)
    except duckdb.IOException as error:  # a build holds the write lock
        return {code: {"error": f"work database busy: {error}"} for code in codes}
    known = [code for code in codes if INDICATOR_CODE.fullmatch(code)]
    indicators = {code: {"error": f"not an indicator code: {code!r}"} for code in codes}
    if not known:
        return indicators
    where = (
        "entity_id = ? and month = ? and indicator_code in "
        f"({', '.join(repr(code) for code in known)})"
    )
    params = [result["agent_id"], f"{result['month']}-01"]
    shown = f"where position > {page.offset}" if page.size else ""
    if page.size:
        shown += f" and position <= {page.offset + page.size}"
    with conn:
        totals = dict(
            conn.execute(
                "select indicator_code, count(*) from marts.fct_indicator_lineage "
                f"where {where} group by indicator_code",
                params,
            ).fetchall()
        )
        keys = conn.execute(
            f"""
            select indicator_code, source_file, source_line, row_key, load_id
            from (
                select
                    indicator_code, source_file, source_line, row_key, load_id,
                    row_number() over (
                        partition by indicator_code order by source_file, source_line
                    ) as position
                from marts.fct_indicator_lineage
                where {where}
            ) as lineage
            {shown}
            order by indicator_code, position
            """,
            params,
        ).fetchall()
        raw = _raw_rows(
            conn, {(file, line, key, load) for _, file, line, key, load in keys}, last_load_id
        )
    for code in known:
        indicators[code] = {
            "total_rows": totals.get(code, 0),
            "page": page.number,
            "page_size": page.size,
            "rows": [
                {"file": file, "line": line, **raw[key]}
                for listed, file, line, key, _ in keys
                if listed == code
            ],
        }
    return indicators


def _raw_rows(conn, keys: set[tuple[str, int, str, int | None]], last_load_id: int) -> dict:
    """The loaded rows as they came from their files (every version is kept in raw.<source>),
    by row key: one query per source table, pruned to the loads the rows came from and to
    their lines (a stored column whose zone maps skip the rest of a large file's load; the
    row key is computed, so filtering on it alone computes it for every row of the load)."""
    by_source: dict[str, list[tuple[int, str, int | None]]] = {}
    for source_file, line, row_key, load_id in keys:
        by_source.setdefault(source_file.split("/", 1)[0], []).append((line, row_key, load_id))
    found = {}
    for source, rows in by_source.items():
        loads = sorted({load for _, _, load in rows if load is not None})
        lines = sorted({line for line, _, _ in rows})
        row_keys = sorted({key for _, key, _ in rows})
        in_loads = f"_load_id in ({', '.join('?' * len(loads))}) and " if loads else ""
        cursor = conn.execute(
            f"select * exclude ({', '.join(LINEAGE_COLUMNS)}), _row_key from raw.{source} "
            f"where {in_loads}_line_number in ({', '.join('?' * len(lines))}) "
            f"and _row_key in ({', '.join('?' * len(row_keys))}) "
            "order by _load_id",
            [*loads, *lines, *row_keys],
        )
        names = [d[0] for d in cursor.description]
        for record in cursor.fetchall():
            values = dict(zip(names, record, strict=True))
            found[values.pop("_row_key")] = values  # the latest load of a key last
    return {key: _shown(found.get(key, {}), last_load_id) for _, _, key, _ in keys}


def _shown(values: dict, last_load_id: int) -> dict:
    values = dict(values)
    load_id = values.pop("_load_id", None)
    return {
        # An imported row names the line of the vendor's export it was converted from.
        "origin": values.pop("source_ref", None) or None,
        # Raw timestamps are UTC (the loader converted local times): say so.
        "values": {
            k: f"{v.isoformat()}Z" if isinstance(v, datetime) else _plain(v)
            for k, v in values.items()
        },
        # Loaded after the publication shown: part of the current candidate, not of it.
        "after_publication": load_id is not None and load_id > last_load_id,
    }

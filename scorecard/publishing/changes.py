"""What a candidate changes against the record: restatement differences, months that did
not change, shared tables that did, and late data held for final months.

Every function compares the work database's candidates (dbt's models) with the archive
(archive.py); none writes anything.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from scorecard.publishing.archive import DIFF_TABLES, PublicationArchive
from scorecard.publishing.plan import PublicationPlan
from scorecard.sql_text import sql_literal

# What a restatement compares: keys besides scheme, agent and month; column -> name.
DIFFERENCES = {
    "mart_indicator_scores": (
        ["rule_id", "indicator_code"],
        {"value": "value", "points": "points"},
    ),
    "mart_agent_scores": (
        [],
        {"total_score": "total", "grade": "grade", "rank_in_center": "rank"},
    ),
}


def candidate_months(work: duckdb.DuckDBPyConnection) -> list[str]:
    """Months the work database has facts or scores for (YYYY-MM), among the months some
    source row is dated in: a month reached only by a state interval running past midnight
    at its start, or by the roster, has no facts of its own and is not published."""
    return [
        month
        for (month,) in work.execute(
            "select strftime(month, '%Y-%m') from ("
            "select month from marts.fct_agent_monthly "
            "union select month from marts.mart_agent_scores"
            ") where month in (select month from intermediate.int_source_rows__daily) "
            "order by 1"
        ).fetchall()
    ]


def restatement_diffs(
    archive: PublicationArchive, plan: PublicationPlan, publication_id: int
) -> dict[str, str]:
    """Per agent and indicator (and per agent total), as published vs as restated.

    Empty for a publication that restates nothing, so every publication carries the
    tables and their union always has the same columns.
    """
    return {
        name: difference_sql(archive, table, plan.restated, publication_id)
        for name, table in DIFF_TABLES.items()
    }


def difference_sql(
    archive: PublicationArchive, table: str, month: str | None, publication_id: int = 0
) -> str:
    """The rows of `table` for `month` whose compared columns differ between the latest
    publication and the candidate (no rows when month is None)."""
    extra_keys, compared = DIFFERENCES[table]
    candidate = archive.tables.monthly[table]
    if month is None:
        published, month = f"select * from {candidate} where false", "0001-01"
    else:
        published = archive.monthly_sql(table, months=[month])
        if published is None:
            raise RuntimeError(f"{month} has no publication to compare with")
    keys = ", ".join(["scheme_id", "agent_id", "month", *extra_keys])
    columns = ", ".join(
        f"published.{column} as {name}_as_published, restated.{column} as {name}_as_restated"
        for column, name in compared.items()
    )
    changed = " or ".join(f"published.{c} is distinct from restated.{c}" for c in compared)
    return (
        f"select {publication_id} as publication_id, {keys}, {columns} "
        f"from ({published}) as published full outer join ("
        f"select * from {candidate} where month = date '{month}-01'"
        f") as restated using ({keys}) where {changed}"
    )


def unchanged_months(
    archive: PublicationArchive, work: duckdb.DuckDBPyConnection, plan: PublicationPlan
) -> list[str]:
    """Months of the plan whose latest publication has the same status and, in every
    month-keyed table, exactly the rows of the candidate (publishing them again would
    add a publication that says nothing new)."""
    latest = archive.latest_by_month()
    unchanged = []
    for month, status in sorted(plan.statuses.items()):
        published = latest.get(month)
        if published is None or published.status != status:
            continue
        if all(
            same_rows(
                work,
                f"select * exclude (publication_id, month_status) from read_parquet("
                f"{sql_literal(archive.entry_dir(published.publication_id) / f'{table}.parquet')}) "
                f"where month = date '{month}-01'",
                f"select * from {relation} where month = date '{month}-01'",
            )
            for table, relation in archive.tables.monthly.items()
        ):
            unchanged.append(month)
    return unchanged


def shared_tables_changed(archive: PublicationArchive, work: duckdb.DuckDBPyConnection) -> bool:
    """Whether a table without months (roster, schemes) differs from the latest one
    published. The load log is left out: loading only duplicates moves no score."""
    for table, relation in archive.tables.shared.items():
        if table == "load_log":
            continue
        published = archive.shared_sql(table, None)
        if published is None or not same_rows(work, published, f"select * from {relation}"):
            return True
    return False


def same_rows(work: duckdb.DuckDBPyConnection, published_sql: str, candidate_sql: str) -> bool:
    """The two queries give the same column names and the same multiset of rows."""
    columns = [
        [d[0] for d in work.execute(f"select * from ({sql}) limit 0").description]
        for sql in (published_sql, candidate_sql)
    ]
    if columns[0] != columns[1]:
        return False
    (different,) = work.execute(
        f"select count(*) from ((({published_sql}) except all ({candidate_sql})) "
        f"union all (({candidate_sql}) except all ({published_sql})))"
    ).fetchone()
    return different == 0


def held_changes(
    archive: PublicationArchive, work: duckdb.DuckDBPyConnection, months: Sequence[str]
) -> dict:
    """For each held (final) month: rows loaded since its publication, scores that moved."""
    published = archive.latest_by_month()
    report = {}
    for month in months:
        since = published[month]
        late_rows = dict(
            work.execute(
                "select source_name, sum(row_count)::bigint "
                "from intermediate.int_source_rows__daily "
                "where month = ? and load_id > ? group by source_name order by source_name",
                [f"{month}-01", since.last_load_id],
            ).fetchall()
        )
        changed = work.execute(
            f"select count(*) from ({difference_sql(archive, 'mart_agent_scores', month)})"
        ).fetchone()[0]
        report[month] = {
            "publication_id": since.publication_id,
            "late_rows": late_rows,
            "changed_scores": changed,
        }
    return report

"""`scorecard report`: one published month as a self-contained HTML page.

The page embeds its data as JSON and draws its charts as SVG with a small script of its
own (no network, no library), in Chinese or English. Everything comes from the published
file, so the report shows what BI tools and HR see. It shows the month's facts (volumes,
service level, handle times, a table per agent) and, where a scheme scores the month, the
scores; a month no scheme scores (a backfill of history older than every scheme) is
still reported, with its facts and a note saying so.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from scorecard.audit import exact_json
from scorecard.audit.queries import records
from scorecard.settings import WarehousePaths

TREND_MONTHS = 6
_TEMPLATE = Path(__file__).with_name("report_template.html")
# The center's indicators shown as the month's volumes and service (center grain).
CENTER_FACTS = (
    "calls_handled", "service_level_15s", "aht_seconds", "avg_speed_of_answer_seconds",
    "answer_rate", "fcr_rate", "transfer_rate", "outbound_calls",
)  # fmt: skip
# Columns of fct_agent_monthly in the per-agent table (those with a value for someone).
AGENT_FACTS = (
    "calls_handled", "aht_seconds", "avg_speed_of_answer_seconds", "answer_rate", "fcr_rate",
    "transfer_rate", "outbound_calls", "attendance_days", "qa_avg_score", "csat_rate",
)  # fmt: skip

LABELS = {
    "en": {
        "title": "Scorecard report",
        "scheme": "Scheme",
        "distribution": "Score distribution",
        "grades": "Grades",
        "teams": "Team comparison (mean total)",
        "ranking": "Agent ranking",
        "trend": "Mean total, last months",
        "heatmap": "Indicators: points earned ÷ the indicator's maximum after reweighting",
        "quality": "Data quality",
        "quarantined": "Quarantined rows per source",
        "gate": "Publication gate",
        "publication": "Publication",
        "status": "Status",
        "agents": "agents",
        "rank": "Rank",
        "agent": "Agent",
        "team": "Team",
        "total": "Total",
        "grade": "Grade",
        "bonus": "Bonus (CNY)",
        "warnings": "Warnings",
        "none": "none",
        "provisional": "provisional",
        "final": "final",
        "passed": "passed",
        "facts": "Volumes and service",
        "queues": "Service level by queue (answered within 15 s)",
        "agent_facts": "Agents' facts",
        "no_scores": "No scheme scores this month (none was in effect); its facts as published. "
        "To score history, build with --schemes-from.",
        "offered": "inbound offered",
        "answered_in_time": "answered within 15 s",
        "name": "Name",
        "calls_handled": "Calls handled",
        "service_level_15s": "Service level (15 s)",
        "aht_seconds": "AHT (s)",
        "avg_speed_of_answer_seconds": "Speed of answer (s)",
        "answer_rate": "Answer rate",
        "fcr_rate": "First-call resolution",
        "transfer_rate": "Transfer rate",
        "outbound_calls": "Outbound calls",
        "attendance_days": "Days present",
        "qa_avg_score": "QA score",
        "csat_rate": "CSAT",
    },
    "zh": {
        "title": "绩效考核月报",
        "scheme": "考核方案",
        "distribution": "得分分布",
        "grades": "等级分布",
        "teams": "班组对比(平均总分)",
        "ranking": "坐席排名",
        "trend": "近几个月平均总分",
        "heatmap": "指标热力图:得分 ÷ 满分(重新分配权重后)",
        "quality": "数据质量",
        "quarantined": "各数据源隔离行数",
        "gate": "发布校验",
        "publication": "发布批次",
        "status": "状态",
        "agents": "人",
        "rank": "名次",
        "agent": "坐席",
        "team": "班组",
        "total": "总分",
        "grade": "等级",
        "bonus": "奖金(元)",
        "warnings": "警告",
        "none": "无",
        "provisional": "临时",
        "final": "终版",
        "passed": "通过",
        "facts": "话务量与服务水平",
        "queues": "各队列15秒接通率",
        "agent_facts": "坐席指标",
        "no_scores": "本月没有适用的考核方案,以下为已发布的指标数据。如需对历史月份考核,"
        "请使用 --schemes-from 重新构建。",
        "offered": "呼入总量",
        "answered_in_time": "15秒内接通",
        "name": "姓名",
        "calls_handled": "接听量",
        "service_level_15s": "15秒接通率",
        "aht_seconds": "平均处理时长(秒)",
        "avg_speed_of_answer_seconds": "平均应答时长(秒)",
        "answer_rate": "接通率",
        "fcr_rate": "一次解决率",
        "transfer_rate": "转接率",
        "outbound_calls": "呼出量",
        "attendance_days": "出勤天数",
        "qa_avg_score": "质检平均分",
        "csat_rate": "客户满意度",
    },
}


class ReportError(Exception):
    """No publication, or the month is not published."""


def report_data(published: Path, month: str, scheme: str | None = None) -> dict:
    """Everything the page draws, read from the published file."""
    if not published.exists():
        raise ReportError(f"{published} does not exist: run scorecard build first")
    first_day = f"{month}-01"
    with duckdb.connect(str(published), read_only=True) as conn:
        months = [m for (m,) in conn.execute(
            "select strftime(month, '%Y-%m') from fct_agent_monthly "
            "union select strftime(month, '%Y-%m') from mart_agent_scores order by 1"
        ).fetchall()]  # fmt: skip
        if month not in months:
            raise ReportError(f"{month} is not published (published: {', '.join(months)})")
        scores = records(
            conn,
            "select scores.scheme_id, schemes.name_zh, schemes.name_en, scores.agent_id, "
            "coalesce(agents.name, scores.agent_id) as name, scores.team_id, scores.eligible, "
            "scores.total_score as total, scores.grade, scores.rank_in_center as rank, "
            "scores.bonus_amount as bonus, scores.month_status, scores.publication_id "
            "from mart_agent_scores as scores "
            "inner join dim_scheme as schemes "
            "on scores.scheme_id = schemes.scheme_id and scores.version = schemes.version "
            "left join (select * from dim_agent where is_current) as agents "
            "on scores.agent_id = agents.agent_id "
            "where scores.month = ? order by scores.scheme_id, scores.rank_in_center nulls last",
            [first_day],
        )
        if scheme is not None and scheme not in {s["scheme_id"] for s in scores}:
            scored = ", ".join(sorted({s["scheme_id"] for s in scores})) or "none"
            raise ReportError(f"scheme {scheme} scores nothing in {month} (schemes: {scored})")
        teams = records(
            conn,
            "select scheme_id, team_id, agents, mean_total as mean "
            "from mart_team_scores where month = ? order by scheme_id, team_id",
            [first_day],
        )
        trend_start = months[max(0, months.index(month) - TREND_MONTHS + 1)]
        trend = records(
            conn,
            "select scheme_id, strftime(month, '%Y-%m') as month, "
            "round(avg(total_score) filter (where eligible), 2) as mean "
            "from mart_agent_scores where month between ? and ? group by all order by 1, 2",
            [f"{trend_start}-01", first_day],
        )
        heat = records(
            conn,
            "select scheme_id, agent_id, indicator_code, round(value, 4) as value, "
            "round(points / nullif(max_points, 0), 3) as share "
            "from mart_indicator_scores where month = ? and section in ('kpi', 'cpi') "
            "order by scheme_id, agent_id, indicator_code",
            [first_day],
        )
        quality = records(
            conn,
            "select source_name as source, sum(rows_read) as read, "
            "sum(rows_quarantined) as quarantined from load_log "
            "where load_status = 'loaded' group by 1 order by 1",
        )
        publication = records(
            conn,
            "select publication_id, published_at::varchar as published_at, gate_result "
            "from publication_log where list_contains(months, ?) "
            "order by publication_id desc limit 1",
            [month],
        )[0]
        facts = _facts(conn, first_day)
    publication["gate"] = json.loads(publication.pop("gate_result"))
    statuses = {s["month_status"] for s in scores} or {a["month_status"] for a in facts["agents"]}
    return {
        "month": month,
        "status": "final" if statuses == {"final"} else "provisional",
        "publication": publication,
        "scheme": scheme,
        "scores": scores,
        "teams": teams,
        "trend": trend,
        "heat": heat,
        "quality": quality,
        "facts": facts,
    }


def _facts(conn: duckdb.DuckDBPyConnection, first_day: str) -> dict:
    """The month's published facts: the center's volumes and service, the service level of
    each queue, and each agent's main indicators (fct_agent_monthly)."""
    codes = ", ".join(f"'{code}'" for code in CENTER_FACTS)
    center = {
        row["indicator_code"]: row
        for row in records(
            conn,
            "select indicator_code, value, numerator, denominator from fct_indicator_monthly "
            f"where month = ? and grain = 'center' and indicator_code in ({codes})",
            [first_day],
        )
    }
    queues = records(
        conn,
        "select entity_id as queue, value, numerator, denominator from fct_indicator_monthly "
        "where month = ? and grain = 'queue' and indicator_code = 'service_level_15s' "
        "and denominator > 0 order by denominator desc, entity_id",
        [first_day],
    )
    published = {d[0] for d in conn.execute("select * from fct_agent_monthly limit 0").description}
    columns = [c for c in AGENT_FACTS if c in published]
    agents = records(
        conn,
        f"select agent_id, agent_name as name, team_id, month_status, {', '.join(columns)} "
        "from fct_agent_monthly where month = ? "
        "order by calls_handled desc nulls last, agent_id",
        [first_day],
    )
    shown = [c for c in columns if any(a[c] is not None for a in agents)]
    return {"center": center, "queues": queues, "agents": agents, "agent_columns": shown}


def render_report(data: dict, lang: str) -> str:
    page = _TEMPLATE.read_text(encoding="utf-8")
    payload = exact_json.dumps({"labels": LABELS[lang], **data}, ensure_ascii=False)
    # Inside <script>, "</" would end the element: escape it.
    payload = payload.replace("</", "<\\/")
    return (
        page.replace("__LANG__", lang)
        .replace("__TITLE__", f"{LABELS[lang]['title']} {data['month']}")
        .replace("__DATA__", payload)
    )


def write_report(
    warehouse_dir: Path,
    month: str,
    lang: str,
    out: Path | None = None,
    scheme: str | None = None,
) -> Path:
    data = report_data(WarehousePaths(warehouse_dir).published_database, month, scheme)
    path = out or WarehousePaths(warehouse_dir).reports / f"scorecard-{month}-{lang}.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(data, lang), encoding="utf-8")
    return path

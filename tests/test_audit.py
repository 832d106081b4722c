"""The auditor's trace (`explain`), the monthly report in headless Chromium, and BI readers
of the published files while a build runs, on a small center written by hand.

The center is built once for the module and only read; a test that builds again or
publishes works on its own copy (`copy_center`)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from scorecard.audit.report import report_data
from scorecard.cli import main
from scorecard.publishing.plan import plan_publication
from scorecard.publishing.store import PublicationStore
from tests.conftest import CALLS_HEADER, write_export

AS_OF = "2026-02-03"  # January is open: every build republishes it
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=5000",
]  # fmt: skip

ROSTER = [
    "A1,王芳,T01,agent,Beijing,2025-06-01,,2025-06-01",
    "A2,李强,T01,agent,Beijing,2025-06-01,,2025-06-01",
    "L1,张伟,T01,team_lead,Beijing,2025-06-01,,2025-06-01",
    "Q1,张敏,T01,qa_inspector,Beijing,2025-06-01,,2025-06-01",
]
# Line numbers are the file's: the header is line 1.
CALLS = [
    "C1,A1,general,inbound,CU1,2026-01-05T09:00:00,2026-01-05T09:00:10,2026-01-05T09:05:10,240,20,40,answered",  # line 2
    "C2,A2,general,inbound,CU2,2026-01-05T09:10:00,2026-01-05T09:10:05,2026-01-05T09:12:05,100,0,20,answered",  # line 3
    "C3,A1,general,inbound,CU3,2026-01-06T10:00:00,2026-01-06T10:00:20,2026-01-06T10:03:20,150,10,20,answered",  # line 4
    "C4,,general,inbound,CU4,2026-01-06T10:05:00,,2026-01-06T10:06:00,,,,abandoned",  # line 5
    "C5,A1,outbound,outbound,CU5,2026-01-07T11:00:00,2026-01-07T11:00:30,2026-01-07T11:02:30,120,0,0,answered",  # line 6
    "C6,A1,general,inbound,CU6,2026-01-07T11:10:00,,2026-01-07T11:10:30,,,,missed",  # line 7
    "C7,A1,general,inbound,CU7,2026-01-08T14:00:00,2026-01-08T14:00:05,2026-01-08T14:06:05,300,30,30,answered",  # line 8
]  # fmt: skip
A1_AHT_LINES = [2, 4, 8]
QA_HEADER = "evaluation_id,call_id,agent_id,evaluator_id,evaluated_at,score,fatal_error,calibrates_evaluation_id"
QA = [
    "E1,C1,A1,Q1,2026-01-06T15:00:00,90,false,",  # line 2
    "E2,C2,A2,Q1,2026-01-06T15:10:00,70,false,",  # line 3
    "E3,C3,A1,Q1,2026-01-07T15:00:00,80,false,",  # line 4
    "E4,C1,A1,Q1,2026-01-08T15:00:00,88,false,E1",  # line 5: a calibration re-score
    "E5,C7,A1,Q1,2026-01-09T15:00:00,95,false,",  # line 6
]
A1_QA_LINES = [2, 4, 6]
ATTENDANCE_HEADER = "agent_id,work_date,shift_start,shift_end,clock_in,clock_out,status"
SALES_HEADER = "order_id,agent_id,customer_id,call_id,ordered_at,amount,status"
# One counted order: A1 has one connected outbound call, and the sales success rate
# (orders ÷ connected outbound calls) must stay a fraction.
SALES = [
    "O1,A1,CU1,C1,2026-01-05T09:04:00,1234.56,paid",  # line 2
    "O2,A1,CU7,C7,2026-01-08T14:05:00,99.99,cancelled",  # line 3: not counted
]
ADJUSTMENTS_HEADER = "adjustment_id,agent_id,occurred_at,kind,points,amount,approved_by,note"
ADJUSTMENTS = [
    "J1,A1,2026-01-09T10:00:00,praise_company,3,,L1,thanked by a customer's company",  # line 2
    "J2,A1,2026-01-10T10:00:00,work_error,1.5,,L1,wrong ticket category",  # line 3
]


def attendance_rows() -> list[str]:
    return [
        f"{agent},2026-01-{day:02d},2026-01-{day:02d}T09:00:00,2026-01-{day:02d}T18:00:00,"
        f"2026-01-{day:02d}T08:55:00,2026-01-{day:02d}T18:05:00,present"
        for agent in ("A1", "A2", "L1", "Q1")
        for day in range(5, 12)
    ]


@pytest.fixture(scope="module")
def center(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("audit")
    input_dir, warehouse = root / "input", root / "warehouse"
    write_export(
        input_dir / "agents" / "agents.csv",
        "agent_id,name,team_id,role,site,hire_date,leave_date,valid_from",
        ROSTER,
    )
    write_export(input_dir / "calls" / "calls.csv", CALLS_HEADER, CALLS)
    write_export(input_dir / "qa_evaluations" / "qa.csv", QA_HEADER, QA)
    write_export(input_dir / "attendance" / "shifts.csv", ATTENDANCE_HEADER, attendance_rows())
    write_export(input_dir / "sales" / "orders.csv", SALES_HEADER, SALES)
    write_export(input_dir / "adjustments" / "events.csv", ADJUSTMENTS_HEADER, ADJUSTMENTS)
    command = ["build", "--input", str(input_dir), "--warehouse", str(warehouse)]
    assert main([*command, "--as-of", AS_OF]) == 0
    return {"input": input_dir, "warehouse": warehouse, "build": command}


def copy_center(center: dict, root: Path) -> dict:
    """The center's input and warehouse under root, for a test that changes them."""
    input_dir, warehouse = root / "input", root / "warehouse"
    shutil.copytree(center["input"], input_dir)
    shutil.copytree(center["warehouse"], warehouse, symlinks=True)
    command = ["build", "--input", str(input_dir), "--warehouse", str(warehouse)]
    return {"input": input_dir, "warehouse": warehouse, "build": command}


def explain_json(center: dict, *extra: str, capsys) -> dict:
    capsys.readouterr()
    args = ["explain", "--warehouse", str(center["warehouse"]), "--agent", "A1"]
    assert main([*args, "--month", "2026-01", "--json", "--rows", "0", *extra]) == 0
    # Decimals are exact JSON numbers: read them back as Decimals, digit for digit.
    return json.loads(capsys.readouterr().out, parse_float=Decimal)


def lines(result: dict, indicator: str) -> list[tuple[str, int]]:
    return [(row["file"], row["line"]) for row in result["indicators"][indicator]["rows"]]


def test_explain_lists_exactly_the_source_lines_behind_aht_and_qa(center, capsys):
    result = explain_json(center, capsys=capsys)

    assert lines(result, "aht_seconds") == [("calls/calls.csv", n) for n in A1_AHT_LINES]
    assert lines(result, "qa_avg_score") == [("qa_evaluations/qa.csv", n) for n in A1_QA_LINES]
    first_call = result["indicators"]["aht_seconds"]["rows"][0]["values"]
    assert (first_call["call_id"], first_call["talk_seconds"], first_call["acw_seconds"]) == (
        "C1",
        240,
        40,
    )
    # The rule rows carry the value the lines make: AHT (300 + 180 + 360) ÷ 3 calls.
    aht_rule = next(
        rule for scheme in result["schemes"] for rule in scheme["rules"]
        if rule["indicator_code"] == "aht_seconds"
    )  # fmt: skip
    assert (aht_rule["numerator"], aht_rule["denominator"], aht_rule["value"]) == (840, 3, 280)
    qa_rule = next(
        rule for scheme in result["schemes"] for rule in scheme["rules"]
        if rule["indicator_code"] == "qa_avg_score"
    )  # fmt: skip
    assert (qa_rule["numerator"], qa_rule["denominator"]) == (265, 3)


def test_explain_lists_each_indicators_rows_from_its_familys_contributions(center, capsys):
    """The rows behind a value are the rows its family's contributions model counts for it
    (docs/indicators.md): a rate lists its denominator's rows, a cross-family indicator the
    rows of both families, and every listed row is one of the count."""
    result = explain_json(center, capsys=capsys)

    calls = [("calls/calls.csv", n) for n in (2, 4, 6, 7, 8)]
    # answer_rate: the inbound legs offered to A1, the missed C6 (line 7) included; not the
    # leg C4 abandoned in the queue (no agent) nor the outbound C5 (line 6).
    assert lines(result, "answer_rate") == [calls[i] for i in (0, 1, 3, 4)]
    # conversion_rate: the handled legs with a customer (C1, C3, C7, its denominator) and
    # the order that converted CU1 (O1, its numerator; the cancelled O2 is no order).
    assert lines(result, "conversion_rate") == [calls[i] for i in (0, 1, 4)] + [
        ("sales/orders.csv", 2)
    ]
    # Cross-family: calls_per_hour the legs of calls_handled and outbound_calls (no state
    # rows loaded); sales_success_rate the connected outbound C5 (O1 was taken on the
    # inbound C1, so no order makes C5 a sale); survey_response_rate the handled legs.
    assert lines(result, "calls_per_hour") == [calls[i] for i in (0, 1, 2, 4)]
    assert lines(result, "sales_success_rate") == [calls[2]]
    assert lines(result, "survey_response_rate") == [calls[i] for i in (0, 1, 4)]
    for code, rows in result["indicators"].items():
        assert rows["total_rows"] == len(rows["rows"]), code
        assert all(not row["after_publication"] for row in rows["rows"]), code


def test_explain_points_add_up_to_each_total_exactly(center, capsys):
    """An auditor adds the published rule points and gets the published total, to the fen:
    section points are the exact sums, the total rounds once, half up (docs/scoring.md)."""
    result = explain_json(center, capsys=capsys)

    assert len(result["schemes"]) >= 3
    cent = Decimal("0.01")
    for scheme in result["schemes"]:
        composition = scheme["composition"]
        by_section = composition["rule_points_by_section"]
        for section, points in by_section.items():
            # A section whose every row was dropped for missing data has no points (NULL).
            rules = [r["points"] for r in scheme["rules"] if r["section"] == section]
            kept = [p for p in rules if p is not None]
            assert (sum(kept) if kept else None) == points, (scheme["scheme_id"], section)
            assert scheme[f"{section}_points"] == points
        for rule in scheme["rules"]:
            assert rule["points"] is None or rule["points"] <= rule["max_points"], rule
        total = (
            (by_section.get("kpi") or 0) * composition["kpi_share"]
            + (by_section.get("cpi") or 0) * composition["cpi_share"]
            + (by_section.get("adjustment") or 0)
        )
        if composition["method"] == "key_indicator_multiplier":
            total *= (by_section.get("multiplier") or 0) / 100
        rounded = total.quantize(cent, ROUND_HALF_UP)
        clamped = min(max(rounded, composition["total_min"]), composition["total_max"])
        assert scheme["total_score"] == clamped, scheme["scheme_id"]


def test_explain_json_carries_orders_adjustments_and_money_exactly(center, capsys):
    result = explain_json(center, capsys=capsys)

    orders = result["indicators"]["orders"]["rows"]
    assert [(row["line"], row["values"]["amount"]) for row in orders] == [(2, Decimal("1234.56"))]
    sales_rule = next(
        rule for scheme in result["schemes"] for rule in scheme["rules"]
        if rule["indicator_code"] == "orders"
    )  # fmt: skip
    assert sales_rule["value"] == 1
    penalties = result["indicators"]["penalty_points"]["rows"]
    assert [(row["line"], row["values"]["points"]) for row in penalties] == [(3, 1.5)]
    # Money of the piece-rate card: 0.2 元 × 3 answered calls + 5 元 × 1 order − 50 元 (mean
    # ACW 30 s is over 15 s) − 5 元 for the work error = −49.40 元.
    with duckdb.connect(str(center["warehouse"] / "published.duckdb"), read_only=True) as conn:
        published_bonus = dict(
            conn.execute(
                "select scheme_id, bonus_amount from mart_agent_scores "
                "where agent_id = 'A1' and month = date '2026-01-01'"
            ).fetchall()
        )
    bonuses = {s["scheme_id"]: s["bonus_amount"] for s in result["schemes"]}
    assert bonuses == published_bonus
    assert bonuses["telecom_piece_rate"] == Decimal("0.2") * 3 + 5 * 1 - 50 - 5
    assert str(bonuses["telecom_piece_rate"]) == "-49.40"


def test_explain_names_an_unknown_agent_or_month_and_exits_2(center, capsys):
    warehouse = str(center["warehouse"])
    assert main(["explain", "--warehouse", warehouse, "--agent", "ZZ", "--month", "2026-01"]) == 2
    assert "unknown agent 'ZZ'" in capsys.readouterr().err
    assert main(["explain", "--warehouse", warehouse, "--agent", "A1", "--month", "2025-07"]) == 2
    assert "2025-07 is not published (published months: 2026-01)" in capsys.readouterr().err


def test_explain_pages_the_source_rows_in_text(center, capsys):
    args = ["explain", "--warehouse", str(center["warehouse"]), "--agent", "A1"]
    assert main([*args, "--month", "2026-01", "--scheme", "telecom_piece_rate", "--rows", "2"]) == 0
    out = capsys.readouterr().out
    assert "aht_seconds: 3 rows, 1-2 shown; --page 2 for more" in out
    assert "calls/calls.csv:2  call_id=C1 agent_id=A1" in out

    assert main([*args, "--month", "2026-01", "--scheme", "telecom_piece_rate", "--rows", "2",
                 "--page", "2"]) == 0  # fmt: skip
    assert re.search(
        r"aht_seconds: 3 rows, 3-3 shown\n    calls/calls.csv:8 ", capsys.readouterr().out
    )


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["chromium", *CHROMIUM_FLAGS, *args], capture_output=True, text=True, timeout=120
    )


def test_the_report_draws_every_chart_in_headless_chromium(center, tmp_path, capsys):
    for lang in ("en", "zh"):
        page = tmp_path / f"report-{lang}.html"
        assert main(["report", "--warehouse", str(center["warehouse"]), "--month", "2026-01",
                     "--lang", lang, "--out", str(page)]) == 0  # fmt: skip
    assert "绩效考核月报" in (tmp_path / "report-zh.html").read_text(encoding="utf-8")

    dom = chromium(f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                   (tmp_path / "report-en.html").as_uri()).stdout  # fmt: skip
    drawn = dict(re.findall(r'<figure id="(\w+)"[^>]*data-drawn="(\d+)"', dom))
    assert set(drawn) == {"facts", "queues", "agent_facts", "distribution", "grades", "teams",
                          "trend", "heatmap", "ranking", "quality"}  # fmt: skip
    assert all(int(count) > 0 for count in drawn.values()), drawn
    assert "Scorecard report 2026-01" in dom

    # Kept in pytest's temporary folder (the last runs' stay under its basetemp).
    screenshot = tmp_path / "report-2026-01-en.png"
    chromium(f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1800",
             f"--screenshot={screenshot}", (tmp_path / "report-en.html").as_uri())  # fmt: skip
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # a blank page is a few kB


BI_READER = """
import sys, time, duckdb
published = sys.argv[1]
reads = []
deadline = time.time() + float(sys.argv[2])
while time.time() < deadline:
    with duckdb.connect(published + "/published.duckdb", read_only=True) as conn:
        log, rows = conn.execute(
            "select (select max(publication_id) from publication_log), "
            "(select max(publication_id) from mart_agent_scores)").fetchone()
    parquet = duckdb.execute(
        f"select max(publication_id) from '{published}/published/mart_agent_scores.parquet'"
    ).fetchone()[0]
    reads.append((log, rows, parquet))
    time.sleep(0.2)
print(reads)
"""


def test_bi_readers_keep_reading_the_published_files_while_a_build_runs(center, tmp_path):
    center = copy_center(center, tmp_path)
    # A new agent joins the team: the month changes, so the build publishes it again.
    write_export(
        center["input"] / "agents" / "agents_new.csv",
        "agent_id,name,team_id,role,site,hire_date,leave_date,valid_from",
        ["A3,赵雷,T02,agent,Beijing,2026-01-20,,2026-01-20"],
    )
    build = subprocess.Popen(
        [sys.executable, "-m", "scorecard.cli", *center["build"], "--as-of", AS_OF],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    reader = subprocess.run(
        [sys.executable, "-c", BI_READER, str(center["warehouse"]), "15"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    still_building = build.poll() is None
    assert build.wait(timeout=300) == 0
    assert still_building, "the build ended before the reader finished: nothing was tested"
    assert reader.returncode == 0, reader.stderr
    reads = eval(reader.stdout)  # a list of tuples printed by the reader
    assert len(reads) > 20
    # Every read saw one whole publication: the log, the table and the Parquet agree.
    assert all(log == rows == parquet for log, rows, parquet in reads)
    with duckdb.connect(str(center["warehouse"] / "published.duckdb"), read_only=True) as conn:
        assert conn.execute("select max(publication_id) from publication_log").fetchone() == (2,)


def test_explain_shows_a_score_as_a_publication_had_it(center, tmp_path, capsys):
    # A second publication of the open January, from the same candidates (what a build
    # whose month changed elsewhere publishes; publishing is not under test here).
    center = copy_center(center, tmp_path)
    store = PublicationStore(center["warehouse"])
    as_of = date.fromisoformat(AS_OF)
    plan = plan_publication(["2026-01"], None, store.latest_by_month(), as_of, 5)
    with duckdb.connect(str(center["warehouse"] / "work.duckdb"), read_only=True) as work:
        store.publish(work, plan, as_of=as_of, run_id="second", gate={"result": "passed"})
    assert store.refresh() == 2

    latest = explain_json(center, capsys=capsys)
    first = explain_json(center, "--publication", "1", capsys=capsys)

    assert first["publication"]["publication_id"] == 1
    assert latest["publication"]["publication_id"] == 2
    assert [s["total_score"] for s in first["schemes"]] == [
        s["total_score"] for s in latest["schemes"]
    ]


def test_the_report_heatmap_is_points_over_the_maximum_after_reweighting(center):
    """A reweighted indicator (its section lost a rule with no value) can earn more than
    its weight; its cell is still a share of what it could earn, never above 1."""
    published = center["warehouse"] / "published.duckdb"
    heat = report_data(published, "2026-01")["heat"]
    with duckdb.connect(str(published), read_only=True) as conn:
        expected = {
            (scheme, agent, code): share
            for scheme, agent, code, share in conn.execute(
                "select scheme_id, agent_id, indicator_code, "
                "round(points / nullif(max_points, 0), 3) from mart_indicator_scores "
                "where month = date '2026-01-01' and section in ('kpi', 'cpi')"
            ).fetchall()
        }
    drawn = {(c["scheme_id"], c["agent_id"], c["indicator_code"]): c["share"] for c in heat}
    assert drawn == expected
    assert all(share is None or 0 <= share <= 1 for share in drawn.values())

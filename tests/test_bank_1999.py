"""The real Technion "Anonymous Bank" logs as a center receives them (issue 14): January and
February imported one at a time, in either order, publish the facts one import of both
publishes; the shipped schemes applied from January 1999 score them; January's report
renders in headless Chromium. The logs are read where they lie, never copied."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pytest

from scorecard.cli import main
from scorecard.settings import PROJECT_ROOT
from tests.test_audit import chromium

LOGS = (
    Path(os.environ.get("SCORECARD_DATASETS", PROJECT_ROOT.parent / "shared" / "datasets"))
    / "anonymous_bank_1999"
)
FACT_MONTHS = ("1999-01-01", "1999-02-01")


def bank_import(export: Path, out: Path) -> None:
    assert main(["import", "--format", "anonymous-bank", "--derive-attendance",
                 "--input", str(export), "--out", str(out)]) == 0  # fmt: skip


@pytest.fixture(scope="module")
def bank(tmp_path_factory) -> dict[str, Path]:
    assert (LOGS / "january.txt").is_file(), f"the Technion logs are not at {LOGS}"
    root = tmp_path_factory.mktemp("bank-1999")
    together, jan_feb, feb_jan = root / "together", root / "jan_feb", root / "feb_jan"
    bank_import(LOGS, together)  # both months in one import
    bank_import(LOGS / "january.txt", jan_feb)
    bank_import(LOGS / "february.txt", jan_feb)
    bank_import(LOGS / "february.txt", feb_jan)  # February arrives first
    bank_import(LOGS / "january.txt", feb_jan)
    # One build, of the imports made month by month (February first): they are byte for
    # byte the one import's files (the first test), and the same files publish the same
    # tables (tests/test_publication.py), so a second build of the one import proved nothing
    # more and cost a minute.
    month_by_month = root / "warehouse-feb-jan"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SCORECARD_TIMEZONE", "Asia/Jerusalem")
        assert main(["build", "--input", str(feb_jan), "--warehouse", str(month_by_month),
                     "--schemes-from", "1999-01"]) == 0  # fmt: skip
    return {"together": together, "jan_feb": jan_feb, "feb_jan": feb_jan,
            "warehouse": month_by_month}  # fmt: skip


def published(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "published.duckdb"), read_only=True) as conn:
        return conn.execute(sql).fetchall()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_month_by_month_imports_in_either_order_write_what_one_import_writes(bank):
    assert snapshot(bank["jan_feb"]) == snapshot(bank["feb_jan"]) == snapshot(bank["together"])
    assert sorted(snapshot(bank["together"])) == [
        "_imports/february.txt.report.json", "_imports/february.txt.unusable_rows.csv",
        "_imports/january.txt.report.json", "_imports/january.txt.unusable_rows.csv",
        "agents/anonymous_bank_agents.csv",
        "attendance/anonymous_bank_february.csv", "attendance/anonymous_bank_january.csv",
        "calls/anonymous_bank_february.csv", "calls/anonymous_bank_january.csv",
    ]  # fmt: skip


def test_both_months_are_published_whole_from_month_by_month_imports(bank):
    for table in ("fct_agent_monthly", "fct_indicator_monthly", "mart_agent_scores"):
        months = published(bank["warehouse"], f"select distinct month from {table} order by month")
        assert [str(month) for (month,) in months] == list(FACT_MONTHS), table
        (rows,) = published(bank["warehouse"], f"select count(*) from {table}")
        assert rows[0] > 50, table
    # What the issue saw lost when February overwrote January's roster is there.
    january = {
        agent: (team, calls, aht)
        for agent, team, calls, aht in published(
            bank["warehouse"],
            "select agent_id, team_id, calls_handled, aht_seconds from fct_agent_monthly "
            "where month = date '1999-01-01'",
        )
    }
    assert len(january) == 28
    assert sum(calls for _team, calls, _aht in january.values()) == 26_570
    assert {team for team, _calls, _aht in january.values()} == {"BANK"}
    vanished_before = ("DAVID", "EXPRESS", "LORI", "TALI", "VICKY")
    assert {agent: january[agent][1] for agent in vanished_before} == {
        "DAVID": 7, "EXPRESS": 3, "LORI": 211, "TALI": 775, "VICKY": 897
    }  # fmt: skip
    assert str(january["KAZAV"][2]) == "175.56"
    with duckdb.connect(str(bank["warehouse"] / "work.duckdb"), read_only=True) as conn:
        assert conn.execute("select count(*) from raw.quarantine").fetchone() == (0,)


def test_the_schemes_applied_from_january_1999_score_it_and_the_log_says_so(bank):
    assert published(bank["warehouse"], "select months, schemes_from from publication_log") == [
        (["1999-01", "1999-02"], "1999-01")
    ]
    assert published(
        bank["warehouse"],
        "select version, effective_month from dim_scheme where scheme_id = 'galaxy_securities'",
    ) == [(1, "1999-01")]
    scores = published(
        bank["warehouse"],
        "select eligible, count(*), min(ineligible_reason) from mart_agent_scores "
        "where scheme_id = 'galaxy_securities' and month = date '1999-01-01' group by 1 order by 1",
    )
    # DAVID, EXPRESS and LORI worked fewer than five days in January: not scored (SPEC §6).
    assert scores == [(False, 3, "attendance_days 1 < 5"), (True, 25, None)]


def drawn_figures(page: Path, profile: Path) -> tuple[dict[str, int], str]:
    dom = chromium(f"--user-data-dir={profile}", "--dump-dom", page.as_uri()).stdout
    drawn = dict(re.findall(r'<figure id="(\w+)"[^>]*data-drawn="(\d+)"', dom))
    return {figure: int(count) for figure, count in drawn.items()}, dom


def test_january_1999_is_reported_scored_and_drawn_in_headless_chromium(bank, tmp_path):
    page = tmp_path / "report-1999-01-en.html"
    assert main(["report", "--warehouse", str(bank["warehouse"]), "--month", "1999-01", "--lang",
                 "en", "--scheme", "galaxy_securities", "--out", str(page)]) == 0  # fmt: skip

    drawn, dom = drawn_figures(page, tmp_path / "profile")

    assert drawn == {
        "facts": 8, "queues": 7, "quality": 3, "agent_facts": 28,
        "distribution": 10, "grades": 2, "teams": 1, "trend": 1,
        "heatmap": drawn["heatmap"], "ranking": 20,
    }  # fmt: skip
    assert drawn["heatmap"] == 28 * 7  # agents × the KPI rules of galaxy_securities
    assert "Scorecard report 1999-01" in dom
    assert "15,197 answered within 15 s / 30,869 inbound offered" in dom
    # Kept in pytest's temporary folder (the last runs' stay under its basetemp).
    screenshot = tmp_path / "report-1999-01-en.png"
    chromium(f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,2600",
             f"--screenshot={screenshot}", page.as_uri())  # fmt: skip
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000  # a blank page is a few kB

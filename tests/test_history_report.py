"""Last year's exports with no scheme in effect (issue 14): the PwC workbook's 2021 calls
build and publish facts that no shipped scheme scores, and the month's report shows those
facts (volumes, service, the per-agent table) and says why there are no scores, where it
used to refuse the month as unpublished."""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pytest

from scorecard.cli import main
from scorecard.settings import PROJECT_ROOT
from tests.test_audit import chromium

WORKBOOK = (
    Path(os.environ.get("SCORECARD_DATASETS", PROJECT_ROOT.parent / "shared" / "datasets"))
    / "pwc_call_center"
    / "call_center_dataset.xlsx"
)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    assert WORKBOOK.is_file(), f"the PwC workbook is not at {WORKBOOK}"
    root = tmp_path_factory.mktemp("history")
    assert main(["import", "--format", "pwc-xlsx", "--input", str(WORKBOOK),
                 "--out", str(root / "input")]) == 0  # fmt: skip
    warehouse = root / "warehouse"
    assert main(["build", "--input", str(root / "input"), "--warehouse", str(warehouse)]) == 0
    return warehouse


def test_the_facts_of_a_month_no_scheme_scores_are_published(history):
    with duckdb.connect(str(history / "published.duckdb"), read_only=True) as conn:
        assert conn.execute("select months, schemes_from from publication_log").fetchall() == [
            (["2021-01", "2021-02", "2021-03"], None)
        ]
        assert conn.execute("select count(*) from mart_agent_scores").fetchone() == (0,)
        assert conn.execute(
            "select count(*), sum(calls_handled) from fct_agent_monthly "
            "where month = date '2021-01-01'"
        ).fetchone() == (8, 1455)


def test_its_report_shows_the_facts_and_says_no_scheme_scores_it(history, tmp_path):
    page = tmp_path / "report-2021-01-en.html"
    assert main(["report", "--warehouse", str(history), "--month", "2021-01", "--lang", "en",
                 "--out", str(page)]) == 0  # fmt: skip

    dom = chromium(f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()).stdout

    drawn = dict(re.findall(r'<figure id="(\w+)"[^>]*data-drawn="(\d+)"', dom))
    assert {figure: int(count) for figure, count in drawn.items()} == {
        "facts": 7, "queues": 5, "quality": 3, "agent_facts": 8
    }  # fmt: skip
    assert re.search(r'<section id="scored"[^>]*hidden', dom)
    assert "No scheme scores this month (none was in effect)" in dom
    tiles = re.findall(r'<div class="label">([^<]+)</div><div class="value">([^<]+)</div>', dom)
    # The workbook has no customer ids, so no first-call resolution: that tile is left out.
    assert [label for label, _value in tiles] == [
        "Calls handled", "Service level (15 s)", "AHT (s)", "Speed of answer (s)",
        "Answer rate", "Transfer rate", "Outbound calls",
    ]  # fmt: skip
    assert tiles[0] == ("Calls handled", "1,455")

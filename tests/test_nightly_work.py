"""A night does only the work its new rows call for (issue 16, publishing/last_build.py).

One month of a small center: built before its close day (provisional), a night with
nothing new (dbt, the gate and publication skipped), the first night after the close day
with no new file (the month changes status: built and published as final), and a night
with nothing new again.
"""

from __future__ import annotations

import duckdb
import pytest

from scorecard.cli import main
from scorecard.generate import generate
from scorecard.generate.deliver import deliver_exports

SKIPPED = "dbt, the gate and publication did not run."


@pytest.fixture(scope="module")
def center(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("nightly")
    generate(root / "generated", agents=6, months=1, start="2026-01", seed=7)
    deliver_exports(root / "generated", root / "input", "2026-01-31")
    return {"input": root / "input", "warehouse": root / "warehouse"}


def build(center: dict, as_of: str) -> int:
    folders = ["--input", str(center["input"]), "--warehouse", str(center["warehouse"])]
    return main(["build", *folders, "--as-of", as_of])


def publications(center: dict) -> list[tuple]:
    with duckdb.connect(str(center["warehouse"] / "published.duckdb"), read_only=True) as conn:
        return conn.execute(
            "select publication_id, final_months, provisional_months from publication_log "
            "order by 1"
        ).fetchall()


def test_the_first_night_builds_everything(center, capsys):
    assert build(center, "2026-02-02") == 0
    captured = capsys.readouterr()
    assert "dbt rebuilds every model from all history (--full-refresh)" in captured.err
    assert "Published publication 1: 2026-01 provisional" in captured.out


def test_a_night_with_nothing_new_skips_dbt_the_gate_and_publication(center, capsys):
    assert build(center, "2026-02-03") == 0
    out = capsys.readouterr().out
    assert SKIPPED in out and "Gate:" not in out
    assert publications(center) == [(1, [], ["2026-01"])]


def test_the_close_day_publishes_the_month_as_final_without_a_new_file(center, capsys):
    assert build(center, "2026-02-06") == 0
    captured = capsys.readouterr()
    assert SKIPPED not in captured.out
    assert "Gate: passed" in captured.out
    assert "Published publication 2: 2026-01 final" in captured.out
    assert publications(center) == [(1, [], ["2026-01"]), (2, ["2026-01"], [])]


def test_the_next_night_with_nothing_new_is_skipped_again(center, capsys):
    assert build(center, "2026-02-07") == 0
    assert SKIPPED in capsys.readouterr().out
    assert publications(center)[-1][0] == 2

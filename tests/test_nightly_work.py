"""A night does only the work its new rows call for (issue 16, publishing/last_build.py).

One month of a small center: built before its close day (provisional), a night with
nothing new (dbt, the gate and publication skipped), the first night after the close day
with no new file (the month changes status: built and published as final), and a night
with nothing new again. Each night is a state (tests/warehouse_state.py) built once from a
copy of the night before: any test runs alone and in any order.
"""

from __future__ import annotations

import pytest

from scorecard.generate import generate
from scorecard.generate.deliver import deliver_exports
from tests.warehouse_state import State, next_state, run_cli

SKIPPED = "dbt, the gate and publication did not run."


def build(center: State, as_of: str) -> tuple[int, str, str]:
    folders = ["--input", str(center.input), "--warehouse", str(center.warehouse)]
    return run_cli(["build", *folders, "--as-of", as_of])


def publications(center: State) -> list[tuple]:
    return center.published(
        "select publication_id, final_months, provisional_months from publication_log order by 1"
    )


@pytest.fixture(scope="module")
def first_night(tmp_path_factory) -> State:
    root = tmp_path_factory.mktemp("first_night")
    generate(root / "generated", agents=6, months=1, start="2026-01", seed=7)
    deliver_exports(root / "generated", root / "input", "2026-01-31")
    return next_state(None, root, lambda center: build(center, "2026-02-02"))


@pytest.fixture(scope="module")
def quiet_night(first_night, tmp_path_factory) -> State:
    root = tmp_path_factory.mktemp("quiet_night")
    return next_state(first_night, root, lambda center: build(center, "2026-02-03"))


@pytest.fixture(scope="module")
def close_night(quiet_night, tmp_path_factory) -> State:
    root = tmp_path_factory.mktemp("close_night")
    return next_state(quiet_night, root, lambda center: build(center, "2026-02-06"))


def test_the_first_night_builds_everything(first_night):
    assert first_night.code == 0
    assert "dbt rebuilds every model from all history (--full-refresh)" in first_night.err
    assert "Published publication 1: 2026-01 provisional" in first_night.out


def test_a_night_with_nothing_new_skips_dbt_the_gate_and_publication(quiet_night):
    assert quiet_night.code == 0
    assert SKIPPED in quiet_night.out and "Gate:" not in quiet_night.out
    # no notice per dbt test that gates the (skipped) publication on the console
    assert "emitted no result" not in quiet_night.err, quiet_night.err
    assert publications(quiet_night) == [(1, [], ["2026-01"])]


def test_the_close_day_publishes_the_month_as_final_without_a_new_file(close_night):
    assert close_night.code == 0
    assert SKIPPED not in close_night.out
    assert "Gate: passed" in close_night.out
    assert "Published publication 2: 2026-01 final" in close_night.out
    assert publications(close_night) == [(1, [], ["2026-01"]), (2, ["2026-01"], [])]


def test_the_next_night_with_nothing_new_is_skipped_again(close_night, tmp_path):
    center = close_night.copy(tmp_path)
    code, out, _ = build(center, "2026-02-07")
    assert code == 0
    assert SKIPPED in out
    assert publications(center)[-1][0] == 2

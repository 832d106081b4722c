"""Month close and the publication plan (SPEC §4): pure date and log logic."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from scorecard.publishing.plan import (
    FINAL,
    PROVISIONAL,
    PlanError,
    PublishedMonth,
    close_date,
    is_closed,
    latest_by_month,
    nightly_months,
    plan_publication,
)
from scorecard.publishing.store import candidate_months


def test_a_month_is_open_through_its_close_day_and_closed_the_day_after():
    assert close_date("2026-01", 5) == date(2026, 2, 5)
    assert close_date("2026-12", 5) == date(2027, 1, 5)
    assert not is_closed("2026-01", date(2026, 2, 5), 5)
    assert is_closed("2026-01", date(2026, 2, 6), 5)
    assert not is_closed("2026-01", date(2026, 2, 6), 10)


def test_a_close_day_every_month_has_is_required():
    with pytest.raises(ValueError, match=r"close day must be 1\.\.28"):
        close_date("2026-01", 31)


def test_open_months_are_provisional_and_closed_ones_final_at_their_first_publication():
    plan = plan_publication(["2026-01", "2026-02"], None, {}, date(2026, 2, 6), 5)
    assert plan.statuses == {"2026-01": FINAL, "2026-02": PROVISIONAL}
    assert plan.final == ("2026-01",) and plan.provisional == ("2026-02",)
    assert plan.held == ()


def test_a_backfilled_month_past_its_close_day_is_final_at_once():
    plan = plan_publication(["1999-01"], None, {}, date(2026, 11, 23), 5)
    assert plan.statuses == {"1999-01": FINAL}


def test_a_final_month_is_held_and_a_provisional_one_is_republished():
    published = {
        "2026-01": PublishedMonth(publication_id=2, status=FINAL, last_load_id=40),
        "2026-02": PublishedMonth(publication_id=2, status=PROVISIONAL, last_load_id=40),
    }
    plan = plan_publication(["2026-01", "2026-02"], None, published, date(2026, 3, 6), 5)
    assert plan.held == ("2026-01",)
    assert plan.statuses == {"2026-02": FINAL}


def test_a_month_after_the_as_of_date_is_not_published_before_it_begins():
    plan = plan_publication(["2026-01", "2026-02"], None, {}, date(2026, 1, 31), 5)
    assert plan.statuses == {"2026-01": PROVISIONAL}
    assert plan.future == ("2026-02",)


def test_only_requested_months_are_planned():
    plan = plan_publication(
        ["2026-01", "2026-02", "2026-03"], ["2026-02", "2026-03"], {}, date(2026, 3, 2), 5
    )
    assert plan.months == ("2026-02", "2026-03")


def test_a_restatement_republishes_exactly_its_final_month_with_its_reason():
    published = {"2026-01": PublishedMonth(3, FINAL, 40)}
    plan = plan_publication(
        ["2026-01", "2026-02"], None, published, date(2026, 3, 6), 5, "2026-01", " late calls "
    )
    assert plan.statuses == {"2026-01": FINAL}
    assert (plan.restated, plan.reason) == ("2026-01", "late calls")


@pytest.mark.parametrize(
    ("published", "month", "reason", "message"),
    [
        ({}, "2026-02", "x", r"2026-02 has no final publication to restate \(open\)"),
        ({}, "2025-12", "x", r"2025-12 has no final publication to restate \(not published\)"),
        (
            {"2026-02": PublishedMonth(1, PROVISIONAL, 1)},
            "2026-02",
            "x",
            "no final publication",
        ),
        ({"2026-01": PublishedMonth(1, FINAL, 1)}, "2026-01", "  ", "needs a reason"),
    ],
)
def test_a_restatement_of_a_month_without_final_publication_is_refused(
    published, month, reason, message
):
    with pytest.raises(PlanError, match=message):
        plan_publication([], None, published, date(2026, 2, 3), 5, month, reason)


def test_the_latest_publication_of_each_month_wins():
    log = [
        {"publication_id": 2, "statuses": {"2026-01": FINAL}, "last_load_id": 9},
        {
            "publication_id": 1,
            "statuses": {"2026-01": PROVISIONAL, "2026-02": PROVISIONAL},
            "last_load_id": 5,
        },
    ]
    assert latest_by_month(log) == {
        "2026-01": PublishedMonth(2, FINAL, 9),
        "2026-02": PublishedMonth(1, PROVISIONAL, 5),
    }


@pytest.mark.parametrize(
    ("night", "months"),
    [
        (date(2026, 11, 6), ("2026-10", "2026-11")),
        (date(2026, 11, 30), ("2026-10", "2026-11")),
        (date(2027, 1, 1), ("2026-12", "2027-01")),
    ],
)
def test_a_night_covers_last_month_and_this_month(night, months):
    assert nightly_months(night) == months


def test_a_month_with_no_source_row_of_its_own_is_not_a_candidate():
    """A state interval running past midnight on 31 October gives November facts (a
    logged-in hour) but no source row is dated in November: November is not published."""
    work = duckdb.connect()
    work.execute("create schema marts; create schema intermediate")
    work.execute(
        "create table marts.fct_agent_monthly as select * from (values "
        "('A1', date '2026-09-01'), ('A1', date '2026-10-01'), ('A1', date '2026-11-01')) "
        "as t(agent_id, month)"
    )
    work.execute(
        "create table marts.mart_agent_scores as select * from (values "
        "('s', 'A1', date '2026-10-01')) as t(scheme_id, agent_id, month)"
    )
    work.execute(
        "create table intermediate.int_source_rows__daily as select * from (values "
        "('calls', date '2026-09-01', 120), ('agent_states', date '2026-10-01', 300)) "
        "as t(source_name, month, row_count)"
    )
    assert candidate_months(work) == ["2026-09", "2026-10"]

"""Tests of the synthetic source generator (`scorecard generate`).

The rows are checked against the contract with a small validator written here from
`contract.SOURCES` (independent of the loader), so "every good row is valid" and "every
injected row has exactly its one listed defect" are both tested without a warehouse.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scorecard import contract
from scorecard.contract import SOURCES, Source
from scorecard.generate import BAD_ROW_KINDS, MANIFEST_NAME, generate
from scorecard.generate.deliver import deliver_exports

AGENTS, MONTHS, START, SEED = 12, 2, "2026-09", 11
MONTH_LABELS = ("2026-09", "2026-10")
BAD_PER_KIND = 3
SHANGHAI = timezone(timedelta(hours=8))
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
INTEGER_RE = re.compile(r"^-?\d+$")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")


# ----------------------------------------------------------------------------- helpers


def _run(out: Path, **overrides) -> dict:
    args = {"agents": AGENTS, "months": MONTHS, "start": START, "seed": SEED, "bad_rows": 0}
    args.update(overrides)
    summary = generate(out, **args)
    return {"summary": summary, "out": out}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    return _run(tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="module")
def dirty(tmp_path_factory) -> dict:
    return _run(tmp_path_factory.mktemp("dirty"), bad_rows=BAD_PER_KIND)


def _files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file())


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]  # file ends with "\n"


def _read(out: Path, source: str) -> list[dict[str, str]]:
    """All rows of one source, as dicts (good data only: no bad rows expected)."""
    rows = []
    for path in sorted((out / source).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    return rows


def _ts(text: str) -> datetime:
    """A contract timestamp as an aware datetime (no offset = Asia/Shanghai)."""
    if not TIMESTAMP_RE.match(text):
        raise ValueError(text)
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def _local(text: str) -> datetime:
    return _ts(text).astimezone(SHANGHAI)


def _parse(column: contract.Column, text: str):
    kind = column.kind
    if kind == contract.TIMESTAMP:
        return _ts(text)
    if kind == contract.DATE:
        if not DATE_RE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    if kind == contract.MONTH:
        if not MONTH_RE.match(text) or not 1 <= int(text[5:]) <= 12:
            raise ValueError(text)
        return text
    if kind == contract.INTEGER:
        if not INTEGER_RE.match(text):
            raise ValueError(text)
        return int(text)
    if kind in (contract.NUMBER, contract.MONEY):
        if not NUMBER_RE.match(text):
            raise ValueError(text)
        return float(text)
    if kind == contract.BOOLEAN:
        if text not in ("true", "false"):
            raise ValueError(text)
        return text == "true"
    return text


def defects(source: Source, fields: list[str], agent_ids: set[str]) -> set[str]:
    """The contract violations of one CSV record, by the loader's reason codes."""
    if len(fields) != len(source.columns):
        return {"malformed_row"}
    row = dict(zip(source.column_names, fields, strict=True))
    found: set[str] = set()
    parsed = {}
    for column in source.columns:
        text = row[column.name]
        required = column.required or (
            column.required_unless is not None
            and row[column.required_unless[0]] not in column.required_unless[1]
        )
        if text == "":
            if required:
                found.add("missing_required")
            continue
        try:
            value = _parse(column, text)
        except ValueError:
            found.add("unparsable")
            continue
        parsed[column.name] = value
        if column.kind == contract.ENUM and value not in column.values:
            found.add("unknown_enum")
        if isinstance(value, int | float) and not isinstance(value, bool):
            low = column.minimum is not None and value < column.minimum
            high = column.maximum is not None and value > column.maximum
            if low and column.name.endswith("_seconds"):
                found.add("negative_duration")
            elif low or high:
                found.add("out_of_range")
        if column.agent_ref and text not in agent_ids:
            found.add("unknown_agent")
    for start, end in source.ordered:
        if start in parsed and end in parsed and parsed[end] < parsed[start]:
            found.add("ended_before_started")
    return found


def _all_defects(out: Path) -> dict[tuple[str, int], set[str]]:
    """(file, physical line) -> defects, over every file of a generated directory."""
    agent_ids = {r["agent_id"] for r in _read(out, "agents")}
    found = {}
    for source in SOURCES:
        for path in sorted((out / source.name).glob("*.csv")):
            relative = path.relative_to(out).as_posix()
            with path.open(encoding="utf-8", newline="") as handle:
                records = list(csv.reader(handle))
            assert records[0] == list(source.column_names), relative
            for number, fields in enumerate(records[1:], start=2):
                problems = defects(source, fields, agent_ids)
                if problems:
                    found[(relative, number)] = problems
    return found


# ------------------------------------------------------------------ files and determinism


def test_same_seed_gives_identical_bytes(clean, tmp_path):
    again = _run(tmp_path / "again")
    first, second = _files(clean["out"]), _files(again["out"])
    assert [p.relative_to(clean["out"]) for p in first] == [
        p.relative_to(again["out"]) for p in second
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_another_seed_gives_different_data(clean, tmp_path):
    other = _run(tmp_path / "other", seed=SEED + 1)
    for name in ("agents/agents.csv", "calls/calls_2026-09.csv", "surveys/surveys_2026-10.csv"):
        assert (clean["out"] / name).read_bytes() != (other["out"] / name).read_bytes()


def test_every_source_has_monthly_files_with_the_contract_header(clean):
    out = clean["out"]
    assert (out / "agents" / "agents.csv").is_file()
    for source in SOURCES:
        expected = (
            ["agents.csv"]
            if source.name == "agents"
            else [f"{source.name}_{m}.csv" for m in MONTH_LABELS]
        )
        assert sorted(p.name for p in (out / source.name).iterdir()) == expected
        for name in expected:
            raw = (out / source.name / name).read_bytes()
            assert b"\r" not in raw and not raw.startswith(b"\xef\xbb\xbf")
            assert raw.decode("utf-8").split("\n", 1)[0] == ",".join(source.column_names)


def test_summary_counts_match_the_files(clean):
    summary, out = clean["summary"], clean["out"]
    files = [p for p in _files(out) if p.suffix == ".csv"]
    assert sorted(summary.files) == sorted(p.relative_to(out).as_posix() for p in files)
    for path in files:
        assert summary.files[path.relative_to(out).as_posix()] == len(_lines(path)) - 1
    text = summary.describe()
    assert all(name in text for name in summary.files)
    assert f"total ({len(files)} files)" in text
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["files"] == summary.files
    assert manifest["arguments"] == {
        "agents": AGENTS,
        "months": MONTHS,
        "start": START,
        "seed": SEED,
        "bad_rows": 0,
    }
    assert manifest["bad_rows"] == []


def test_rows_scale_with_agents(tmp_path):
    small = _run(tmp_path / "s", agents=10, months=1)["summary"]
    large = _run(tmp_path / "l", agents=30, months=1)["summary"]
    for source in ("agents", "attendance", "calls", "agent_states", "surveys", "exams"):
        assert large.rows(source) > 2 * small.rows(source), source


def test_too_small_a_roster_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least 6"):
        generate(tmp_path, agents=5, months=1, start=START, seed=1)


# ------------------------------------------------------------------------- the contract


def test_every_row_satisfies_the_contract(clean):
    assert _all_defects(clean["out"]) == {}


def test_keys_are_unique_across_months(clean):
    for source in SOURCES:
        keys = Counter(
            tuple(row[k] for k in source.key) for row in _read(clean["out"], source.name)
        )
        assert keys, source.name
        duplicated = [key for key, n in keys.items() if n > 1]
        assert duplicated == [], source.name


def test_references_point_at_real_rows(clean):
    out = clean["out"]
    calls = {row["call_id"]: row for row in _read(out, "calls")}
    for source in ("qa_evaluations", "surveys", "sales"):
        for row in _read(out, source):
            call = calls[row["call_id"]]
            assert call["agent_id"] == row["agent_id"]
    orders = {row["order_id"]: row for row in _read(out, "sales")}
    for row in _read(out, "return_requests"):
        assert orders[row["order_id"]]["agent_id"] == row["agent_id"]
        assert row["requested_at"] > orders[row["order_id"]]["ordered_at"]
    for row in _read(out, "sales"):
        assert calls[row["call_id"]]["customer_id"] == row["customer_id"]


# ------------------------------------------------------------------------------ roster


def test_roster_roles_teams_and_history(clean):
    rows = _read(clean["out"], "agents")
    people = {r["agent_id"] for r in rows}
    assert len(people) == AGENTS
    assert all(re.fullmatch(r"A\d{4}", a) for a in people)
    roles = {r["agent_id"]: r["role"] for r in rows}
    assert set(roles.values()) == set(contract.ROLES)
    leads = Counter(r["team_id"] for r in rows if r["role"] == "team_lead")
    assert leads and all(n == 1 for n in leads.values())
    assert sum(r == "telesales" for r in roles.values()) >= 2

    versions = defaultdict(list)
    for r in rows:
        versions[r["agent_id"]].append(r)
    changed = [v for v in versions.values() if len({r["team_id"] for r in v}) > 1]
    assert changed, "nobody changes team"
    assert changed[0][1]["valid_from"] > changed[0][0]["valid_from"]
    first, last = date(2026, 9, 2), date(2026, 10, 31)
    joiners = [v[0] for v in versions.values() if first <= date.fromisoformat(v[0]["hire_date"])]
    assert joiners and all(j["valid_from"] == j["hire_date"] for j in joiners)
    assert all(date.fromisoformat(j["hire_date"]) <= last for j in joiners)
    leavers = [r for r in rows if r["leave_date"]]
    assert leavers
    assert all(first <= date.fromisoformat(r["leave_date"]) <= last for r in leavers)


def _employment(out: Path) -> dict[str, tuple[date, date]]:
    bounds = {}
    for r in _read(out, "agents"):
        leave = date.fromisoformat(r["leave_date"]) if r["leave_date"] else date.max
        hire = date.fromisoformat(r["hire_date"])
        old = bounds.get(r["agent_id"], (hire, date.max))
        bounds[r["agent_id"]] = (hire, min(old[1], leave))
    return bounds


def test_no_activity_before_hire_or_after_leave(clean):
    out = clean["out"]
    bounds = _employment(out)
    checks = {
        "calls": ("agent_id", "offered_at"),
        "agent_states": ("agent_id", "started_at"),
        "qa_evaluations": ("agent_id", "evaluated_at"),
        "surveys": ("agent_id", "responded_at"),
        "sales": ("agent_id", "ordered_at"),
        "return_requests": ("agent_id", "requested_at"),
        "exams": ("agent_id", "taken_at"),
        "adjustments": ("agent_id", "occurred_at"),
    }
    for source, (agent_column, time_column) in checks.items():
        for row in _read(out, source):
            if not row[agent_column]:
                continue
            hire, leave = bounds[row[agent_column]]
            assert hire <= _local(row[time_column]).date() <= leave, (source, row)
    for row in _read(out, "attendance"):
        hire, leave = bounds[row["agent_id"]]
        assert hire <= date.fromisoformat(row["work_date"]) <= leave


# ------------------------------------------------------------------ attendance, telephony


def test_attendance_calendar(clean):
    rows = _read(clean["out"], "attendance")
    assert len({(r["agent_id"], r["work_date"]) for r in rows}) == len(rows)
    working = [r for r in rows if date.fromisoformat(r["work_date"]).weekday() < 5]
    statuses = Counter(r["status"] for r in working)
    assert statuses["present"] / len(working) > 0.85
    for r in rows:
        if r["status"] != "present":
            assert r["clock_in"] == r["clock_out"] == ""
        if date.fromisoformat(r["work_date"]).weekday() >= 5 and r["status"] != "present":
            assert r["status"] == "rest"  # weekend: rest, unless on month-end duty
    present = [r for r in rows if r["status"] == "present"]
    late = sum(_ts(r["clock_in"]) > _ts(r["shift_start"]) for r in present)
    assert 0.02 < late / len(present) < 0.2


def test_call_mix_and_service_level(clean):
    calls = _read(clean["out"], "calls")
    inbound = [c for c in calls if c["direction"] == "inbound"]
    mix = Counter(c["disposition"] for c in inbound)
    assert 0.02 <= mix["abandoned"] / len(inbound) <= 0.10
    assert 0.80 <= mix["answered"] / len(inbound) <= 0.95
    assert mix["missed"] and mix["transferred"]
    for c in inbound:
        if c["disposition"] == "abandoned":
            assert c["agent_id"] == "" and c["answered_at"] == ""
        elif c["disposition"] == "missed":
            assert c["agent_id"] and c["answered_at"] == "" and c["talk_seconds"] == "0"
        else:
            assert c["agent_id"] and c["answered_at"]
    within = sum(
        1
        for c in inbound
        if c["answered_at"]
        and _ts(c["answered_at"]) - _ts(c["offered_at"]) <= timedelta(seconds=15)
    )
    assert 0.70 <= within / len(inbound) <= 0.90
    talk = sorted(int(c["talk_seconds"]) for c in inbound if c["disposition"] == "answered")
    assert 70 <= talk[len(talk) // 2] <= 115  # a high-volume line: the telecom card's 115 s
    outbound = [c for c in calls if c["direction"] == "outbound"]
    connected = sum(c["answered_at"] != "" for c in outbound) / len(outbound)
    assert 0.3 <= connected <= 0.5
    assert 0.04 <= sum(c["customer_id"] == "" for c in inbound) / len(inbound) <= 0.12
    assert len({c["call_id"] for c in calls}) == len(calls)


def test_calls_write_both_timestamp_forms(clean):
    calls = _read(clean["out"], "calls")
    with_offset = [c for c in calls if c["offered_at"].endswith("+08:00")]
    assert 0.005 < len(with_offset) / len(calls) < 0.1
    assert all(c["ended_at"].endswith("+08:00") for c in with_offset)
    plain = [c for c in calls if TIMESTAMP_RE.match(c["offered_at"]).group(1) is None]
    assert len(plain) + len(with_offset) == len(calls)


def test_repeat_callers_within_a_week(clean):
    seen = defaultdict(list)
    for c in _read(clean["out"], "calls"):
        if c["direction"] == "inbound" and c["customer_id"]:
            seen[c["customer_id"]].append(_ts(c["offered_at"]))
    repeating = sum(
        any(b - a <= timedelta(days=7) for a, b in itertools.pairwise(times))
        for times in seen.values()
    )
    assert 0.05 <= repeating / len(seen) <= 0.30


def test_agents_never_handle_two_calls_at_once(clean):
    by_agent = defaultdict(list)
    for c in _read(clean["out"], "calls"):
        if c["agent_id"]:
            start = _ts(c["answered_at"] or c["offered_at"])
            by_agent[c["agent_id"]].append((start, _ts(c["ended_at"])))
    for spans in by_agent.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_agent_states_cover_shifts_in_utc(clean):
    out = clean["out"]
    states = _read(out, "agent_states")
    assert all(s["started_at"].endswith("Z") and s["ended_at"].endswith("Z") for s in states)
    assert {s["state"] for s in states} == set(contract.STATES)
    reasons = {s["reason"] for s in states if s["state"] == "not_ready"}
    assert {"break", "meal"} <= reasons
    crossing = [s for s in states if _local(s["started_at"]).month != _local(s["ended_at"]).month]
    assert crossing, "no interval crosses midnight at a month end"
    # Per agent the intervals do not overlap, and lie inside the attendance clock times.
    present = {
        (r["agent_id"], r["work_date"]): (_ts(r["clock_in"]), _ts(r["clock_out"]))
        for r in _read(out, "attendance")
        if r["status"] == "present"
    }
    by_agent = defaultdict(list)
    for s in states:
        by_agent[s["agent_id"]].append((_ts(s["started_at"]), _ts(s["ended_at"])))
    for agent, spans in by_agent.items():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
        for start, end in spans[:: max(1, len(spans) // 50)]:
            clock_in, clock_out = present[(agent, start.astimezone(SHANGHAI).date().isoformat())]
            assert clock_in <= start and end <= clock_out
    on_calls = sum(
        (_ts(s["ended_at"]) - _ts(s["started_at"])).total_seconds()
        for s in states
        if s["state"] in ("on_contact", "after_call_work")
    )
    logged = sum((_ts(s["ended_at"]) - _ts(s["started_at"])).total_seconds() for s in states)
    assert 0.4 <= on_calls / logged <= 0.85


# ----------------------------------------------------------------- quality, sales, people


def test_qa_sample_and_calibrations(clean):
    out = clean["out"]
    roles = {r["agent_id"]: r["role"] for r in _read(out, "agents")}
    evaluations = _read(out, "qa_evaluations")
    by_id = {e["evaluation_id"]: e for e in evaluations}
    assert all(roles[e["evaluator_id"]] == "qa_inspector" for e in evaluations)
    assert all(roles[e["agent_id"]] in ("agent",) for e in evaluations)
    originals = [e for e in evaluations if not e["calibrates_evaluation_id"]]
    calibrations = [e for e in evaluations if e["calibrates_evaluation_id"]]
    assert 0.03 <= len(calibrations) / len(originals) <= 0.2
    for cal in calibrations:
        original = by_id[cal["calibrates_evaluation_id"]]
        assert cal["call_id"] == original["call_id"]
        assert cal["evaluator_id"] != original["evaluator_id"]
        assert abs(float(cal["score"]) - float(original["score"])) <= 8
        assert cal["evaluated_at"] > original["evaluated_at"]
    per_month = Counter((e["agent_id"], e["evaluated_at"][:7]) for e in originals)
    assert min(per_month.values()) >= 1 and max(per_month.values()) >= 3
    calls = {c["call_id"]: c for c in _read(out, "calls")}
    for e in originals:
        lag = _ts(e["evaluated_at"]) - _ts(calls[e["call_id"]]["ended_at"])
        assert timedelta(0) < lag <= timedelta(days=6)
    scores = [float(e["score"]) for e in originals]
    assert 80 <= sum(scores) / len(scores) <= 95


def test_survey_response_rate_and_ratings(clean):
    out = clean["out"]
    answered = [c for c in _read(out, "calls") if c["direction"] == "inbound" and c["answered_at"]]
    surveys = _read(out, "surveys")
    assert 0.25 <= len(surveys) / len(answered) <= 0.45
    ratings = Counter(int(s["rating"]) for s in surveys)
    assert (ratings[4] + ratings[5]) / len(surveys) > 0.7
    assert ratings[1] + ratings[2] > 0


def test_orders_and_returns(clean):
    out = clean["out"]
    orders = _read(out, "sales")
    assert all(re.fullmatch(r"\d+\.\d{2}", o["amount"]) for o in orders)
    cancelled = sum(o["status"] == "cancelled" for o in orders) / len(orders)
    assert 0.04 <= cancelled <= 0.18
    amounts = sorted(float(o["amount"]) for o in orders)
    assert 200 <= amounts[len(amounts) // 2] <= 400
    returns = _read(out, "return_requests")
    assert 0.03 <= len(returns) / len(orders) <= 0.15
    assert {r["outcome"] for r in returns} == set(contract.RETURN_OUTCOMES)


def test_complaints(clean):
    complaints = _read(clean["out"], "complaints")
    assert len(complaints) >= 2 * MONTHS
    roles = {r["agent_id"]: r["role"] for r in _read(clean["out"], "agents")}
    assert any(roles[c["handler_agent_id"]] == "team_lead" for c in complaints)
    for c in complaints:
        if c["resolved_at"]:
            assert _ts(c["resolved_at"]) >= _ts(c["received_at"])
    over_weekend = [
        c
        for c in complaints
        if c["resolved_at"]
        and _local(c["received_at"]).weekday() == 4
        and _local(c["resolved_at"]).weekday() == 0
    ]
    assert over_weekend, "no complaint is resolved on the next working day across a weekend"


def test_exams_ratings_adjustments_and_inputs(clean):
    out = clean["out"]
    exams = _read(out, "exams")
    retakes = [e for e in exams if e["attempt"] == "2"]
    assert retakes
    firsts = {(e["agent_id"], e["exam_id"]): e for e in exams if e["attempt"] == "1"}
    for retake in retakes:
        first = firsts[(retake["agent_id"], retake["exam_id"])]
        assert float(first["score"]) < 60 and retake["taken_at"] > first["taken_at"]
    assert {e["exam_id"] for e in exams} == {f"EX{m}" for m in MONTH_LABELS}

    ratings = _read(out, "ratings")
    assert {r["rater_type"] for r in ratings} == set(contract.RATER_TYPES)
    types = defaultdict(set)
    for r in ratings:
        types[(r["agent_id"], r["month"])].add(r["rater_type"])
    assert any(len(t) < 3 for t in types.values())  # a rater type is sometimes missing
    assert any(len(t) == 3 for t in types.values())

    adjustments = _read(out, "adjustments")
    assert {a["kind"] for a in adjustments} == set(contract.ADJUSTMENT_KINDS)
    points = {"praise_customer": 1, "praise_department": 2, "praise_company": 3, "praise_media": 5}
    for a in adjustments:
        if a["kind"] in points:
            assert float(a["points"]) == points[a["kind"]]
        else:  # violation, work_error, service_error
            assert float(a["points"]) < 0

    inputs = _read(out, "indicator_inputs")
    codes = {r["indicator_code"] for r in inputs}
    assert {"callback_completion_rate", "plan_completion_rate", "cost_budget_rate"} <= codes
    assert {"third_party_test_call_score", "test_calls_done"} <= codes
    teams = {r["team_id"] for r in _read(out, "agents") if r["role"] == "team_lead"}
    assert teams <= {r["entity_id"] for r in inputs}


# ------------------------------------------------------------------------------ bad rows


def test_bad_row_manifest_lists_each_kind_n_times(dirty):
    manifest = json.loads((dirty["out"] / MANIFEST_NAME).read_text(encoding="utf-8"))
    kinds = Counter(b["kind"] for b in manifest["bad_rows"])
    assert kinds == dict.fromkeys(BAD_ROW_KINDS, BAD_PER_KIND)
    assert not any(b["file"].startswith("agents/") for b in manifest["bad_rows"])
    assert len({b["file"].split("/")[0] for b in manifest["bad_rows"]}) >= 4
    in_summary = sorted((b.file, b.line, b.kind) for b in dirty["summary"].bad_rows)
    assert in_summary == [(b["file"], b["line"], b["kind"]) for b in manifest["bad_rows"]]


def test_bad_rows_are_exactly_the_listed_lines(dirty):
    """Every listed (file, line) has exactly its one defect; no other line has any."""
    manifest = json.loads((dirty["out"] / MANIFEST_NAME).read_text(encoding="utf-8"))
    listed = {(b["file"], b["line"]): {b["kind"]} for b in manifest["bad_rows"]}
    assert _all_defects(dirty["out"]) == listed


def test_bad_rows_use_fresh_keys(dirty):
    """No bad row reuses the key of a good row (or of another bad row)."""
    out = dirty["out"]
    for source in SOURCES:
        positions = [source.column_names.index(k) for k in source.key]
        keys = Counter()
        for path in sorted((out / source.name).glob("*.csv")):
            for fields in csv.reader(_lines(path)[1:]):
                if max(positions) < len(fields):  # a short malformed row may lack its key
                    keys[tuple(fields[i] for i in positions)] += 1
        assert [k for k, n in keys.items() if n > 1] == [], source.name


def test_good_rows_are_unchanged_by_injection(clean, dirty):
    """Injecting bad rows only adds lines: the good data is the same as without them."""
    manifest = json.loads((dirty["out"] / MANIFEST_NAME).read_text(encoding="utf-8"))
    bad_lines = defaultdict(set)
    for b in manifest["bad_rows"]:
        bad_lines[b["file"]].add(b["line"])
    for name in clean["summary"].files:
        kept = [
            line
            for number, line in enumerate(_lines(dirty["out"] / name), start=1)
            if number not in bad_lines[name]
        ]
        assert kept == _lines(clean["out"] / name), name


# ---------------------------------------------------------------------- reruns and the CLI


def test_rerun_replaces_the_previous_output(tmp_path):
    _run(tmp_path, agents=8, months=2)
    rerun = _run(tmp_path, agents=8, months=1)["summary"]
    assert not (tmp_path / "calls" / "calls_2026-10.csv").exists()
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.csv"))
    assert written == sorted(rerun.files)


def test_cli_generate_prints_the_summary(tmp_path, capsys):
    from scorecard.cli import main

    out = tmp_path / "cli"
    assert main(["generate", "--out", str(out), "--agents", "8", "--months", "1"]) == 0
    printed = capsys.readouterr().out
    assert "calls/calls_2026-09.csv" in printed and "total (" in printed
    assert (out / MANIFEST_NAME).is_file()


def test_delivered_exports_are_the_same_linked_or_copied(clean, tmp_path):
    """The benchmark links the files a delivery takes whole (no row after its day) instead of
    copying them; the other files are written with the rows up to the day, as when copied,
    and a later delivery replaces a link without writing into the generated file."""
    generated = clean["out"]
    copied, linked = tmp_path / "copied", tmp_path / "linked"
    deliver_exports(generated, copied, "2026-10-15")
    deliver_exports(generated, linked, "2026-10-15", link_whole_files=True)
    assert _delivered(linked) == _delivered(copied)
    september, october = (
        linked / "calls" / "calls_2026-09.csv",
        linked / "calls" / "calls_2026-10.csv",
    )
    assert september.samefile(generated / "calls" / "calls_2026-09.csv")
    assert not october.samefile(generated / "calls" / "calls_2026-10.csv")
    assert len(_lines(october)) < len(_lines(generated / "calls" / "calls_2026-10.csv"))

    before = _delivered(generated)
    deliver_exports(generated, linked, "2026-09-10", link_whole_files=True)
    deliver_exports(generated, copied, "2026-09-10")
    assert _delivered(linked) == _delivered(copied)
    assert _delivered(generated) == before


def _delivered(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in _files(folder)}

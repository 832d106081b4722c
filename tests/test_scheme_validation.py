"""A bad edit of the scheme seeds fails the build, naming the scheme, rule and problem."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb

from tests.dbt_runner import copy_project, run_dbt

VALIDATIONS = [
    "assert_scheme_rules_name_known_indicators",
    "assert_scheme_section_weights_sum_to_their_total",
    "assert_scheme_rule_parameters_match_method",
    "assert_scheme_versions_do_not_overlap",
]


def edit_csv(path: Path, edit) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = list(rows[0])
    edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def break_rules(rows: list[dict]) -> None:
    galaxy = [r for r in rows if r["scheme_id"] == "galaxy_securities"]
    galaxy[0]["indicator_code"] = "calls_handeld"  # a typo
    star = [r for r in rows if r["scheme_id"] == "star_level_pay" and r["section"] == "kpi"]
    star[0]["weight"] = str(float(star[0]["weight"]) + 5)  # KPI adds up to 105
    deduct = next(r for r in rows if r["method"] == "deduct")
    deduct["step"] = ""  # deduct without a step


def overlap_version(rows: list[dict]) -> None:
    copy = dict(next(r for r in rows if r["scheme_id"] == "year_end_card"))
    copy["version"] = "2"  # version 2 starting in the same month as version 1
    rows.append(copy)


def test_each_kind_of_bad_seed_edit_fails_with_its_problem(tmp_path):
    project = copy_project(tmp_path / "dbt")
    edit_csv(project / "seeds" / "scheme_rules.csv", break_rules)
    edit_csv(project / "seeds" / "schemes.csv", overlap_version)
    deduct_rule = next(
        r
        for r in csv.DictReader((project / "seeds" / "scheme_rules.csv").open(encoding="utf-8"))
        if r["method"] == "deduct" and not r["step"]
    )
    database = tmp_path / "work.duckdb"
    run_dbt(project, database, "seed")
    result = run_dbt(project, database, "test", "--select", *VALIDATIONS, check=False)

    assert result.returncode != 0
    for name in VALIDATIONS:
        assert f"FAIL 1 {name}" in result.stdout or f"FAIL 2 {name}" in result.stdout, name
    with duckdb.connect(str(database), read_only=True) as conn:
        problems = {
            name: " | ".join(
                str(row) for row in conn.execute(f"select * from dbt_test__audit.{name}").fetchall()
            )
            for name in VALIDATIONS
        }
    assert "unknown indicator calls_handeld" in problems[VALIDATIONS[0]]
    assert "star_level_pay" in problems[VALIDATIONS[1]] and "105" in problems[VALIDATIONS[1]]
    assert deduct_rule["rule_id"] in problems[VALIDATIONS[2]]
    assert "deduct needs a positive step" in problems[VALIDATIONS[2]]
    assert "year_end_card" in problems[VALIDATIONS[3]] and "overlaps" in problems[VALIDATIONS[3]]

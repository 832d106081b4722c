"""The indicator catalog and the indicator models must name each other exactly."""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from scorecard.settings import DBT_PROJECT_DIR, INDICATOR_CATALOG

CATALOG = INDICATOR_CATALOG
MODELS = DBT_PROJECT_DIR / "models"


def catalog_rows() -> list[dict[str, str]]:
    with CATALOG.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def model_files(prefix: str) -> dict[str, Path]:
    return {path.stem: path for path in MODELS.rglob(f"{prefix}*.sql")}


def test_the_projects_indicator_models_var_is_the_catalogs_model_column():
    """dbt_project.yml's var `indicator_models` (what fct_indicator_monthly unions) lists
    the distinct models of the catalog, sorted: a catalog row's model missing there would
    never reach the facts, and one listed there without a catalog row would have no codes."""
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    catalog_models = sorted({row["model"].strip() for row in catalog_rows() if row["model"]})
    assert project["vars"]["indicator_models"] == catalog_models


def test_every_catalog_row_names_an_existing_indicator_model():
    models = model_files("int_indicators__")
    missing = sorted({row["model"] for row in catalog_rows()} - set(models))
    assert missing == [], f"catalog rows name models that do not exist: {missing}"


def test_every_indicator_model_has_catalog_rows():
    named = {row["model"] for row in catalog_rows()}
    unlisted = sorted(set(model_files("int_indicators__")) - named)
    assert unlisted == [], f"indicator models with no catalog row: {unlisted}"


def test_every_indicator_model_has_a_lineage_model_beside_it():
    for name, path in model_files("int_indicators__").items():
        lineage = path.with_name(
            name.replace("int_indicators__", "int_indicator_lineage__") + ".sql"
        )
        assert lineage.exists(), f"{name} has no lineage model {lineage.name}"


def test_value_and_lineage_models_read_one_contributions_model():
    """One definition of which rows count (docs/indicators.md): int_indicators__<family> and
    int_indicator_lineage__<family> both read int_<family>__contributions, beside them."""
    for name, path in model_files("int_indicators__").items():
        family = name.removeprefix("int_indicators__")
        contributions = path.with_name(f"int_{family}__contributions.sql")
        assert contributions.exists(), f"{name} has no contributions model {contributions.name}"
        lineage = path.with_name(f"int_indicator_lineage__{family}.sql")
        for model in (path, lineage):
            sql = model.read_text(encoding="utf-8")
            assert f"ref('int_{family}__contributions')" in sql, (
                f"{model.name} does not read {contributions.stem}"
            )


def test_every_code_appears_in_the_lineage_model_of_its_family():
    """The lineage view lists the codes of its value model: a code missing there would have
    a value and no rows behind it."""
    lineages = model_files("int_indicator_lineage__")
    for row in catalog_rows():
        if row["model"] == "int_indicators__external_inputs":
            continue  # long form: the code is a column of the contributions
        lineage = row["model"].replace("int_indicators__", "int_indicator_lineage__")
        sql = lineages[lineage].read_text(encoding="utf-8")
        assert f"'{row['code']}'" in sql, f"{lineage} never lists '{row['code']}'"


def test_every_code_appears_in_the_sql_of_its_model():
    models = model_files("int_indicators__")
    for row in catalog_rows():
        if row["model"] == "int_indicators__external_inputs":
            continue  # passes through whatever codes indicator_inputs delivers
        sql = models[row["model"]].read_text(encoding="utf-8")
        assert f"'{row['code']}'" in sql, f"{row['model']} never emits '{row['code']}'"


def test_catalog_rows_are_complete_and_codes_unique():
    rows = catalog_rows()
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        # min_value / max_value may be empty: unbounded (docs/indicators.md)
        required = [column for column in row if column not in {"min_value", "max_value"}]
        assert all(row[column].strip() for column in required), f"empty field in {row['code']}"
        assert row["direction"] in {"higher", "lower"}
        assert row["grain"] in {"agent", "evaluator", "team", "queue", "center"}
        assert row["rollup_method"] in {"sum", "ratio", "none"}

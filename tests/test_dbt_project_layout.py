"""Conventions of the dbt project that dbt itself does not check: each source folder is a
source of its own whose tables keep the loader's Dagster asset keys, and every singular
test that reads several models names the one it checks, so Dagster loads it as an asset
check of that model."""

from __future__ import annotations

import re

import yaml

from scorecard.settings import DBT_PROJECT_DIR, DEFAULT_DUCKDB_MEMORY_LIMIT

STAGING = DBT_PROJECT_DIR / "models" / "staging"
TESTS = DBT_PROJECT_DIR / "tests"


def test_each_staging_folder_declares_its_own_source_with_the_loaders_asset_keys():
    folders = sorted(path for path in STAGING.iterdir() if path.is_dir())
    assert folders
    for folder in folders:
        sources_file = folder / f"_{folder.name}__sources.yml"
        assert sources_file.exists(), f"{folder.name} has no {sources_file.name}"
        [source] = yaml.safe_load(sources_file.read_text(encoding="utf-8"))["sources"]
        assert (source["name"], source["schema"]) == (folder.name, "raw")
        for table in source["tables"]:
            # dagster_project/assets/raw.py loads raw/<table>: dbt's source is that asset.
            asset_key = table["config"]["meta"]["dagster"]["asset_key"]
            assert asset_key == ["raw", table["name"]], sources_file.name
            freshness = table["config"].get("freshness", source["config"]["freshness"])
            assert freshness is None or freshness["warn_after"], sources_file.name


def test_singular_tests_reading_several_models_name_the_model_they_check():
    configured = {}
    for properties in TESTS.rglob("*.yml"):
        for test in yaml.safe_load(properties.read_text(encoding="utf-8")).get("data_tests", []):
            configured[test["name"]] = test["config"]["meta"]["dagster"]["ref"]["name"]
    for sql in TESTS.rglob("assert_*.sql"):
        text = sql.read_text(encoding="utf-8")
        parents = set(re.findall(r"ref\('([a-z_0-9]+)'\)", text))
        parents |= set(re.findall(r"source\('[a-z_0-9]+', '([a-z_0-9]+)'\)", text))
        if len(parents) > 1:
            assert sql.stem in configured, f"{sql.name} reads {sorted(parents)}: name one"
            assert configured[sql.stem] in parents, sql.name


def test_dbts_memory_limit_defaults_to_the_loaders():
    """dbt's connection and the loader's and publication's read the same variable: with no
    setting, both stop at the same limit (the whole build's peak is sized on it)."""
    profile = (DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8")
    defaults = re.findall(r"env_var\('SCORECARD_DUCKDB_MEMORY_LIMIT', '([^']+)'\)", profile)
    assert defaults == [DEFAULT_DUCKDB_MEMORY_LIMIT] == ["1800MB"]

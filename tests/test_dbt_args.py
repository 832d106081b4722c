"""The dbt command line is built by a pure function."""

from dagster_project.dbt_args import dbt_build_args, indicator_models


def test_build_passes_vars_as_sorted_json_fails_fast_and_leaves_unit_tests_to_ci():
    assert dbt_build_args({"z": 1, "center_timezone": "Asia/Shanghai"}) == [
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--vars",
        '{"center_timezone": "Asia/Shanghai", "z": 1}',
        "--fail-fast",
    ]


def test_selection_and_exclusion_come_before_vars():
    assert dbt_build_args(
        {},
        select=["staging", "+fct_agent_monthly"],
        exclude=["tag:slow"],
        fail_fast=False,
        unit_tests=True,
    ) == [
        "build",
        "--select",
        "staging",
        "+fct_agent_monthly",
        "--exclude",
        "tag:slow",
    ]


def test_non_ascii_vars_are_kept_readable():
    assert dbt_build_args({"center_name": "客服中心"}, fail_fast=False)[-1] == (
        '{"center_name": "客服中心"}'
    )


def test_indicator_models_are_the_distinct_models_of_the_catalog():
    catalog = (
        "code,name_zh,model\n"
        "b,乙, int_indicators__telephony\n"
        "a,甲,int_indicators__qa\n"
        "c,丙,int_indicators__telephony\n"
        "d,丁,\n"
    )
    assert indicator_models(catalog) == ["int_indicators__qa", "int_indicators__telephony"]

"""The dbt command line is built by a pure function."""

import json
import subprocess

from dagster_dbt import DbtCliResource

import scorecard.dbt_runner
from dagster_project.assets.dbt import dbt_resource
from scorecard.dbt_runner import (
    PARTIAL_PARSE_FILE,
    dbt_build_args,
    ensure_manifest,
    project_fingerprint,
    reuse_saved_parse,
)
from scorecard.settings import DBT_PROJECT_DIR, PROJECT_ROOT


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
        # one argument per flag (a union to dbt): dagster-dbt keeps one value per flag
        "--select",
        "staging +fct_agent_monthly",
        "--exclude",
        "tag:slow",
    ]


def test_a_build_without_data_tests_leaves_out_tests_and_unit_tests():
    assert dbt_build_args({}, data_tests=False, fail_fast=False) == [
        "build",
        "--exclude-resource-type",
        "unit_test",
        "test",
    ]


def test_non_ascii_vars_are_kept_readable():
    assert dbt_build_args({"center_name": "客服中心"}, fail_fast=False)[-1] == (
        '{"center_name": "客服中心"}'
    )


def test_the_dbt_resource_skips_dagster_dbts_version_probe_and_adapter_with_real_values():
    """The resource's two overrides name members dagster-dbt still has, its version is the
    one `dbt --version` reports, and no adapter is opened."""
    assert {"_cli_version", "_initialize_dbt_core_adapter"} <= set(dir(DbtCliResource))
    resource = dbt_resource()
    reported = subprocess.check_output([resource.dbt_executable, "--version"], text=True)
    assert f"installed: {resource._cli_version}" in reported
    assert resource._cli_version.major == 1
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_the_manifest_is_parsed_again_when_a_project_file_or_a_var_changes(tmp_path):
    project = tmp_path / "dbt"
    (project / "models").mkdir(parents=True)
    model = project / "models" / "a.sql"
    model.write_text("select 1 as a\n")
    base = project_fingerprint(project, {"center_timezone": "Asia/Shanghai"})
    (project / "target").mkdir()
    (project / "target" / "run_results.json").write_text("{}")  # dbt's own output
    assert project_fingerprint(project, {"center_timezone": "Asia/Shanghai"}) == base
    assert project_fingerprint(project, {"center_timezone": "UTC"}) != base
    model.write_text("select 22 as a\n")
    assert project_fingerprint(project, {"center_timezone": "Asia/Shanghai"}) != base


def test_a_singular_tests_asset_key_survives_a_changed_macro(tmp_path, monkeypatch):
    """The singular tests that read several models name the one they check (meta.dagster.ref),
    which makes them asset checks; dbt's partial parse lost that meta once a macro changed."""
    project = tmp_path / "dbt"
    files = subprocess.run(
        ["git", "ls-files", "-z", DBT_PROJECT_DIR.relative_to(PROJECT_ROOT).as_posix()],
        cwd=PROJECT_ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, files):
        copy = tmp_path / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes((PROJECT_ROOT / name).read_bytes())
    monkeypatch.setattr(scorecard.dbt_runner, "DBT_PROJECT_DIR", project)
    target, dbt_vars = tmp_path / "target", {"center_timezone": "Asia/Shanghai"}

    def pay_items_test_meta() -> dict:
        ensure_manifest(target, dbt_vars)
        nodes = json.loads((target / "manifest.json").read_text())["nodes"]
        return nodes["test.scorecard.assert_pay_items_add_up_to_the_bonus"]["config"]["meta"]

    assert pay_items_test_meta() == {"dagster": {"ref": {"name": "mart_pay_items"}}}
    with (project / "macros" / "latest_version.sql").open("a") as macro:
        macro.write("{# a changed macro #}\n")
    assert pay_items_test_meta() == {"dagster": {"ref": {"name": "mart_pay_items"}}}


def test_a_new_target_folder_starts_from_a_saved_parse_and_an_existing_one_keeps_its_own(
    tmp_path,
):
    build_target, new_target, own_target = (tmp_path / name for name in ("build", "new", "own"))
    build_target.mkdir()
    (build_target / PARTIAL_PARSE_FILE).write_bytes(b"the build's parse")
    own_target.mkdir()
    (own_target / PARTIAL_PARSE_FILE).write_bytes(b"its own parse")

    reuse_saved_parse(build_target, new_target)
    reuse_saved_parse(build_target, own_target)
    reuse_saved_parse(tmp_path / "never_built", tmp_path / "untouched")

    assert (new_target / PARTIAL_PARSE_FILE).read_bytes() == b"the build's parse"
    assert (own_target / PARTIAL_PARSE_FILE).read_bytes() == b"its own parse"
    assert not (tmp_path / "untouched").exists()

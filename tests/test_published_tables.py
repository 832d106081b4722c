"""The published tables are the models whose dbt YAML says `meta: {publish: ...}`."""

from __future__ import annotations

import json

import pytest

from scorecard.publishing.tables import published_tables, published_tables_of

# SPEC §8 (the BI contract): every published table but publication_log, which the
# publication step writes from its own log rather than copying a model.
SPEC_MONTHLY = [
    "fct_agent_monthly",
    "fct_indicator_monthly",
    "mart_indicator_scores",
    "mart_agent_scores",
    "mart_team_scores",
    "mart_pay_items",
    "mart_agent_flags",
]
SPEC_SHARED = ["dim_agent", "dim_scheme", "dim_scheme_rule", "load_log"]


def test_the_manifest_lists_exactly_the_published_marts_of_the_spec():
    tables = published_tables()

    assert sorted(tables.monthly) == sorted(SPEC_MONTHLY)
    assert sorted(tables.shared) == sorted(SPEC_SHARED)
    # Each is copied from the model of its name, but the load log, from staging (its raw
    # quarantine text left out).
    assert tables.monthly == {name: f"marts.{name}" for name in sorted(SPEC_MONTHLY)}
    assert tables.shared == {
        "dim_agent": "marts.dim_agent",
        "dim_scheme": "marts.dim_scheme",
        "dim_scheme_rule": "marts.dim_scheme_rule",
        "load_log": "staging.stg_warehouse__load_log",
    }
    assert published_tables() is tables  # read once per process


def test_the_publication_step_depends_on_every_published_model():
    from dagster_project.assets.publication import published_inputs
    from dagster_project.definitions import defs

    assert sorted(published_tables().models) == sorted(
        [*SPEC_MONTHLY, "dim_agent", "dim_scheme", "dim_scheme_rule", "stg_warehouse__load_log"]
    )
    # Every dependency is an asset of the graph (a misspelt key would be a silent
    # external asset).
    graph_keys = set(defs().resolve_asset_graph().get_all_asset_keys())
    assert set(published_inputs()) <= graph_keys


def node(name: str, meta: dict, schema: str = "marts") -> tuple[str, dict]:
    return f"model.scorecard.{name}", {
        "resource_type": "model",
        "name": name,
        "alias": name,
        "schema": schema,
        "config": {"meta": meta},
    }


def test_a_manifest_is_read_by_published_name_and_kind():
    manifest = {
        "nodes": dict(
            [
                node("b_monthly", {"publish": "monthly"}),
                node("a_monthly", {"publish": "monthly"}),
                node("stg_log", {"publish": "shared", "published_as": "log"}, "staging"),
                node("internal", {}),
            ]
        )
    }
    tables = published_tables_of(json.loads(json.dumps(manifest)))

    assert list(tables.monthly.items()) == [
        ("a_monthly", "marts.a_monthly"),
        ("b_monthly", "marts.b_monthly"),
    ]
    assert tables.shared == {"log": "staging.stg_log"}
    assert tables.models == ["a_monthly", "b_monthly", "stg_log"]


@pytest.mark.parametrize(
    ("nodes", "message"),
    [
        ([node("m", {"publish": "daily"})], "meta.publish is 'daily'"),
        (
            [
                node("m", {"publish": "monthly"}),
                node("n", {"publish": "shared", "published_as": "m"}),
            ],
            "two models are published as m",
        ),
    ],
)
def test_a_wrong_publish_meta_is_refused(nodes, message):
    with pytest.raises(ValueError, match=message):
        published_tables_of({"nodes": dict(nodes)})

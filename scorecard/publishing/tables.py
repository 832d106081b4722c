"""Which dbt models are published, and under which names: read from the dbt manifest.

A model is published when its YAML says so:

    - name: mart_agent_scores
      config:
        meta:
          publish: monthly          # month-keyed: archived per month (archive.py)
    - name: stg_warehouse__load_log
      config:
        meta:
          publish: shared           # no month: each publication archives it whole
          published_as: load_log    # the published name, when not the model's

The list is read once per process from `dbt/target/manifest.json` (the manifest the
Dagster definitions are built from, parsed again only when a project file or a var
changed: dbt_runner.ensure_manifest), never by parsing the project at every call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scorecard.dbt_runner import dbt_vars, ensure_manifest
from scorecard.settings import DBT_PROJECT_DIR, Settings

PUBLISH_KINDS = ("monthly", "shared")
MANIFEST_TARGET = DBT_PROJECT_DIR / "target"  # dagster-dbt's DbtProject target_path


@dataclass(frozen=True)
class PublishedTables:
    """Published table -> its relation (`schema.model`) in the work database."""

    monthly: dict[str, str]  # month-keyed: gain publication_id and month_status
    shared: dict[str, str]  # without a month: the latest publication's copy is published

    @property
    def models(self) -> list[str]:
        """The work database's models every publication copies, by name."""
        return [relation.split(".", 1)[1] for relation in self.relations]

    @property
    def relations(self) -> list[str]:
        return [*self.monthly.values(), *self.shared.values()]


def published_tables_of(manifest: dict) -> PublishedTables:
    """The models of a parsed manifest whose `meta.publish` names a kind, by published name."""
    tables: dict[str, dict[str, str]] = {kind: {} for kind in PUBLISH_KINDS}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        meta = node.get("config", {}).get("meta") or node.get("meta") or {}
        kind = meta.get("publish")
        if kind is None:
            continue
        if kind not in PUBLISH_KINDS:
            raise ValueError(
                f"model {node['name']}: meta.publish is {kind!r}, not one of {PUBLISH_KINDS}"
            )
        name = meta.get("published_as", node["name"])
        if any(name in published for published in tables.values()):
            raise ValueError(f"two models are published as {name}")
        tables[kind][name] = f"{node['schema']}.{node['alias']}"
    return PublishedTables(
        monthly=dict(sorted(tables["monthly"].items())),
        shared=dict(sorted(tables["shared"].items())),
    )


def read_published_tables(manifest_path: Path) -> PublishedTables:
    return published_tables_of(json.loads(manifest_path.read_text(encoding="utf-8")))


@cache
def published_tables() -> PublishedTables:
    """The published tables of this checkout's dbt project (read once per process)."""
    ensure_manifest(MANIFEST_TARGET, dbt_vars(Settings.from_env()))
    return read_published_tables(MANIFEST_TARGET / "manifest.json")

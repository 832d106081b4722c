"""Monthly partitions of the publication: a run publishes the months of its partition range."""

from __future__ import annotations

from collections.abc import Mapping

from dagster import MonthlyPartitionsDefinition
from dagster._core.storage.tags import (
    ASSET_PARTITION_RANGE_END_TAG,
    ASSET_PARTITION_RANGE_START_TAG,
)

from scorecard.publishing.plan import add_months

# The earliest month a center may backfill (the Anonymous Bank logs are from 1999).
FIRST_MONTH = "1999-01"


def month_partitions(timezone: str) -> MonthlyPartitionsDefinition:
    """The center's months; built with the definitions, never at import (the time zone is a
    setting). end_offset=1: the month in progress is a partition (published provisional)."""
    return MonthlyPartitionsDefinition(
        start_date=FIRST_MONTH, fmt="%Y-%m", end_offset=1, timezone=timezone
    )


def range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags that make one run cover the months first..last (a single-run backfill)."""
    return {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last}


def requested_months(run_tags: Mapping[str, str]) -> list[str] | None:
    """The months a run's partition range covers; None when the run has no range."""
    first = run_tags.get(ASSET_PARTITION_RANGE_START_TAG)
    last = run_tags.get(ASSET_PARTITION_RANGE_END_TAG)
    if first is None or last is None:
        single = run_tags.get("dagster/partition")
        return [single] if single else None
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return months

-- Bonus and penalty points (加分/扣分, SPEC §5) per agent and month; an event belongs to the
-- month of occurred_at_local (SPEC §4).
-- bonus_points: Σ over praise events of the points of their kind in the seed
-- adjustment_kind_points (customer 1, department 2, company 3, media 5). The points column
-- of a praise event is ignored: SPEC §5 fixes the points by kind.
-- penalty_points: Σ |points| of violation, work_error and service_error events, reported as
-- a positive number whatever sign the export used; an event without points counts 0 (it is
-- still listed in the lineage).
-- work_error_count / service_error_count: events of kind work_error / service_error (each
-- event counts 1, whatever its points).
-- One row per indicator for every agent-month of the employment spine and every agent-month
-- with a praise or deduction event. Which events count, and for what, is
-- int_adjustments__contributions; this sums them per agent and month.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=['bonus_points', 'penalty_points', 'work_error_count', 'service_error_count'],
) %}

with

contributions as (

    select * from {{ ref('int_adjustments__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

{{ agent_month_indicators('contributions', 'agent_months', indicators) }}

-- service_level_15s (SPEC §5) per queue (grain 'queue', entity_id = queue name) and for the
-- whole center (grain 'center', entity_id 'center'), per month of the center-local
-- offered_at: inbound legs answered within var('service_level_seconds') of offered_at ÷
-- inbound legs offered. Offered means every inbound leg: answered, transferred, missed (a
-- missed leg was offered to an agent who let it ring out, so it counts as offered and not
-- answered in time) and abandoned in the queue. A leg without a queue counts for the center
-- only. Per team (grain 'team', entity_id = team_id, SPEC §5's team grain): the inbound
-- legs offered to the team's agents (answered, transferred or missed by an agent of the
-- team that month, int_agents__months); a leg abandoned in the queue was offered to no
-- agent, so it counts for its queue and the center but for no team. There is no spine: a
-- queue or team has a row only in the months it had inbound calls. The legs and what they
-- add are int_service_level__contributions; this sums them per entity and month.
-- Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(ratios=['service_level_15s']) %}

with

contributions as (

    select * from {{ ref('int_service_level__contributions') }}
    where {{ in_months_to_build('month') }}

),

queue_totals as (

    select
        queue as entity_id,
        month,
        {{- contribution_sums(indicators) }}
    from contributions
    where queue is not null
    group by queue, month

),

team_totals as (

    select
        team_id as entity_id,
        month,
        {{- contribution_sums(indicators) }}
    from contributions
    where team_id is not null
    group by team_id, month

),

center_totals as (

    select
        'center' as entity_id,
        month,
        {{- contribution_sums(indicators) }}
    from contributions
    group by month

),

final as (

    {{ indicator_rows('queue_totals', indicators, entity_column='entity_id', grain='queue') }}

    union all

    {{ indicator_rows('team_totals', indicators, entity_column='entity_id', grain='team') }}

    union all

    {{ indicator_rows('center_totals', indicators, entity_column='entity_id', grain='center') }}

)

select * from final

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
-- queue or team has a row only in the months it had inbound calls.
{%- set indicators = [
    {'code': 'service_level_15s', 'numerator': 'answered_in_time', 'denominator': 'offered'},
] %}

with

calls as (

    select * from {{ ref('int_calls__classified') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

inbound as (

    select
        queue,
        agent_id,
        month,
        is_answered_within_service_level
    from calls
    where is_inbound

),

team_totals as (

    select
        agent_months.team_id as entity_id,
        inbound.month,
        sum(case when inbound.is_answered_within_service_level then 1 else 0 end)
            as answered_in_time,
        count(*) as offered
    from inbound
    inner join agent_months
        on
            inbound.agent_id = agent_months.agent_id
            and inbound.month = agent_months.month
    where agent_months.team_id is not null
    group by agent_months.team_id, inbound.month

),

queue_totals as (

    select
        queue as entity_id,
        month,
        sum(case when is_answered_within_service_level then 1 else 0 end) as answered_in_time,
        count(*) as offered
    from inbound
    where queue is not null
    group by queue, month

),

center_totals as (

    select
        'center' as entity_id,
        month,
        sum(case when is_answered_within_service_level then 1 else 0 end) as answered_in_time,
        count(*) as offered
    from inbound
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

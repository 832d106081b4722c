-- Agent-grain telephony indicators (SPEC §5), one row per agent-month and indicator, in the
-- long form of docs/indicators.md: the sums of int_telephony__contributions per agent and
-- month (which legs count for what is decided there, once). A leg belongs to the month of
-- its center-local offered_at and to the agent on the leg (a transferred call has one leg
-- per agent, so each agent counts the leg it handled).
-- * calls_handled: inbound legs with answered_at (dispositions answered and transferred).
-- * answer_rate: calls_handled ÷ inbound legs offered to the agent (agent set: answered,
--   transferred, missed); calls abandoned in the queue reached no agent and are not in it.
-- * aht_seconds, avg_acw_seconds, transfer_rate: over calls_handled; a missing talk, hold or
--   acw counts as 0 s but the call still counts in the denominator.
-- * fcr_rate: resolved ÷ answered inbound legs with a customer_hash.
-- * outbound_connect_rate: outbound_connected ÷ outbound_calls (NULL without outbound legs).
-- * avg_speed_of_answer_seconds: Σ(answered_at − offered_at) ÷ calls_handled, over the
--   handled legs (answer_wait_seconds of int_calls__classified).
-- Every agent-month of the employment spine gets a row (counts 0, rates NULL), plus any
-- agent-month with calls outside it. Incremental by month (docs/incremental.md).
{{ config(**incremental_by_month()) }}
{%- set indicators = contribution_indicators(
    counts=['calls_handled', 'outbound_calls', 'outbound_connected'],
    ratios=[
        'answer_rate', 'aht_seconds', 'avg_acw_seconds', 'fcr_rate', 'transfer_rate',
        'outbound_connect_rate', 'avg_speed_of_answer_seconds',
    ],
) %}

with

contributions as (

    select * from {{ ref('int_telephony__contributions') }}
    where {{ in_months_to_build('month') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}
    where {{ in_months_to_build('month') }}

),

call_totals as (

    select
        agent_id,
        month,
        {{- contribution_sums(indicators) }}
    from contributions
    group by agent_id, month

),

agent_month_keys as (

    select
        agent_id,
        month
    from agent_months
    union
    select
        agent_id,
        month
    from call_totals

),

totals as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        {{- contribution_totals(indicators, 'call_totals') }}
    from agent_month_keys
    left join call_totals
        on
            agent_month_keys.agent_id = call_totals.agent_id
            and agent_month_keys.month = call_totals.month

),

final as (

    {{ indicator_rows('totals', indicators) }}

)

select * from final

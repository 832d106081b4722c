-- Agent-grain telephony indicators (SPEC §5), one row per agent-month and indicator, in the
-- long form of docs/indicators.md. Call flags come from int_calls__classified; a leg belongs
-- to the month of its center-local offered_at and to the agent on the leg (a transferred
-- call has one leg per agent, so each agent counts the leg it handled).
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
-- agent-month with calls outside it.
{%- set indicators = [
    {'code': 'calls_handled', 'numerator': 'calls_handled'},
    {'code': 'outbound_calls', 'numerator': 'outbound_calls'},
    {'code': 'outbound_connected', 'numerator': 'outbound_connected'},
    {'code': 'answer_rate', 'numerator': 'calls_handled', 'denominator': 'offered_to_agent'},
    {'code': 'aht_seconds', 'numerator': 'handle_seconds', 'denominator': 'calls_handled'},
    {'code': 'avg_acw_seconds', 'numerator': 'acw_seconds', 'denominator': 'calls_handled'},
    {'code': 'fcr_rate', 'numerator': 'fcr_resolved', 'denominator': 'fcr_eligible'},
    {'code': 'transfer_rate', 'numerator': 'transferred', 'denominator': 'calls_handled'},
    {
        'code': 'outbound_connect_rate',
        'numerator': 'outbound_connected',
        'denominator': 'outbound_calls',
    },
    {
        'code': 'avg_speed_of_answer_seconds',
        'numerator': 'answer_wait_seconds',
        'denominator': 'calls_handled',
    },
] %}

with

calls as (

    select * from {{ ref('int_calls__classified') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

call_totals as (

    select
        agent_id,
        month,
        sum(case when is_inbound_answered then 1 else 0 end) as calls_handled,
        sum(case when is_offered_to_agent then 1 else 0 end) as offered_to_agent,
        sum(case when is_outbound then 1 else 0 end) as outbound_calls,
        sum(case when is_outbound_connected then 1 else 0 end) as outbound_connected,
        sum(case when is_transferred then 1 else 0 end) as transferred,
        sum(case when is_inbound_answered then handle_seconds else 0 end) as handle_seconds,
        sum(case when is_inbound_answered then coalesce(acw_seconds, 0) else 0 end)
            as acw_seconds,
        sum(case when is_inbound_answered then coalesce(answer_wait_seconds, 0) else 0 end)
            as answer_wait_seconds,
        sum(case when is_fcr_eligible then 1 else 0 end) as fcr_eligible,
        sum(case when is_first_contact_resolved then 1 else 0 end) as fcr_resolved
    from calls
    where agent_id is not null
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
        coalesce(call_totals.calls_handled, 0) as calls_handled,
        coalesce(call_totals.offered_to_agent, 0) as offered_to_agent,
        coalesce(call_totals.outbound_calls, 0) as outbound_calls,
        coalesce(call_totals.outbound_connected, 0) as outbound_connected,
        coalesce(call_totals.transferred, 0) as transferred,
        coalesce(call_totals.handle_seconds, 0) as handle_seconds,
        coalesce(call_totals.acw_seconds, 0) as acw_seconds,
        coalesce(call_totals.answer_wait_seconds, 0) as answer_wait_seconds,
        coalesce(call_totals.fcr_eligible, 0) as fcr_eligible,
        coalesce(call_totals.fcr_resolved, 0) as fcr_resolved
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

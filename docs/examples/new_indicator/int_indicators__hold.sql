-- avg_hold_seconds (平均保持时长): Σ hold seconds ÷ calls handled, over the agent's
-- answered inbound calls of the month. A worked example of adding an indicator
-- (docs/indicators.md); tests/test_new_indicator_example.py builds it.
with

calls as (

    select * from {{ ref('stg_calls__calls') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

handled as (

    select
        agent_id,
        {{ month_of('offered_at_local') }} as month,
        count(*) as calls_handled,
        sum(coalesce(hold_seconds, 0)) as hold_seconds
    from calls
    where
        direction = 'inbound'
        and answered_at_utc is not null
        and agent_id is not null
    group by agent_id, {{ month_of('offered_at_local') }}

),

-- Every agent-month of the spine, and any month with calls outside it.
agent_month_values as (

    select
        coalesce(agent_months.agent_id, handled.agent_id) as agent_id,
        coalesce(agent_months.month, handled.month) as month,
        coalesce(handled.hold_seconds, 0) as hold_seconds,
        coalesce(handled.calls_handled, 0) as calls_handled
    from agent_months
    full outer join handled
        on
            agent_months.agent_id = handled.agent_id
            and agent_months.month = handled.month

),

final as (

    select
        agent_id as entity_id,
        'agent' as grain,
        month,
        'avg_hold_seconds' as indicator_code,
        {{ exact_number('hold_seconds') }} as numerator,
        {{ exact_number('calls_handled') }} as denominator,
        {{ exact_number(safe_divide('hold_seconds', 'calls_handled')) }} as value
    from agent_month_values

)

select * from final

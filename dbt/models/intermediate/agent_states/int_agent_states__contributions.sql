-- Contributions of the agent-state indicators (docs/indicators.md, "Contributions"): one
-- row per state interval piece (int_agent_states__split: an interval crossing a month end
-- is one piece in each month), with its duration in SECONDS. Every piece counts for all
-- three indicators, since they are sums or shares of the whole logged-in time:
-- * logged_in_hours: numerator the piece's seconds (every state is logged in).
-- * utilization: denominator the piece's seconds, numerator its seconds when the state is
--   on_contact or after_call_work (else 0).
-- * not_ready_ratio: denominator the piece's seconds, numerator its seconds when
--   not_ready (else 0).
-- Seconds, not hours, so that the sums stay exact integers: int_indicators__agent_states
-- divides the sums by 3600 once. A zero-length interval counts with 0 s. A view over
-- int_agent_states__split, where the pieces are stored once.
{{ config(materialized='view') }}

with

pieces as (

    select * from {{ ref('int_agent_states__split') }}

),

final as (

    select
        cast('stg_agent_states__state_intervals' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        agent_id,
        month,
        state,
        duration_seconds as logged_in_hours__numerator,
        case
            when state in ('on_contact', 'after_call_work') then duration_seconds else 0
        end as utilization__numerator,
        duration_seconds as utilization__denominator,
        case when state = 'not_ready' then duration_seconds else 0 end
            as not_ready_ratio__numerator,
        duration_seconds as not_ready_ratio__denominator
    from pieces

)

select * from final

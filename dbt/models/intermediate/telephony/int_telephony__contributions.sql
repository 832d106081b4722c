-- Contributions of the agent-grain telephony indicators (docs/indicators.md,
-- "Contributions"): one row per call leg with an agent (int_calls__classified), with what
-- the leg adds to each indicator's numerator and denominator. NULL: the leg does not count
-- for that indicator; 0: it counts (it is in the denominator) and adds nothing to the
-- numerator. A leg abandoned in the queue reached no agent and is not here (it counts for
-- service level, int_service_level__contributions).
-- * calls_handled: 1 per handled leg (inbound with answered_at: answered and transferred).
-- * outbound_calls / outbound_connected: 1 per outbound leg / connected outbound leg.
-- * answer_rate: denominator 1 per inbound leg offered to the agent (answered,
--   transferred, missed), numerator 1 if handled.
-- * aht_seconds, avg_acw_seconds, avg_speed_of_answer_seconds, transfer_rate: over the
--   handled legs (denominator 1): talk + hold + acw seconds (a missing part is 0), acw
--   seconds, answered_at − offered_at seconds, 1 if transferred.
-- * fcr_rate: denominator 1 per handled leg with a customer_hash, numerator 1 if resolved
--   (no repeat call within the window, int_calls__classified).
-- * outbound_connect_rate: denominator 1 per outbound leg, numerator 1 if connected.
-- A view: the legs are stored once, in int_calls__classified (incremental by month, in
-- (month, agent_id) order), and these columns are expressions over them.
{{ config(materialized='view') }}

with

calls as (

    select * from {{ ref('int_calls__classified') }}

),

final as (

    select
        cast('stg_calls__calls' as {{ dbt.type_string() }}) as source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        call_id,
        agent_id,
        month,
        case when is_inbound_answered then 1 end as calls_handled__numerator,
        case when is_outbound then 1 end as outbound_calls__numerator,
        case when is_outbound_connected then 1 end as outbound_connected__numerator,
        case
            when is_offered_to_agent then case when is_inbound_answered then 1 else 0 end
        end as answer_rate__numerator,
        case when is_offered_to_agent then 1 end as answer_rate__denominator,
        case when is_inbound_answered then handle_seconds end as aht_seconds__numerator,
        case when is_inbound_answered then 1 end as aht_seconds__denominator,
        case when is_inbound_answered then coalesce(acw_seconds, 0) end
            as avg_acw_seconds__numerator,
        case when is_inbound_answered then 1 end as avg_acw_seconds__denominator,
        case
            when is_fcr_eligible then case when is_first_contact_resolved then 1 else 0 end
        end as fcr_rate__numerator,
        case when is_fcr_eligible then 1 end as fcr_rate__denominator,
        case
            when is_inbound_answered then case when is_transferred then 1 else 0 end
        end as transfer_rate__numerator,
        case when is_inbound_answered then 1 end as transfer_rate__denominator,
        case
            when is_outbound then case when is_outbound_connected then 1 else 0 end
        end as outbound_connect_rate__numerator,
        case when is_outbound then 1 end as outbound_connect_rate__denominator,
        case
            when is_inbound_answered
                then {{ exact_number('coalesce(answer_wait_seconds, 0)') }}
        end as avg_speed_of_answer_seconds__numerator,
        case when is_inbound_answered then 1 end as avg_speed_of_answer_seconds__denominator
    from calls
    where agent_id is not null

)

select * from final

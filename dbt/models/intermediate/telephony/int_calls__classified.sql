-- One row per call leg (stg_calls__calls) with the reporting month and the flags that the
-- telephony indicators count, so the indicator and lineage models share one definition.
-- * month: calendar month of the center-local offered_at (SPEC §4), never the UTC one.
-- * answer_wait_seconds: answered_at − offered_at of a handled (answered inbound) leg, in
--   seconds from the millisecond difference (UTC); NULL for every other leg. The speed of
--   answer (avg_speed_of_answer_seconds) averages it over calls_handled.
-- * Service level compares answered_at with offered_at + var('service_level_seconds'),
--   inclusive ("within 15 s"); both in UTC.
-- * FCR: an answered inbound leg with a customer_hash is resolved unless an inbound leg of
--   the same customer, of any disposition (abandoned and missed included), was offered in
--   (ended_at, ended_at + var('fcr_repeat_window_hours')]: the end of the window is
--   inclusive, its start is not. Compared in UTC, so no local-time ambiguity. Legs without a
--   customer_hash cannot be matched and are left out of FCR altogether.
-- Incremental by month (docs/incremental.md): a run rebuilds the months being built; the
-- FCR of a month's legs reads the legs of that month and of the next one (the 168 h
-- window of a leg that ends late in the month reaches into the next month), so a change
-- of legs in a month's first days drags in the month before
-- (int_warehouse__months_to_rebuild). Rows are stored in (month, agent_id) order, so a
-- query for one agent-month reads a few row groups (int_telephony__contributions,
-- `scorecard explain`).
{{ config(**incremental_by_month()) }}

with

calls as (

    select * from {{ ref('stg_calls__calls') }}

),

flagged as (

    select
        call_id,
        agent_id,
        queue,
        direction,
        disposition,
        customer_hash,
        {{ month_of('offered_at_local') }} as month,
        offered_at_utc,
        offered_at_local,
        answered_at_utc,
        ended_at_utc,
        talk_seconds,
        hold_seconds,
        acw_seconds,
        coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)
            as handle_seconds,
        case
            when direction = 'inbound' and answered_at_utc is not null
                then
                    ({{ dbt.datediff('offered_at_utc', 'answered_at_utc', 'millisecond') }})
                    / 1000.0
        end as answer_wait_seconds,
        direction = 'inbound' as is_inbound,
        direction = 'outbound' as is_outbound,
        direction = 'inbound' and agent_id is not null as is_offered_to_agent,
        direction = 'inbound' and answered_at_utc is not null as is_inbound_answered,
        direction = 'inbound' and answered_at_utc is not null and disposition = 'transferred'
            as is_transferred,
        direction = 'outbound' and answered_at_utc is not null as is_outbound_connected,
        direction = 'inbound'
        and answered_at_utc is not null
        and answered_at_utc
        <= {{ dbt.dateadd('second', var('service_level_seconds'), 'offered_at_utc') }}
            as is_answered_within_service_level,
        direction = 'inbound' and answered_at_utc is not null and customer_hash is not null
            as is_fcr_eligible,
        row_key,
        source_file,
        source_line,
        load_id
    from calls
    -- the months being built, and the month after each (the FCR window)
    where {{ in_months_to_build(month_of('offered_at_local'), following=1) }}

),

repeated as (

    -- FCR-eligible legs followed by an inbound leg of the same customer within the window.
    select distinct eligible.call_id
    from flagged as eligible
    inner join flagged as later
        on
            eligible.customer_hash = later.customer_hash
            and eligible.ended_at_utc < later.offered_at_utc
            and {{ dbt.dateadd('hour', var('fcr_repeat_window_hours'), 'eligible.ended_at_utc') }}
            >= later.offered_at_utc
    where
        eligible.is_fcr_eligible
        and later.is_inbound
        and {{ in_months_to_build('eligible.month') }}

),

final as (

    select
        flagged.call_id,
        flagged.agent_id,
        flagged.queue,
        flagged.direction,
        flagged.disposition,
        flagged.customer_hash,
        flagged.month,
        flagged.offered_at_utc,
        flagged.offered_at_local,
        flagged.answered_at_utc,
        flagged.ended_at_utc,
        flagged.talk_seconds,
        flagged.hold_seconds,
        flagged.acw_seconds,
        flagged.handle_seconds,
        flagged.answer_wait_seconds,
        flagged.is_inbound,
        flagged.is_outbound,
        flagged.is_offered_to_agent,
        flagged.is_inbound_answered,
        flagged.is_transferred,
        flagged.is_outbound_connected,
        flagged.is_answered_within_service_level,
        flagged.is_fcr_eligible,
        flagged.row_key,
        flagged.source_file,
        flagged.source_line,
        flagged.load_id,
        case
            when flagged.is_fcr_eligible then repeated.call_id is not null
        end as has_repeat_call,
        flagged.is_fcr_eligible and repeated.call_id is null as is_first_contact_resolved
    from flagged
    left join repeated
        on flagged.call_id = repeated.call_id
    where {{ in_months_to_build('flagged.month') }}

)

select * from final
order by month, agent_id

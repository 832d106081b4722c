-- Who is scored under which scheme version in which month: agents and QA inspectors whose
-- role (at the end of the month) the scheme lists, or teams for team-grain cards; with
-- eligibility (SPEC §6: fewer than min_attendance_days days present are not scored).
-- A quarterly or yearly scheme scores only the last month of each period (December for
-- a yearly card), with the attendance days of the whole period.
with

versions as (

    select * from {{ ref('int_scoring__scheme_versions') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

period_values as (

    select * from {{ ref('int_scoring__period_values') }}

),

attendance as (

    select
        entity_id as agent_id,
        month,
        period,
        cast(value as integer) as attendance_days
    from period_values
    where grain = 'agent' and indicator_code = 'attendance_days'

),

-- The versions in effect in each month that ends one of their periods.
version_months as (

    select distinct
        versions.*,
        agent_months.month
    from versions
    inner join agent_months
        on
            versions.effective_from <= agent_months.month
            and (versions.effective_until is null or versions.effective_until > agent_months.month)
            and (
                versions.period = 'month'
                or (
                    versions.period = 'quarter'
                    and mod({{ date_part('month', 'agent_months.month') }}, 3) = 0
                )
                or (
                    versions.period = 'year'
                    and {{ date_part('month', 'agent_months.month') }} = 12
                )
            )

),

people as (

    select
        versions.scheme_id,
        versions.version,
        versions.grain,
        versions.period,
        agent_months.agent_id as entity_id,
        agent_months.month,
        agent_months.team_id,
        agent_months.role,
        coalesce(attendance.attendance_days, 0) as attendance_days,
        versions.min_attendance_days
    from agent_months
    inner join version_months as versions
        on
            agent_months.month = versions.month
            -- a list match, not LIKE: `_` in a role (qa_inspector) is a LIKE wildcard
            and {{ scorecard_split_contains('versions.roles', '|', 'agent_months.role') }}
    left join attendance
        on
            agent_months.agent_id = attendance.agent_id
            and agent_months.month = attendance.month
            and versions.period = attendance.period
    where versions.grain in ('agent', 'evaluator')

),

-- A team card scores the teams that have someone in one of its roles (the team lead)
-- that month, so a team without a lead (e.g. the inspectors') is not graded on nothing.
teams as (

    select distinct
        versions.scheme_id,
        versions.version,
        versions.grain,
        versions.period,
        agent_months.team_id as entity_id,
        agent_months.month,
        agent_months.team_id,
        'team' as role,
        cast(null as integer) as attendance_days,
        0 as min_attendance_days
    from agent_months
    inner join version_months as versions
        on
            agent_months.month = versions.month
            and {{ scorecard_split_contains('versions.roles', '|', 'agent_months.role') }}
    where versions.grain = 'team'

),

scored as (

    select * from people
    union all
    select * from teams

),

final as (

    select
        scheme_id,
        version,
        grain,
        period,
        entity_id,
        month,
        team_id,
        role,
        attendance_days,
        min_attendance_days = 0 or attendance_days >= min_attendance_days as is_eligible,
        case
            when min_attendance_days > 0 and attendance_days < min_attendance_days
                then
                    'attendance_days ' || cast(attendance_days as integer)
                    || ' < ' || cast(min_attendance_days as integer)
        end as ineligible_reason
    from scored

)

select * from final

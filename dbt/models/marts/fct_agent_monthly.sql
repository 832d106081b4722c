{#-
    One row per agent and month (SPEC §8): every agent-grain indicator of the catalog as a
    column, and for the ratio indicators their numerator and denominator
    (`<code>_numerator`, `<code>_denominator`). The columns follow the catalog
    (macro agent_indicator_columns): a new agent-grain catalog row adds its column here,
    a decimal with the number of decimals its catalog row declares.
-#}
-- depends_on: {{ ref('indicator_catalog') }}
{%- set indicators = agent_indicator_columns() %}

with

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

indicator_values as (

    select * from {{ ref('int_indicator_values__all_grains') }}
    where grain = 'agent'

),

pivoted as (

    select
        entity_id as agent_id,
        {%- for code, rollup_method, decimals in indicators %}
        cast(
            max(case when indicator_code = '{{ code }}' then value end)
            as decimal(18, {{ decimals }})
        ) as {{ code }},
        {%- if rollup_method == 'ratio' %}
        max(case when indicator_code = '{{ code }}' then numerator end) as {{ code }}_numerator,
        max(case when indicator_code = '{{ code }}' then denominator end)
            as {{ code }}_denominator,
        {%- endif %}
        {%- endfor %}
        month
    from indicator_values
    group by entity_id, month

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
    from pivoted

),

final as (

    select
        agent_month_keys.agent_id,
        agent_month_keys.month,
        agent_months.agent_name,
        agent_months.team_id,
        agent_months.role,
        {%- for code, rollup_method, decimals in indicators %}
        pivoted.{{ code }},
        {%- if rollup_method == 'ratio' %}
        pivoted.{{ code }}_numerator,
        pivoted.{{ code }}_denominator,
        {%- endif %}
        {%- endfor %}
        agent_months.site
    from agent_month_keys
    left join agent_months
        on
            agent_month_keys.agent_id = agent_months.agent_id
            and agent_month_keys.month = agent_months.month
    left join pivoted
        on
            agent_month_keys.agent_id = pivoted.agent_id
            and agent_month_keys.month = pivoted.month

)

select * from final

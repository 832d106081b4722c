{#-
    Every indicator value at every grain: the union of the models named in
    the `model` column of seeds/indicator_catalog.csv (macro indicator_models()), plus team
    and center roll-ups of the agent indicators whose catalog `rollup_method` is `sum`
    (Σ values) or `ratio` (Σ numerators ÷ Σ denominators). Agents roll up to the team they
    belonged to at the end of the month (int_agents__months).
-#}
{%- if execute and indicator_models() | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "var('indicator_models') is empty: run dbt through `scorecard dbt ...`, which passes "
        ~ "the models named in seeds/indicator_catalog.csv, or pass --vars yourself"
    ) }}
{%- endif -%}

with

catalog as (

    select * from {{ ref('indicator_catalog') }}

),

agent_months as (

    select * from {{ ref('int_agents__months') }}

),

-- One branch per indicator model: the list comes from the catalog, so the import CTEs
-- cannot be written out by hand.
computed as (

    {%- for model_name in indicator_models() %}

    select
        entity_id,
        grain,
        month,
        indicator_code,
        numerator,
        denominator,
        value
    from {{ ref(model_name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

rollup_inputs as (

    select
        computed.entity_id,
        computed.grain,
        computed.month,
        computed.indicator_code,
        computed.numerator,
        computed.denominator,
        computed.value,
        catalog.rollup_method,
        agent_months.team_id
    from computed
    inner join catalog
        on computed.indicator_code = catalog.code
    left join agent_months
        on
            computed.entity_id = agent_months.agent_id
            and computed.month = agent_months.month
    where computed.grain = 'agent' and catalog.rollup_method in ('sum', 'ratio')

),

team_rollups as (

    select
        team_id as entity_id,
        'team' as grain,
        month,
        indicator_code,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        case
            when max(rollup_method) = 'sum' then sum(value)
            else {{ safe_divide('sum(numerator)', 'sum(denominator)') }}
        end as value
    from rollup_inputs
    where team_id is not null
    group by team_id, month, indicator_code

),

center_rollups as (

    select
        'center' as entity_id,
        'center' as grain,
        month,
        indicator_code,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        case
            when max(rollup_method) = 'sum' then sum(value)
            else {{ safe_divide('sum(numerator)', 'sum(denominator)') }}
        end as value
    from rollup_inputs
    group by month, indicator_code

),

final as (

    select * from computed
    union all
    select * from team_rollups
    union all
    select * from center_rollups

)

select * from final

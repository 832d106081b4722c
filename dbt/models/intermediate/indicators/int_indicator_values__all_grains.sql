{#-
    Every indicator value at every grain: the union of the models named in
    the `model` column of seeds/indicator_catalog.csv (macro indicator_models()), plus team
    and center roll-ups of the agent indicators whose catalog `rollup_method` is `sum`
    (Σ numerators) or `ratio` (Σ numerators ÷ Σ denominators). Agents roll up to the team
    they belonged to at the end of the month (int_agents__months).

    Precision (docs/scoring.md): numerators and denominators are exact decimals, so the
    roll-up sums do not depend on the order rows are added in; every value is rounded
    here, once, half up, to the decimals of its catalog row, and that rounded value is the
    one published and scored.
-#}
{%- if execute and indicator_models() | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "var('indicator_models') is empty: dbt_project.yml lists the models named in "
        ~ "seeds/indicator_catalog.csv; do not override it with an empty --vars"
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
        {{ exact_number('sum(numerator)') }} as numerator,
        {{ exact_number('sum(denominator)') }} as denominator,
        {{ exact_number(
            "case when max(rollup_method) = 'sum' then sum(numerator) else "
            ~ safe_divide('sum(numerator)', 'sum(denominator)') ~ " end"
        ) }} as value
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
        {{ exact_number('sum(numerator)') }} as numerator,
        {{ exact_number('sum(denominator)') }} as denominator,
        {{ exact_number(
            "case when max(rollup_method) = 'sum' then sum(numerator) else "
            ~ safe_divide('sum(numerator)', 'sum(denominator)') ~ " end"
        ) }} as value
    from rollup_inputs
    group by month, indicator_code

),

unrounded as (

    select * from computed
    union all
    select * from team_rollups
    union all
    select * from center_rollups

),

final as (

    select
        unrounded.entity_id,
        unrounded.grain,
        unrounded.month,
        unrounded.indicator_code,
        unrounded.numerator,
        unrounded.denominator,
        {{ round_to_catalog_decimals('unrounded.value', 'catalog.decimals') }} as value
    from unrounded
    -- a code without a catalog row keeps its row (value NULL) for the singular test
    -- assert_indicator_codes_are_in_the_catalog to name it
    left join catalog
        on unrounded.indicator_code = catalog.code

)

select * from final

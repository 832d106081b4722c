{#-
    Contributions (docs/indicators.md, "Contributions"): each indicator family has one
    row-level model, int_<family>__contributions, with one row per counted source row and,
    for each indicator of the family, its contribution to the numerator
    (`<code>__numerator`) and, for a rate or mean, to the denominator
    (`<code>__denominator`). A row counts for an indicator exactly when one of the two is
    not NULL; the value model sums them per entity and month, the lineage view lists the
    rows where they are set. These macros write the repetitive parts of both.

    contribution_indicators(counts, ratios, divisor=none) -> list of indicator specs
        One spec per code, in the shape indicator_rows() takes: counts and sums get
        {'code': c, 'numerator': 'c__numerator'}, rates and means also
        {'denominator': 'c__denominator'}. With a divisor the numerator and denominator
        are the summed contributions divided by it (agent states contribute seconds and
        report hours: Σ seconds ÷ 3600, divided once, after the exact integer sum).

    contribution_sums(indicators) -> select list
        `sum(c__numerator) as c__numerator` (and the denominator) for each spec: NULL
        contributions add nothing, an entity-month without any row of a code sums to NULL.

    contribution_totals(indicators, relation) -> select list
        `coalesce(relation.c__numerator, 0) as c__numerator` (and the denominator): the
        sums of an entity-month of the spine that had no counted row are 0.

    agent_month_indicators(contributions, agent_months, indicators) -> CTEs and select
        The rest of a value model whose entity is the agent: `activity` sums the
        contributions per agent and month, `spine` full-outer-joins them with the
        employment spine (every agent-month, with 0 sums where nothing counted; an
        agent-month outside the spine is kept), `final` writes the indicator rows. The
        model keeps its import CTEs (`contributions`, `agent_months`) and names them here.

    contribution_lineage(relation, indicators, entity_column, grain) -> select statement
        The lineage (long form) of the specs: for each code, the rows of `relation` where
        its numerator or denominator contribution is set, as entity_id, grain, month,
        indicator_code, source_model, row_key, source_file, source_line, load_id,
        numerator, denominator (the row's contributions, exact decimals). Rows without an
        entity (a call without a queue, for the queue grain) are left out.
-#}
{% macro contribution_indicators(counts=[], ratios=[], divisor=none) -%}
{%- set indicators = [] -%}
{%- for code in counts + ratios -%}
{%- set numerator = code ~ '__numerator' -%}
{%- set denominator = code ~ '__denominator' -%}
{%- if divisor -%}
{%- set numerator = numerator ~ ' / ' ~ divisor -%}
{%- set denominator = denominator ~ ' / ' ~ divisor -%}
{%- endif -%}
{%- if code in ratios -%}
{%- do indicators.append({'code': code, 'numerator': numerator, 'denominator': denominator}) -%}
{%- else -%}
{%- do indicators.append({'code': code, 'numerator': numerator}) -%}
{%- endif -%}
{%- endfor -%}
{{ return(indicators) }}
{%- endmacro %}

{% macro contribution_sums(indicators) -%}
{%- for indicator in indicators %}
        sum({{ indicator.code }}__numerator) as {{ indicator.code }}__numerator
{%- if indicator.get('denominator') %},
        sum({{ indicator.code }}__denominator) as {{ indicator.code }}__denominator
{%- endif %}
{{- ',' if not loop.last }}
{%- endfor %}
{%- endmacro %}

{% macro contribution_totals(indicators, relation) -%}
{%- for indicator in indicators %}
        coalesce({{ relation }}.{{ indicator.code }}__numerator, 0)
            as {{ indicator.code }}__numerator
{%- if indicator.get('denominator') %},
        coalesce({{ relation }}.{{ indicator.code }}__denominator, 0)
            as {{ indicator.code }}__denominator
{%- endif %}
{{- ',' if not loop.last }}
{%- endfor %}
{%- endmacro %}

{% macro agent_month_indicators(contributions, agent_months, indicators) -%}
activity as (

    select
        agent_id,
        month,
        {{ contribution_sums(indicators) | trim }}
    from {{ contributions }}
    group by agent_id, month

),

spine as (

    select
        coalesce({{ agent_months }}.agent_id, activity.agent_id) as entity_id,
        coalesce({{ agent_months }}.month, activity.month) as month,
        {{ contribution_totals(indicators, "activity") | trim }}
    from {{ agent_months }}
    full outer join activity
        on
            {{ agent_months }}.agent_id = activity.agent_id
            and {{ agent_months }}.month = activity.month

),

final as (

    {{ indicator_rows('spine', indicators, entity_column='entity_id') }}

)

select * from final
{%- endmacro %}

{% macro contribution_lineage(relation, indicators, entity_column='agent_id', grain='agent') -%}
{%- for indicator in indicators %}
{%- set numerator = indicator.code ~ '__numerator' %}
{%- set denominator = 'null' %}
{%- set counted = numerator ~ ' is not null' %}
{%- if indicator.get('denominator') %}
{%- set denominator = indicator.code ~ '__denominator' %}
{%- set counted = counted ~ ' or ' ~ denominator ~ ' is not null' %}
{%- endif %}
{%- if not loop.first %}

    union all

    {% endif -%}
    select
        cast({{ entity_column }} as {{ dbt.type_string() }}) as entity_id,
        cast('{{ grain }}' as {{ dbt.type_string() }}) as grain,
        month,
        cast('{{ indicator.code }}' as {{ dbt.type_string() }}) as indicator_code,
        source_model,
        row_key,
        source_file,
        source_line,
        load_id,
        {{ exact_number(numerator) }} as numerator,
        {{ exact_number(denominator) }} as denominator
    from {{ relation }}
    where {{ entity_column }} is not null and ({{ counted }})
{%- endfor %}
{%- endmacro %}

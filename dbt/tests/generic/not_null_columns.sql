{#-
    Model-level test: none of `column_names` holds a NULL. One scan of the model for all
    its required columns instead of one not_null test (and one query) per column: a build
    runs a few hundred tests fewer. A failure returns one row per column with NULLs and
    how many rows hold one.

        data_tests:
          - not_null_columns:
              arguments:
                column_names: [agent_id, month]
-#}
{% test not_null_columns(model, column_names) %}
{%- set null_counts = [] %}
{%- for column in column_names %}
    {%- do null_counts.append(
        "sum(case when " ~ column ~ " is null then 1 else 0 end) as " ~ column
    ) %}
{%- endfor %}

    with null_counts as (
        select {{ null_counts | join(', ') }}
        from {{ model }}
    )

    {% for column in column_names -%}
        select
            '{{ column }}' as column_name,
            {{ column }} as null_rows
        from null_counts
        where {{ column }} > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

{% endtest %}

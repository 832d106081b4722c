{#-
    Model-level test: no two rows share the same values of `combination_of_columns`
    (a composite primary key). Rows are grouped, so NULL in a key column is treated as a
    value: two rows equal except for both having a NULL there count as a duplicate.

        data_tests:
          - unique_combination_of_columns:
              arguments:
                combination_of_columns: [agent_id, work_date]
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    select
        {{ combination_of_columns | join(',\n        ') }},
        count(*) as n_rows
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1

{% endtest %}

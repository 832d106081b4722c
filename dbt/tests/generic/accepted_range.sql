{#-
    Column test: every non-NULL value lies within [min_value, max_value], bounds inclusive;
    either bound may be omitted. NULLs pass: pair with not_null where a value is required.

        - accepted_range:
            arguments:
              min_value: 0
              max_value: 100

    An omitted bound compares the column with itself, which is true for any non-NULL value.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
{%- set lower = column_name if min_value is none else min_value %}
{%- set upper = column_name if max_value is none else max_value %}

    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} is not null
        and not ({{ column_name }} >= {{ lower }} and {{ column_name }} <= {{ upper }})

{% endtest %}

{#-
    safe_divide(numerator, denominator) -> double

    A rate whose denominator is 0 (or NULL) is NULL, not 0 (SPEC §5).
-#}
{% macro safe_divide(numerator, denominator) -%}
(cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}

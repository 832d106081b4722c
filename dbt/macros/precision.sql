{#-
    The precision policy (docs/scoring.md, "Precision"), in two macros so it is applied
    the same way everywhere and on every engine.

    exact_number(expression) -> decimal(28, 10)
        The carrier of every measure that is not a whole number (scores, points, money,
        hours, means) before it is summed or averaged. Decimal sums are exact, so their
        result does not depend on the order a parallel aggregation adds the rows in
        (binary floating-point sums do, in the last digits). A quotient that does not
        terminate (a mean of 3 scores, seconds ÷ 3600) is cut to 10 decimals here, once
        per row, before it reaches a sum.

    round_half_up(expression, places) -> decimal(18, places)
        A published number: rounded once, half away from zero (四舍五入, as HR rounds by
        hand: 2.675 → 2.68, −2.675 → −2.68). The expression is first read to 10 decimals,
        so a binary float that stands for 2.675 (2.67499999999999982…) rounds as the 2.675
        a person sees. Grades, ranks, quotas, stars, flags and money are decided from the
        value this returns.
-#}
{% macro exact_number(expression) -%}
cast({{ expression }} as decimal(28, 10))
{%- endmacro %}

{% macro round_half_up(expression, places) -%}
cast(round(cast({{ expression }} as decimal(28, 10)), {{ places }}) as decimal(18, {{ places }}))
{%- endmacro %}

{#-
    round_to_catalog_decimals(expression, decimals_column) -> decimal(18, 4)

    An indicator value rounded to the decimals its catalog row declares (0 to 4: counts 0,
    money, seconds, hours and scores 2, rates 4); a seed test keeps the column in that
    range. One `case` branch per precision, because a rounding precision must be a constant.
-#}
{% macro round_to_catalog_decimals(expression, decimals_column) -%}
cast(case {{ decimals_column }}
{%- for places in range(5) %}
when {{ places }} then {{ round_half_up(expression, places) }}
{%- endfor %}
end as decimal(18, 4))
{%- endmacro %}

{#-
    latest_version(relation, key_columns) -> select statement

    Raw tables are append-only and hold every version of a source row (SPEC §3): a row
    whose natural key reappears in a later file is a correction, and the superseded
    version stays in raw. This selects the current version of each natural key: the row
    from the latest load (`_load_id` increases with every file loaded), and within one
    file the last physical line.

    relation:    a relation or CTE name whose rows carry `_load_id` and `_line_number`
    key_columns: list of the natural key's column names (contract.py Source.key, as stored)

    The result has all columns of `relation` plus `version_rank` (always 1), which callers
    drop by selecting an explicit column list. NULL key parts are one value here (window
    partitions group NULLs together), e.g. ratings without a rater_id.
    Plain row_number() in a subquery rather than `qualify` keeps it portable.
-#}
{% macro latest_version(relation, key_columns) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by _load_id desc, _line_number desc
            ) as version_rank
        from {{ relation }}
    ) as versions
    where version_rank = 1
{%- endmacro %}

{#-
    load_versions(source_name, keys) -> select statement

    For every row of the raw table `source_name` (a loaded row: a new key or a correction),
    every version of its natural key up to it: the row itself (version_reason 'row') and the
    versions it supersedes (version_reason 'superseded'), with the loaded row's load as
    load_id and all columns of the version (not `reason`: agent_states has a column of that
    name, and Spark rejects the ambiguous reference DuckDB resolves to the first). int_warehouse__months_to_rebuild takes the months of both:
    a correction can move a row from one month to another. Key parts compare with
    `is not distinct from`, so a NULL part (a rating without rater_id) matches NULL.
-#}
{% macro load_versions(source_name, keys) -%}
{%- set same_key = [] -%}
{%- for key in keys -%}
{%- do same_key.append('loaded.' ~ key ~ ' is not distinct from every_version.' ~ key) -%}
{%- endfor -%}
    select
        loaded._load_id as load_id,
        case when every_version._row_key = loaded._row_key then 'row' else 'superseded' end
            as version_reason,
        every_version.*
    from {{ source(source_name, source_name) }} as loaded
    inner join {{ source(source_name, source_name) }} as every_version
        on
            {{ same_key | join(' and ') }}
            and every_version._load_id <= loaded._load_id
{%- endmacro %}

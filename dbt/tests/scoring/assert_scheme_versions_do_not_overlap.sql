-- A failure means two versions of a scheme start in the same month, or a later version
-- starts earlier than an older one: which version scores a month would be ambiguous.
-- Give each new version a higher number and a later effective_month in seeds/schemes.csv.
{{ config(store_failures=true) }}

with

versions as (

    select
        scheme_id,
        version,
        effective_month,
        lag(version) over (partition by scheme_id order by effective_month, version)
            as previous_version,
        lag(effective_month) over (partition by scheme_id order by effective_month, version)
            as previous_month
    from {{ ref('schemes') }}

)

select
    scheme_id,
    version,
    effective_month,
    'version ' || version || ' (from ' || effective_month || ') overlaps version '
    || previous_version || ' (from ' || previous_month || ')' as problem
from versions
where effective_month = previous_month or version <= previous_version

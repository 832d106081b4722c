-- A failure means a scheme rule names an indicator the catalog does not have (a typo, or
-- an indicator not added yet): its points would always be "missing". Fix the
-- indicator_code in seeds/scheme_rules.csv or add the indicator (docs/indicators.md).
{{ config(store_failures=true) }}

select
    rules.scheme_id,
    rules.version,
    rules.rule_id,
    rules.indicator_code,
    'unknown indicator ' || rules.indicator_code as problem
from {{ ref('scheme_rules') }} as rules
left join {{ ref('indicator_catalog') }} as catalog_rows
    on rules.indicator_code = catalog_rows.code
where catalog_rows.code is null

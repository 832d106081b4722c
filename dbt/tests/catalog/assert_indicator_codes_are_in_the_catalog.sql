-- A failure means an indicator model emits a code that has no catalog row: its value
-- would reach fct_indicator_monthly with no name, unit, direction or grain. Add the row
-- to seeds/indicator_catalog.csv (or fix the code in the model).
select distinct
    facts.indicator_code,
    facts.grain
from {{ ref('fct_indicator_monthly') }} as facts
left join {{ ref('indicator_catalog') }} as catalog_rows
    on facts.indicator_code = catalog_rows.code
where catalog_rows.code is null

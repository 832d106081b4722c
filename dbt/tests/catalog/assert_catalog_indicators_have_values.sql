-- A failure (a warning) means a catalog indicator has no value for any entity in any
-- month: its model does not emit the code, or the data has nothing it could be computed
-- from (for example no indicator_inputs rows for it yet).
{{ config(severity='warn') }}

select catalog_rows.code
from {{ ref('indicator_catalog') }} as catalog_rows
left join {{ ref('fct_indicator_monthly') }} as facts
    on catalog_rows.code = facts.indicator_code
where facts.indicator_code is null

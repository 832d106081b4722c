-- A failing row is a catalog indicator whose declared range is empty (max_value below
-- min_value): the gate's indicator_ranges suite would reject every value of it.
select
    code,
    min_value,
    max_value
from {{ ref('indicator_catalog') }}
where max_value < min_value

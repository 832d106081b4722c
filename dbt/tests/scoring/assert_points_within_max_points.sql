-- A failing row is a published rule row that gives more points than it could (max_points,
-- after re-weighting): the re-weighting invented points a reader cannot account for.
with

indicator_scores as (

    select * from {{ ref('mart_indicator_scores') }}

)

select
    scheme_id,
    agent_id,
    month,
    rule_id,
    points,
    max_points
from indicator_scores
where points > max_points

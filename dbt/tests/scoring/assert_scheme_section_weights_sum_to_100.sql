-- A failure means the KPI or CPI rows of a scheme version do not add up to 100 points, so
-- its totals would not be on a 100-point scale. Fix the weights in seeds/scheme_rules.csv.
{{ config(store_failures=true) }}

select
    scheme_id,
    version,
    section,
    sum(weight) as total_weight,
    section || ' weights add up to ' || sum(weight) || ', not 100' as problem
from {{ ref('scheme_rules') }}
where section in ('kpi', 'cpi')
group by scheme_id, version, section
having abs(sum(weight) - 100) > 0.000001

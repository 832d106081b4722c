-- Every code supplied in indicator_inputs must be a catalog code computed by
-- int_indicators__external_inputs. A failing row is a supplied value that no indicator
-- model passes through, so it would be missing from the scorecard: either the code is not
-- in seeds/indicator_catalog.csv (a typo in the export, or a new indicator that needs a
-- catalog row with model int_indicators__external_inputs), or the catalog computes that
-- code in another model (the export supplies a value the warehouse computes itself).
-- Fix the export or the catalog; the test lists each code once with its row count.
with

indicator_inputs as (

    select * from {{ ref('stg_indicator_inputs__values') }}

),

catalog as (

    select * from {{ ref('indicator_catalog') }}

),

final as (

    select
        indicator_inputs.indicator_code,
        catalog.model as catalog_model,
        count(*) as supplied_rows,
        min(indicator_inputs.source_file) as first_source_file
    from indicator_inputs
    left join catalog
        on indicator_inputs.indicator_code = catalog.code
    where
        catalog.code is null
        or catalog.model <> 'int_indicators__external_inputs'
    group by indicator_inputs.indicator_code, catalog.model

)

select * from final

-- The rows the gate's quarantine_share suite validates: every loaded file of 20 rows or
-- more, with the share of its rows lost to quarantine (the gate looks at the loads since
-- the last gate that passed).
with

load_log as (

    select * from {{ ref('stg_warehouse__load_log') }}

),

final as (

    select
        source_file,
        source_name,
        load_id,
        rows_read,
        rows_quarantined,
        quarantine_reasons,
        rows_quarantined / rows_read as quarantined_share
    from load_log
    where load_status = 'loaded' and rows_read >= 20

)

select * from final

-- value_history: every stored value of one indicator and period, newest first, active or not.
-- $indicator $period $region
with final as (
    select
        o.revision, r.file_name, r.imported_at, r.user_name, o.value, o.unit, o.growth_pct, o.prev_value,
        o.source_sheet, o.source_row, o.source_column, o.growth_source, o.unit_source, o.period_source,
        o.measure_source,
        s.active
    from observations o
    join revisions r using (revision)
    join revision_state s using (revision)
    where o.indicator = $indicator and o.period = $period and o.region = $region
)

select * from final order by revision desc

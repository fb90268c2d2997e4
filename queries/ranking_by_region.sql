-- ranking_by_region: current growth of one indicator for every region in a period (city total included,
-- flagged by the caller). $indicator $period
with active as (
    select revision from revision_state where active
),

final as (
    select
        region,
        arg_max(growth_pct, revision) filter (where growth_pct is not null) as growth_pct,
        arg_max(value, revision) filter (where value is not null) as value,
        arg_max(rank, revision) filter (where rank is not null) as reported_rank
    from observations o
    semi join active a on o.revision = a.revision
    where o.indicator = $indicator and o.period = $period
    group by region
)

select * from final order by growth_pct desc nulls last, region

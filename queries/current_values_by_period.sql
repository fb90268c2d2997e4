-- current_values_by_period: the current value of every (indicator, period) of a year in one region.
-- Each field is taken from the newest active revision that gives it, so a table that reports only growth
-- does not hide a level reported earlier. $year: plan year. $region: district name.
with active as (
    select revision from revision_state where active
),

obs as (
    select o.*
    from observations o
    semi join active a on o.revision = a.revision
    where o.year = $year and o.region = $region
),

final as (
    select
        indicator,
        period,
        any_value(end_month) as end_month,
        arg_max(value, revision) filter (where value is not null) as value,
        any_value(unit) as unit,
        arg_max(growth_pct, revision) filter (where growth_pct is not null) as growth_pct,
        -- derived (推算 from two levels) or reported, of the growth figure taken above
        arg_max(coalesce(growth_source, 'reported'), revision) filter (where growth_pct is not null)
            as growth_source,
        arg_max(prev_value, revision) filter (where prev_value is not null) as prev_value,
        arg_max(rank, revision) filter (where rank is not null) as rank,
        max(revision) as revision
    from obs
    group by indicator, period
)

select * from final order by indicator, end_month

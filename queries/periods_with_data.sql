-- periods_with_data: the periods of a year that have any active observation in a region, latest last.
-- $year $region
with active as (
    select revision from revision_state where active
),

final as (
    select period, max(end_month) as end_month, count(*) as observations
    from observations o
    semi join active a on o.revision = a.revision
    where o.year = $year and o.region = $region
    group by period
)

select * from final order by end_month

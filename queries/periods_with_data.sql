-- periods_with_data: the periods of a year that have any active observation in a region, latest last.
-- $year $region
with active as (
    select r.revision
    from revisions r
    left join (
        select revision, arg_max(action, event_id) as action from revision_events group by revision
    ) e using (revision)
    where coalesce(e.action, 'restore') <> 'rollback'
),

final as (
    select period, max(end_month) as end_month, count(*) as observations
    from observations o
    semi join active a on o.revision = a.revision
    where o.year = $year and o.region = $region
    group by period
)

select * from final order by end_month

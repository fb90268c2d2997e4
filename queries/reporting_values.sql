-- reporting_values: every indicator reported for a period in a region (a value or a growth rate), with the
-- first active revision that delivered it (when, by whom, which file: that decides on time or late) and the
-- newest. Rolled-back revisions do not count. $year $period $region
with active as (
    select r.revision, r.imported_at, r.user_name, r.file_name
    from revisions r
    join revision_state s using (revision)
    where s.active
),

delivered as (
    select o.indicator, a.revision, a.imported_at, a.user_name, a.file_name
    from observations o
    join active a on o.revision = a.revision
    where o.year = $year and o.period = $period and o.region = $region
        and (o.value is not null or o.growth_pct is not null)
),

final as (
    select
        indicator as item,
        min(revision) as revision,
        arg_min(imported_at, revision) as received_at,
        arg_min(user_name, revision) as received_by,
        arg_min(file_name, revision) as file_name,
        max(revision) as latest_revision
    from delivered
    group by indicator
)

select * from final order by item

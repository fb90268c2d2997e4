-- milestones_current: the newest active status of each milestone of a year, up to a period's end month.
-- $year $end_month: updates tagged with a later period are not yet known at that period.
with active as (
    select r.revision, r.imported_at, r.user_name
    from revisions r
    join revision_state s using (revision)
    where s.active
),

upd as (
    select m.*, a.imported_at, a.user_name
    from milestone_updates m
    join active a on m.revision = a.revision
    where m.year = $year
),

final as (
    select
        milestone,
        arg_max(status, revision) as status,
        arg_max(status_date, revision) as status_date,
        arg_max(note, revision) as note,
        arg_max(period, revision) as period,
        arg_max(user_name, revision) as user_name,
        max(revision) as revision
    from upd m
    where m.end_month is null or m.end_month <= $end_month
    group by milestone
)

select * from final order by milestone

-- reporting_milestones: every milestone with a status reported for a period (ledger or page edit), with the
-- first active revision that delivered it (when, by whom, which file) and the newest. $year $period
with active as (
    select r.revision, r.imported_at, r.user_name, r.file_name
    from revisions r
    join revision_state s using (revision)
    where s.active
),

delivered as (
    select m.milestone, a.revision, a.imported_at, a.user_name, a.file_name
    from milestone_updates m
    join active a on m.revision = a.revision
    where m.year = $year and m.period = $period
),

final as (
    select
        milestone as item,
        min(revision) as revision,
        arg_min(imported_at, revision) as received_at,
        arg_min(user_name, revision) as received_by,
        arg_min(file_name, revision) as file_name,
        max(revision) as latest_revision
    from delivered
    group by milestone
)

select * from final order by item

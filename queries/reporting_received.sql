-- reporting_received: every item reported for a period — an indicator in a region (a value or a growth rate)
-- or a milestone with a status (ledger or page edit) — with the first active revision that delivered it (when,
-- by whom, which file: that decides on time or late) and the newest. Rolled-back revisions do not count.
-- $year $period $region
with active as (
    select r.revision, r.imported_at, r.user_name, r.file_name
    from revisions r
    join revision_state s using (revision)
    where s.active
),

values_delivered as (
    select 'indicator' as kind, o.indicator as item, o.revision
    from observations o
    where o.year = $year and o.period = $period and o.region = $region
        and (o.value is not null or o.growth_pct is not null)
),

milestones_delivered as (
    select 'milestone' as kind, m.milestone as item, m.revision
    from milestone_updates m
    where m.year = $year and m.period = $period
),

delivered as (
    select d.kind, d.item, a.revision, a.imported_at, a.user_name, a.file_name
    from (select * from values_delivered union all select * from milestones_delivered) d
    join active a on d.revision = a.revision
),

final as (
    select
        kind,
        item,
        min(revision) as revision,
        arg_min(imported_at, revision) as received_at,
        arg_min(user_name, revision) as received_by,
        arg_min(file_name, revision) as file_name,
        max(revision) as latest_revision
    from delivered
    group by kind, item
)

select * from final order by kind, item

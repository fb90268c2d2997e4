-- revision_integrity: per revision, the rows it declared (record_count) and the rows actually stored, plus
-- rows whose revision does not exist. An import is one transaction, so declared = stored and no orphans,
-- even after a crash. No parameters.
with stored as (
    select revision, count(*) as n from observations group by revision
    union all
    select revision, count(*) as n from milestone_updates group by revision
),

per_revision as (
    select revision, sum(n) as stored_rows from stored group by revision
),

final as (
    select
        coalesce(r.revision, p.revision) as revision,
        r.record_count as declared_rows,
        coalesce(p.stored_rows, 0) as stored_rows,
        r.revision is null as orphan
    from revisions r
    full outer join per_revision p using (revision)
)

select * from final order by revision

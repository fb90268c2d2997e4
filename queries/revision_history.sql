-- revision_history: revisions newest first, with who/when/what and whether each is active. No parameters.
with last_event as (
    select revision, arg_max(action, event_id) as action
    from revision_events
    group by revision
),

final as (
    select
        r.revision, r.kind, r.file_name, r.sha256, r.size_bytes, r.layout, r.imported_at, r.user_name,
        r.record_count, r.note,
        coalesce(e.action, 'restore') <> 'rollback' as active
    from revisions r
    left join last_event e using (revision)
)

select * from final order by revision desc

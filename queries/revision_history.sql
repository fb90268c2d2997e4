-- revision_history: revisions newest first, with who/when/what and whether each is active. No parameters.
with final as (
    select
        r.revision, r.kind, r.file_name, r.sha256, r.size_bytes, r.layout, r.imported_at, r.user_name,
        r.record_count, r.note,
        s.active
    from revisions r
    join revision_state s using (revision)
)

select * from final order by revision desc

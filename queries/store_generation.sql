-- store_generation: a fingerprint that changes whenever data changes (for caches). No parameters.
select
    (select coalesce(max(revision), 0) from revisions) as last_revision,
    (select count(*) from revision_events) as events

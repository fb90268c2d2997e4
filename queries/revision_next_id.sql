-- revision_next_id: the next revision number. No parameters. Called inside the writing transaction.
select coalesce(max(revision), 0) + 1 as revision from revisions

-- revision_insert: record one revision (an import or an edit).
-- $revision $kind $file_name $sha256 $size_bytes $layout $user_name $record_count $note
insert into revisions
    (revision, kind, file_name, sha256, size_bytes, layout, imported_at, user_name, record_count, note)
values
    ($revision, $kind, $file_name, $sha256, $size_bytes, $layout, now()::timestamp, $user_name, $record_count, $note)

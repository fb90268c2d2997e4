-- revision_by_sha256: the import revisions of a file with this content hash.
-- $sha256: hex digest of the file's bytes.
select revision, file_name, imported_at, user_name
from revisions
where sha256 = $sha256 and kind = 'import'
order by revision

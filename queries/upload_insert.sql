-- upload_insert: keep the original bytes of an uploaded file, once per content hash.
-- $sha256 $file_name $content
insert into uploads (sha256, file_name, content)
values ($sha256, $file_name, $content)
on conflict do nothing

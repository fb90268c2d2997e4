-- upload_content: the original bytes of an uploaded file. $sha256
select file_name, content from uploads where sha256 = $sha256

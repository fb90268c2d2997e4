-- audit_insert: one audited event. $user_name $action $detail
insert into audit_log (event_id, event_at, user_name, action, detail)
select coalesce(max(event_id), 0) + 1, now()::timestamp, $user_name, $action, $detail
from audit_log

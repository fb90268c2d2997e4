-- audit_list: the audit log, newest first. $limit: how many events.
select event_id, event_at, user_name, action, detail
from audit_log
order by event_id desc
limit $limit

-- revision_event_insert: roll a revision back or restore it (an event; the revision itself is never changed).
-- $revision $action (rollback | restore) $user_name $reason
insert into revision_events (event_id, revision, action, event_at, user_name, reason)
select coalesce(max(event_id), 0) + 1, $revision, $action, now()::timestamp, $user_name, $reason
from revision_events

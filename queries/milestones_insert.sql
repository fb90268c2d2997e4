-- milestones_insert: copy the registered relation `incoming_milestones` into the store under a revision.
-- $revision: the revision the rows belong to.
insert into milestone_updates
select $revision, milestone, year, period, end_month, status, status_date, note
from incoming_milestones

-- observations_insert: copy the registered relation `incoming_observations` into the store under a revision.
-- $revision: the revision the rows belong to.
insert into observations
select
    $revision, indicator, period, year, end_month, region, value, unit, growth_pct, prev_value, rank,
    source_sheet, source_row, source_column
from incoming_observations

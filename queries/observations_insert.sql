-- observations_insert: copy the registered relation `incoming_observations` into the store under a revision.
-- $revision: the revision the rows belong to. Columns named: a store upgraded by `alter table` orders them
-- differently from a new one.
insert into observations
    (revision, indicator, period, year, end_month, region, value, unit, growth_pct, prev_value, rank,
     source_sheet, source_row, source_column, growth_source, unit_source, period_source, measure_source)
select
    $revision, indicator, period, year, end_month, region, value, unit, growth_pct, prev_value, rank,
    source_sheet, source_row, source_column, growth_source, unit_source, period_source, measure_source
from incoming_observations

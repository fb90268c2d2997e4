-- schema: the store's tables, created on first use. No parameters.
-- Nothing is deleted or updated in place: revisions are append-only, rollbacks are events.
create table if not exists revisions (
    revision     integer primary key,
    kind         varchar not null,          -- import | edit
    file_name    varchar,
    sha256       varchar,
    size_bytes   bigint,
    layout       varchar,
    imported_at  timestamp not null,
    user_name    varchar not null,
    record_count integer not null,
    note         varchar
);
create table if not exists revision_events (
    event_id    integer primary key,
    revision    integer not null,
    action      varchar not null,           -- rollback | restore
    event_at    timestamp not null,
    user_name   varchar not null,
    reason      varchar
);
create table if not exists observations (
    revision      integer not null,
    indicator     varchar not null,
    period        varchar not null,
    year          integer not null,
    end_month     integer not null,
    region        varchar not null,
    value         double,
    unit          varchar not null,
    growth_pct    double,
    prev_value    double,
    rank          integer,
    source_sheet  varchar,
    source_row    integer,
    source_column varchar,
    growth_source varchar,                  -- reported | derived (computed from two levels); null: no growth
    unit_source   varchar,                  -- where the unit, period and measure were read ("第2行注释" …)
    period_source varchar,
    measure_source varchar
);
-- Stores made before these columns existed get them on open (null: not recorded then).
alter table observations add column if not exists growth_source varchar;
alter table observations add column if not exists unit_source varchar;
alter table observations add column if not exists period_source varchar;
alter table observations add column if not exists measure_source varchar;
create table if not exists milestone_updates (
    revision     integer not null,
    milestone    varchar not null,
    year         integer not null,
    period       varchar,
    end_month    integer,                   -- of period; null = applies to the whole year
    status       varchar not null,
    status_date  varchar,
    note         varchar
);
create table if not exists uploads (
    sha256      varchar primary key,
    file_name   varchar not null,
    content     blob not null
);
create table if not exists audit_log (
    event_id    integer primary key,
    event_at    timestamp not null,
    user_name   varchar not null,
    action      varchar not null,
    detail      varchar
);
create index if not exists observations_lookup on observations (year, indicator, period);
-- A revision counts unless its newest rollback/restore event is a rollback. Recreated on every start so a
-- newer definition replaces an older one in an existing store.
create or replace view revision_state as
with last_event as (
    select revision, arg_max(action, event_id) as action
    from revision_events
    group by revision
)
select r.revision, coalesce(e.action, 'restore') <> 'rollback' as active
from revisions r
left join last_event e using (revision);

-- hookshot_message and hookshot_event become tables partitioned by range on created_at, one partition per UTC day
-- (hookshot_message_pYYYYMMDD, hookshot_event_pYYYYMMDD), as V8 did for hookshot_attempt: DayPartitions creates
-- them ahead and retention drops whole days. Rows outside the created days land in the DEFAULT partitions.
--
-- As in V8 no row is copied: each old table is renamed *_legacy, gets the new primary key, a CHECK matching its bound
-- and its indexes renamed, and is attached as the partition of everything before the start of tomorrow (UTC, at the
-- time this runs); rows already stored at or after that bound move to DEFAULT.
--
-- Primary keys (id, created_at): a partitioned table's unique keys must include the partition key. Still one row per
-- message and per event:
--   - An event's created_at is the producer's, inside the event (EventCodec); every export of its one 'event' record
--     carries the same.
--   - A message's created_at is the producer's creation time of its job (JobCodec "created"). Every outbox record of
--     a message carries it from this release on: 'accepted' (enqueue, replay) as before, and 'attempt' and 'stalled'
--     (settle, reap, release) from the job hash's 'created' field, which enqueue and replay store, or from the job's
--     encoded data for a job an older producer stored. A row never changes its created_at.
--   - Rows stored before this migration may have another created_at (the time of the message's first record when
--     that came before its 'accepted' one, or skewed clocks), and records written by the scripts of an earlier
--     release have none. For those the exporter looks the message up by id among the rows created before
--     hookshot_message_partitioned_from() (the bound below: the legacy and DEFAULT partitions only) or, for a record
--     without a creation time, among all rows, and writes to the row it finds (MessageKeys).
--
-- Workers of the previous release upsert with "on conflict (id)", which fails once this has run: stop or upgrade them
-- first (their records wait in the Redis outbox streams until a new exporter takes them).

alter table hookshot_message rename to hookshot_message_legacy;
alter table hookshot_message_legacy rename constraint hookshot_message_pkey to hookshot_message_legacy_id;
alter index hookshot_message_status_created rename to hookshot_message_legacy_status_created;
alter index hookshot_message_queue_created rename to hookshot_message_legacy_queue_created;
alter index hookshot_message_url_md5 rename to hookshot_message_legacy_url_md5;
alter index hookshot_message_event rename to hookshot_message_legacy_event;
alter index hookshot_message_endpoint_created rename to hookshot_message_legacy_endpoint_created;
alter index hookshot_message_tenant_created rename to hookshot_message_legacy_tenant_created;

create table hookshot_message (
    like hookshot_message_legacy including defaults including constraints including comments,
    primary key (id, created_at)
) partition by range (created_at);

comment on table hookshot_message is
    'One row per webhook message (job), with its current status. Written by the outbox exporter. Partitioned by '
    'created_at, one partition per UTC day (hookshot_message_pYYYYMMDD), rows outside them in '
    'hookshot_message_default; retention drops whole days, keeping live messages and those with an archived dead '
    'letter (moved to the DEFAULT partition).';
comment on column hookshot_message.created_at is
    'When the producer created the message (producer clock); the partition key, never changed once written.';

create index hookshot_message_status_created on hookshot_message (status, created_at);
create index hookshot_message_queue_created on hookshot_message (queue, created_at);
create index hookshot_message_url_md5 on hookshot_message (md5(url));
create index hookshot_message_event on hookshot_message (event_id) where event_id is not null;
create index hookshot_message_endpoint_created on hookshot_message (endpoint_id, created_at)
    where endpoint_id is not null;
create index hookshot_message_tenant_created on hookshot_message (tenant, created_at) where tenant is not null;

create table hookshot_message_default partition of hookshot_message default;

alter table hookshot_event rename to hookshot_event_legacy;
alter table hookshot_event_legacy rename constraint hookshot_event_pkey to hookshot_event_legacy_id;
alter index hookshot_event_tenant_created rename to hookshot_event_legacy_tenant_created;
alter index hookshot_event_created rename to hookshot_event_legacy_created;

create table hookshot_event (
    like hookshot_event_legacy including defaults including constraints including comments,
    primary key (id, created_at)
) partition by range (created_at);

comment on table hookshot_event is
    'One row per published event, written by the outbox exporter once a worker has fanned it out. Its messages are '
    'the hookshot_message rows with this event_id. Partitioned by created_at, one partition per UTC day '
    '(hookshot_event_pYYYYMMDD), rows outside them in hookshot_event_default; retention drops whole days.';

create index hookshot_event_tenant_created on hookshot_event (queue, tenant, created_at, id);
create index hookshot_event_created on hookshot_event (created_at);

create table hookshot_event_default partition of hookshot_event default;

do $$
declare
    bound timestamptz := (date_trunc('day', now() at time zone 'UTC') + interval '1 day') at time zone 'UTC';
    t text;
begin
    -- A new install (nothing stored before this migration) has no row to look up: '-infinity'.
    execute format('create function hookshot_message_partitioned_from() returns timestamptz language sql immutable'
                   ' as $f$ select %L::timestamptz $f$',
                   case when exists (select 1 from hookshot_message_legacy) then bound else '-infinity' end);
    foreach t in array array['hookshot_message', 'hookshot_event'] loop
        execute format('create temporary table %1$s_ahead on commit drop as'
                       ' select * from %1$s_legacy where created_at >= %2$L', t, bound);
        execute format('delete from %1$s_legacy where created_at >= %2$L', t, bound);
        execute format('alter table %1$s_legacy drop constraint %1$s_legacy_id', t);
        execute format('alter table %1$s_legacy add constraint %1$s_legacy_pkey primary key (id, created_at)', t);
        execute format('alter table %1$s_legacy add constraint %1$s_legacy_bound check (created_at < %2$L)', t, bound);
        execute format('alter table %1$s attach partition %1$s_legacy for values from (minvalue) to (%2$L)', t, bound);
        execute format('insert into %1$s select * from %1$s_ahead', t);
    end loop;
end
$$;

comment on function hookshot_message_partitioned_from() is
    'Start of the first day after V9 partitioned hookshot_message (-infinity when it had no row): rows created '
    'before it may have been stored before V9, with another created_at than their outbox records carry (see '
    'V9__partitioned_messages.sql).';

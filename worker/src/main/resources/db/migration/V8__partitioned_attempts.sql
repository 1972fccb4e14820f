-- hookshot_attempt becomes a table partitioned by range on started_at, one partition per UTC day
-- (hookshot_attempt_pYYYYMMDD, created ahead by AttemptPartitions), so that retention drops a whole day's partition
-- instead of deleting its rows one by one. Rows outside the created days (clock skew, a far-future or very old
-- started_at) land in hookshot_attempt_default; AttemptPartitions moves a day's rows out of it before creating that
-- day's partition.
--
-- No row is copied: the old table is renamed hookshot_attempt_legacy and attached as the partition of everything
-- before the start of tomorrow (UTC, at the time this runs). Its new primary key and the CHECK constraint matching
-- that bound are built first, so ATTACH finds them and does not scan the table again. Rows already stored with a
-- started_at at or after that bound (a worker clock ahead) are moved to the DEFAULT partition. Daily partitions start
-- where the legacy partition ends; retention drops the legacy partition once its upper bound is older than
-- HOOKSHOT_HISTORY_RETENTION, and until then deletes its expired rows in batches.
--
-- Primary key (message_id, attempt, started_at): a partitioned table's unique keys must include the partition key.
-- It still stores one row per attempt, because one attempt of a message only ever has one started_at:
--   1. Each attempt number of a message gets exactly one outbox record. claim.lua numbers each lease (att + 1) and
--      gives it a fencing token; settle.lua writes its 'attempt' record only while the token matches and the job is
--      in 'active', and removes it from 'active'; reap.lua writes a 'stalled' record only for a job still in
--      'active' past its deadline, and releases the lease; release.lua only while the token matches. So whichever of
--      the three comes first writes the one record and the other two find no lease (a stale settle writes nothing).
--      A settle re-run with the same token answers from its memo and writes nothing. A replay continues the
--      numbering after the dead series (replay.lua's att = attempts so far).
--   2. A record exported again (an exporter that crashed before acknowledging, or two exporters reading the same
--      entries) is the same stream entry, so it carries the same started_at: for an 'attempt' record the worker's
--      AttemptRecord.startedAtMs inside its data; for a 'stalled' record its 'claimed' time, else the record's 'at'
--      (HistoryRows.add). Neither is read from a clock at export time.
-- So the insert's "on conflict (message_id, attempt, started_at) do nothing" absorbs every duplicate, as
-- "on conflict (message_id, attempt)" did.
--
-- Workers of the previous release insert with "on conflict (message_id, attempt)", which fails once this has run:
-- their exporters stop exporting (the outbox keeps the records in Redis) until they are upgraded.

alter table hookshot_attempt rename to hookshot_attempt_legacy;
alter index hookshot_attempt_started rename to hookshot_attempt_legacy_started;

create table hookshot_attempt (
    like hookshot_attempt_legacy including defaults including constraints including comments,
    primary key (message_id, attempt, started_at)
) partition by range (started_at);

comment on table hookshot_attempt is
    'One row per delivery attempt of a message. No foreign key to hookshot_message: records of one message '
    'can reach Postgres out of order through different exporters. Partitioned by started_at, one partition per UTC '
    'day (hookshot_attempt_pYYYYMMDD), rows outside them in hookshot_attempt_default; retention drops whole days.';

create index hookshot_attempt_started on hookshot_attempt (started_at);

create table hookshot_attempt_default partition of hookshot_attempt default;

do $$
declare
    bound timestamptz := (date_trunc('day', now() at time zone 'UTC') + interval '1 day') at time zone 'UTC';
begin
    create temporary table hookshot_attempt_ahead on commit drop as
        select * from hookshot_attempt_legacy where started_at >= bound;
    delete from hookshot_attempt_legacy where started_at >= bound;
    alter table hookshot_attempt_legacy drop constraint hookshot_attempt_pkey;
    alter table hookshot_attempt_legacy add constraint hookshot_attempt_legacy_pkey
        primary key (message_id, attempt, started_at);
    execute format('alter table hookshot_attempt_legacy add constraint hookshot_attempt_legacy_bound'
                   ' check (started_at < %L)', bound);
    execute format('alter table hookshot_attempt attach partition hookshot_attempt_legacy'
                   ' for values from (minvalue) to (%L)', bound);
    insert into hookshot_attempt select * from hookshot_attempt_ahead;
end
$$;

#!/usr/bin/env bash
# docs/history-partitions.md's figures: hookshot_attempt unpartitioned (schema v7, as migrations V1..V7 leave it) and
# partitioned by day (schema v8, V8 then one partition per day, as DayPartitions creates them), each holding the
# same 10 million attempts (5 million messages x 2 attempts) spread over the last 30 days. Measures retention of one
# day (batched DELETE as the pre-V8 RetentionJob did it, one DELETE, DROP of the partition: seconds and WAL bytes),
# the exporter's insert rate and lookups (alternating rounds, see PartitionsBench.java).
# Uses a throwaway database hookshot_partitions on the PostgreSQL at 127.0.0.1:5432 (user postgres, trust), dropped
# at the end. Needs psql, Java 21 or later ($JAVA_HOME, else a Temurin 25 or 21 under /usr/lib/jvm) and
# worker/target/hookshot.jar (mvn -B package -DskipTests; or $JAR). ROWS (default 10000000) and ROUNDS (5) can be set.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=${JAR:-$PWD/worker/target/hookshot.jar}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ! "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then JAVA=$candidate/bin/java; break; fi
  done
fi
ROWS=${ROWS:-10000000}
ROUNDS=${ROUNDS:-5}
MESSAGES=$((ROWS / 2))
DB=hookshot_partitions
MIGRATIONS=worker/src/main/resources/db/migration
PG=(psql -h 127.0.0.1 -U postgres -qAt -v ON_ERROR_STOP=1)
cleanup() { "${PG[@]}" -c "drop database if exists $DB" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
"${PG[@]}" -c "create database $DB"
date -u +"date: %Y-%m-%d %H:%M UTC"; "${PG[@]}" -d $DB -c 'select version()'; nproc | sed 's/^/cores: /'
now() { date +%s.%N; }
# Runs SQL in schema $1 and prints "seconds WAL-bytes" of it.
measure() {
  local lsn0 lsn1 t0 t1
  lsn0=$("${PG[@]}" -d $DB -c 'select pg_current_wal_insert_lsn()')
  t0=$(now)
  PGOPTIONS="-c search_path=$1" "${PG[@]}" -d $DB -c "$2"
  t1=$(now)
  lsn1=$("${PG[@]}" -d $DB -c 'select pg_current_wal_insert_lsn()')
  echo "$(echo "$t1 - $t0" | bc -l | xargs printf '%.2f') s, $("${PG[@]}" -d $DB -c "select pg_wal_lsn_diff('$lsn1', '$lsn0')" | numfmt --to=iec) WAL"
}
for schema in v7 v8; do
  "${PG[@]}" -d $DB -c "create schema $schema"
  for f in $(ls $MIGRATIONS/V*.sql | sort -V); do
    if [ $schema = v7 ] && [[ $f == *V8__* ]]; then continue; fi
    if [[ $f == *V9__* ]]; then break; fi  # messages partitioned: measured by messages.sh
    PGOPTIONS="-c search_path=$schema" "${PG[@]}" -d $DB -f "$f"
  done
done
# v8 as it is 30 days after the upgrade: the (empty) legacy partition gone, one partition per day.
PGOPTIONS="-c search_path=v8" "${PG[@]}" -d $DB <<'SQL'
drop table hookshot_attempt_legacy;
do $$
declare d date;
begin
  for d in select (now() at time zone 'UTC')::date + i from generate_series(-31, 7) i loop
    execute format('create table hookshot_attempt_p%s partition of hookshot_attempt for values from (%L) to (%L)',
                   to_char(d, 'YYYYMMDD'), d::timestamp at time zone 'UTC', (d + 1)::timestamp at time zone 'UTC');
  end loop;
end $$;
SQL
echo "v8 partitions: $("${PG[@]}" -d $DB -c "select count(*) from pg_inherits where inhparent = 'v8.hookshot_attempt'::regclass")"
FILL="insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, status_code, response_headers,
        response_body, worker_id, outcome)
      select 'm' || i, a, date_trunc('day', now()) - interval '30 days' + (i::float8 / $MESSAGES) * interval '30 days'
             + (a - 1) * interval '1 minute', 40 + i % 200, 'https://receiver.example.com/hooks/' || (i % 100),
             case when a = 1 then 500 else 200 end, '{\"content-type\": \"application/json\"}', '{\"ok\":true}',
             'worker-' || (i % 8), case when a = 1 then 'retrying' else 'delivered' end
        from generate_series(0, $MESSAGES - 1) i, generate_series(1, 2) a"
echo "fill v7 with $ROWS rows: $(measure v7 "$FILL")"
echo "fill v8 with $ROWS rows: $(measure v8 "$FILL")"
# No autovacuum during the measurements: its WAL would be counted in theirs (the vacuum is measured on its own).
"${PG[@]}" -d $DB -c "select format('alter table %s set (autovacuum_enabled = off);', c.oid::regclass)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname in ('v7', 'v8') and c.relname like 'hookshot_attempt%' and c.relkind = 'r'" | "${PG[@]}" -d $DB
"${PG[@]}" -d $DB -c 'vacuum analyze v7.hookshot_attempt' -c 'vacuum analyze v8.hookshot_attempt' -c checkpoint
for schema in v7 v8; do
  echo "$schema size with indexes: $("${PG[@]}" -d $DB -c "select pg_size_pretty(sum(pg_total_relation_size(c.oid))) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '$schema' and c.relname like 'hookshot_attempt%' and c.relkind = 'r'")"
done
echo "--- lookups (ms, mean of 200 each per round; alternating v7/v8)"
"$JAVA" -cp "$JAR" docs/bench/partitions/PartitionsBench.java "jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres" lookup "$ROUNDS" 200 "$MESSAGES" 2>&1 | grep -v WARN
echo "--- plan of a lookup by message id on v8 (scans per partition)"
PGOPTIONS="-c search_path=v8" "${PG[@]}" -d $DB -c "explain (analyze, costs off, timing off, summary on) select * from hookshot_attempt where message_id = 'm12345' order by attempt" > /tmp/partitions-plan.$$
grep -oE '(Index Only Scan|Index Scan|Bitmap Heap Scan|Seq Scan)' /tmp/partitions-plan.$$ | sort | uniq -c | sed 's/^/  /' || true
grep -E 'Planning Time|Execution Time' /tmp/partitions-plan.$$ | sed 's/^/  /' || true
rm -f /tmp/partitions-plan.$$
echo "--- retention of one day (day 10 of 30, $((ROWS / 30)) rows)"
DAY1="date_trunc('day', now()) - interval '20 days'"
DAY2="date_trunc('day', now()) - interval '19 days'"
# The pre-V8 RetentionJob deleted attempts by message id, 1000 messages per statement, each its own transaction.
BATCHED="do \$\$ declare ids text[]; begin loop
  select array_agg(message_id) into ids from (select distinct message_id from hookshot_attempt
   where started_at >= $DAY1 and started_at < $DAY1 + interval '1 day' limit 1000) s;
  exit when ids is null;
  delete from hookshot_attempt where message_id = any(ids);
  commit;
end loop; end \$\$"
echo "v7 DELETE in batches of 1000 messages: $(measure v7 "$BATCHED")"
echo "v7 vacuum after it: $(measure v7 'vacuum hookshot_attempt')"
echo "v7 one DELETE of a day: $(measure v7 "delete from hookshot_attempt where started_at >= $DAY2 and started_at < $DAY2 + interval '1 day'")"
echo "v7 vacuum after it: $(measure v7 'vacuum hookshot_attempt')"
P1=$("${PG[@]}" -d $DB -c "select 'hookshot_attempt_p' || to_char($DAY1, 'YYYYMMDD')")
P2=$("${PG[@]}" -d $DB -c "select 'hookshot_attempt_p' || to_char($DAY2, 'YYYYMMDD')")
echo "v8 DROP TABLE $P1: $(measure v8 "drop table $P1")"
echo "v8 DETACH + DROP $P2: $(measure v8 "alter table hookshot_attempt detach partition $P2; drop table $P2")"
echo "--- exporter's insert (batches of 2000 through Jdbi, rows/s; alternating v7/v8)"
"$JAVA" -cp "$JAR" docs/bench/partitions/PartitionsBench.java "jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres" insert "$ROUNDS" 100000 2>&1 | grep -v WARN
echo "--- V8 run on v7's unpartitioned table, as an upgrade runs it (one transaction)"
before=$("${PG[@]}" -d $DB -c 'select count(*) from v7.hookshot_attempt')
echo "V8 on $before rows: $(measure v7 "$(cat $MIGRATIONS/V8__partitioned_attempts.sql)")"
echo "rows after: $("${PG[@]}" -d $DB -c 'select count(*) from v7.hookshot_attempt'), in $("${PG[@]}" -d $DB -c "select string_agg(distinct tableoid::regclass::text, ', ') from v7.hookshot_attempt")"

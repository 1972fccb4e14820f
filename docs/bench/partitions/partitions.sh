#!/usr/bin/env bash
# docs/history-partitions.md's figures: hookshot_attempt unpartitioned (schema v7, as migrations V1..V7 leave it) and
# partitioned by day (schema v8, V8 then one partition per day, as DayPartitions creates them), each holding the
# same 10 million attempts (5 million messages x 2 attempts) spread over the last 30 days. Measures retention of one
# day (batched DELETE as the pre-V8 RetentionJob did it, one DELETE, DROP of the partition: seconds and WAL bytes),
# the exporter's insert rate and lookups (alternating rounds, see PartitionsBench.java).
# Uses a throwaway database hookshot_partitions (see common.sh). Needs
# worker/target/hookshot.jar (mvn -B package -DskipTests; or $JAR). ROWS (default 10000000) and ROUNDS (5) can be set.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=${JAR:-$PWD/worker/target/hookshot.jar}
ROWS=${ROWS:-10000000}
ROUNDS=${ROUNDS:-5}
MESSAGES=$((ROWS / 2))
DB=hookshot_partitions
. docs/bench/partitions/common.sh
# v7 without V8; both without V9 (which partitions messages: measured by messages.sh)
"${PG[@]}" -d $DB -c "create schema v7"
for f in $(ls $MIGRATIONS/V*.sql | sort -V); do
  if [[ $f == *V9__* ]]; then break; fi
  if [[ $f != *V8__* ]]; then PGOPTIONS="-c search_path=v7" "${PG[@]}" -d $DB -f "$f"; fi
done
migrate_until v8 V9__
partition_by_day v8 hookshot_attempt
FILL="insert into hookshot_attempt (message_id, attempt, started_at, duration_ms, url, status_code, response_headers,
        response_body, worker_id, outcome)
      select 'm' || i, a, date_trunc('day', now()) - interval '30 days' + (i::float8 / $MESSAGES) * interval '30 days'
             + (a - 1) * interval '1 minute', 40 + i % 200, 'https://receiver.example.com/hooks/' || (i % 100),
             case when a = 1 then 500 else 200 end, '{\"content-type\": \"application/json\"}', '{\"ok\":true}',
             'worker-' || (i % 8), case when a = 1 then 'retrying' else 'delivered' end
        from generate_series(0, $MESSAGES - 1) i, generate_series(1, 2) a"
echo "fill v7 with $ROWS rows: $(measure v7 "$FILL")"
echo "fill v8 with $ROWS rows: $(measure v8 "$FILL")"
freeze_and_size v7 v8 hookshot_attempt
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

#!/usr/bin/env bash
# docs/history-partitions.md's figures for V9: hookshot_message unpartitioned (schema v8, as migrations V1..V8 leave
# it) and partitioned by day (schema v9, V9 then one partition per day, as DayPartitions creates them), each holding
# the same 10 million delivered messages spread over the last 30 days. Measures retention of one day (batched DELETE
# as the pre-V9 RetentionJob did it, against DayPartitions' drop: seconds and WAL bytes), the exporter's whole write
# of delivered messages (HistoryStore.write, the release before V9 on v8 against this one on v9, alternating rounds),
# lookups, and V9 itself on v8's table (see MessagesBench.java).
# Uses a throwaway database hookshot_messages (see common.sh). Needs this release's
# worker/target/hookshot.jar ($JAR) and the previous release's ($OLD_JAR, required: for example
#   git worktree add /tmp/hookshot-v8 68bacf9 && (cd /tmp/hookshot-v8 && mvn -B -q package -pl worker -am -DskipTests)
# then OLD_JAR=/tmp/hookshot-v8/worker/target/hookshot.jar). ROWS (default 10000000) and ROUNDS (5) can be set.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=${JAR:-$PWD/worker/target/hookshot.jar}
: "${OLD_JAR:?set OLD_JAR to the hookshot.jar of the release before V9}"
ROWS=${ROWS:-10000000}
ROUNDS=${ROUNDS:-5}
DB=hookshot_messages
URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres"
. docs/bench/partitions/common.sh
migrate_until v8 V9__
migrate_until v9 V10__
partition_by_day v9 hookshot_message
FILL="insert into hookshot_message (id, queue, url, status, attempts, created_at, updated_at, finished_at,
        last_status_code)
      select 'm' || i, 'q', 'https://receiver.example.com/hooks/' || (i % 100), 'delivered', 1, c,
             c + interval '1 second', c + interval '1 second', 200
        from generate_series(0, $ROWS - 1) i,
             lateral (select date_trunc('day', now()) - interval '30 days' + (i::float8 / $ROWS) * interval '30 days') t(c)"
echo "fill v8 with $ROWS messages: $(measure v8 "$FILL")"
echo "fill v9 with $ROWS messages: $(measure v9 "$FILL")"
freeze_and_size v8 v9 hookshot_message
# Runs MessagesBench $1 in rounds, v8 (the previous release's jar) and v9 (this one's) alternating first.
rounds() {
  for r in $(seq 1 "$ROUNDS"); do
    if [ $((r % 2)) = 1 ]; then order="v8 v9"; else order="v9 v8"; fi
    for schema in $order; do
      jar=$JAR; [ $schema = v8 ] && jar=$OLD_JAR
      echo "round $r $schema: $("$JAVA" -cp "$jar" docs/bench/partitions/MessagesBench.java "$URL&currentSchema=$schema" "$1" "$r" "${@:2}" 2>&1 | grep -v WARN | grep -v INFO)"
    done
  done
}
echo "--- exporter's write of delivered messages (accepted + attempt records, batches of 2000 entries; alternating)"
rounds write 100000
echo "--- lookups by id and 1-hour created_at counts (ms, mean of 200 each per round; alternating)"
rounds lookup 200 "$ROWS"
echo "--- retention of the oldest day ($((ROWS / 30)) messages)"
CUTOFF="date_trunc('day', now()) - interval '29 days'"
# The pre-V9 RetentionJob: finished messages without an archived dead letter, 1000 per statement, each committed.
BATCHED="do \$\$ declare n int; begin loop
  with gone as (delete from hookshot_message where id in (
      select m.id from hookshot_message m
       where m.status in ('delivered', 'dead') and m.finished_at < $CUTOFF
         and not exists (select 1 from hookshot_dead_letter d where d.message_id = m.id) limit 1000)
    returning id) select count(*) into n from gone;
  commit;
  exit when n < 1000;
end loop; end \$\$"
echo "v8 DELETE in batches of 1000: $(measure v8 "$BATCHED")"
echo "v8 vacuum after it: $(measure v8 'vacuum hookshot_message')"
P=$("${PG[@]}" -d $DB -c "select 'hookshot_message_p' || to_char(date_trunc('day', now()) - interval '30 days', 'YYYYMMDD')")
# DayPartitions.drop: the live and archived rows moved to DEFAULT, the day dropped, in one transaction.
DROP="begin; set local lock_timeout = '5s'; lock table hookshot_message in access exclusive mode;
  create temporary table hookshot_message_moving (like hookshot_message) on commit drop;
  with moved as (delete from $P as t where status in ('pending', 'delivering', 'retrying') or status = 'dead'
                   and exists (select 1 from hookshot_dead_letter d where d.message_id = t.id) returning *)
  insert into hookshot_message_moving select * from moved;
  drop table $P; insert into hookshot_message select * from hookshot_message_moving; commit;"
echo "v9 drop of $P (keeping live and archived rows): $(measure v9 "$DROP")"
echo "--- V9 run on v8's unpartitioned table, as an upgrade runs it (one transaction)"
before=$("${PG[@]}" -d $DB -c 'select count(*) from v8.hookshot_message')
echo "V9 on $before messages: $(measure v8 "$(cat $MIGRATIONS/V9__partitioned_messages.sql)")"
echo "rows after: $("${PG[@]}" -d $DB -c 'select count(*) from v8.hookshot_message'), in $("${PG[@]}" -d $DB -c "select string_agg(distinct tableoid::regclass::text, ', ') from v8.hookshot_message")"

# Sourced by partitions.sh and messages.sh (after they set DB): Java 21 or later in $JAVA ($JAVA_HOME, else a
# Temurin 25 or 21 under /usr/lib/jvm), psql as $PG, the throwaway database $DB on 127.0.0.1:5432 (user postgres,
# trust) created now and dropped at exit, the machine's facts printed, and measure.
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ! "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then JAVA=$candidate/bin/java; break; fi
  done
fi
MIGRATIONS=worker/src/main/resources/db/migration
PG=(psql -h 127.0.0.1 -U postgres -qAt -v ON_ERROR_STOP=1)
cleanup() { "${PG[@]}" -c "drop database if exists $DB" 2>/dev/null || true; }
trap cleanup EXIT
cleanup
"${PG[@]}" -c "create database $DB"
date -u +"date: %Y-%m-%d %H:%M UTC"; "${PG[@]}" -d $DB -c 'select version()'; nproc | sed 's/^/cores: /'
now() { date +%s.%N; }
# Runs SQL $2 in schema $1 and prints "seconds WAL-bytes" of it.
measure() {
  local lsn0 lsn1 t0 t1
  lsn0=$("${PG[@]}" -d $DB -c 'select pg_current_wal_insert_lsn()')
  t0=$(now)
  PGOPTIONS="-c search_path=$1" "${PG[@]}" -d $DB -c "$2"
  t1=$(now)
  lsn1=$("${PG[@]}" -d $DB -c 'select pg_current_wal_insert_lsn()')
  echo "$(echo "$t1 - $t0" | bc -l | xargs printf '%.2f') s, $("${PG[@]}" -d $DB -c "select pg_wal_lsn_diff('$lsn1', '$lsn0')" | numfmt --to=iec) WAL"
}
# Creates schema $1 with the migrations up to, not including, the file whose name contains $2.
migrate_until() {
  "${PG[@]}" -d $DB -c "create schema $1"
  for f in $(ls $MIGRATIONS/V*.sql | sort -V); do
    if [[ $f == *"$2"* ]]; then break; fi
    PGOPTIONS="-c search_path=$1" "${PG[@]}" -d $DB -f "$f"
  done
}
# Table $2 of schema $1 as it is 30 days after its migration: the (empty) legacy partition gone, one partition per
# day from 31 days back to 7 ahead.
partition_by_day() {
  PGOPTIONS="-c search_path=$1" "${PG[@]}" -d $DB -c "drop table $2_legacy" -c "do \$\$
    declare d date;
    begin
      for d in select (now() at time zone 'UTC')::date + i from generate_series(-31, 7) i loop
        execute format('create table $2_p%s partition of $2 for values from (%L) to (%L)', to_char(d, 'YYYYMMDD'),
                       d::timestamp at time zone 'UTC', (d + 1)::timestamp at time zone 'UTC');
      end loop;
    end \$\$"
  echo "$1 partitions of $2: $("${PG[@]}" -d $DB -c "select count(*) from pg_inherits where inhparent = '$1.$2'::regclass")"
}
# Readies table $3 of schemas $1 and $2 for measuring (autovacuum off on its partitions, whose WAL would be counted in
# the measurements; VACUUM ANALYZE; a checkpoint) and prints each schema's size of it with its indexes.
freeze_and_size() {
  "${PG[@]}" -d $DB -c "select format('alter table %s set (autovacuum_enabled = off);', c.oid::regclass)
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
   where n.nspname in ('$1', '$2') and c.relname like '$3%' and c.relkind = 'r'" | "${PG[@]}" -d $DB
  "${PG[@]}" -d $DB -c "vacuum analyze $1.$3" -c "vacuum analyze $2.$3" -c checkpoint
  for schema in $1 $2; do
    echo "$schema size with indexes: $("${PG[@]}" -d $DB -c "select pg_size_pretty(sum(pg_total_relation_size(c.oid))) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '$schema' and c.relname like '$3%' and c.relkind = 'r'")"
  done
}

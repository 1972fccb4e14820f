#!/usr/bin/env bash
# The unit costs of docs/capacity.md that docs/performance.md does not already give: Redis memory per waiting job,
# outbox bytes per record, PostgreSQL bytes per history row, and Redis CPU per master of a 3-master cluster.
# Everything on loopback: private redis-servers (ports 6392 and 17111-17113), a receiver on 18231, and a throwaway
# database hookshot_capacity on the PostgreSQL at 127.0.0.1:5432 (user postgres). Needs redis-server, redis-cli,
# psql, python3, Java 21 or later ($JAVA_HOME, else a Temurin 25 or 21 under /usr/lib/jvm) and
# worker/target/hookshot.jar (mvn -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=$PWD/worker/target/hookshot.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ! "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    if [ -x "$candidate/bin/java" ]; then JAVA=$candidate/bin/java; break; fi
  done
fi
DIR=$(mktemp -d)
PG=(psql -h 127.0.0.1 -U postgres -qAt)
PAYLOAD=$(python3 -c 'import json;print(json.dumps({"order":42,"items":[{"sku":"sku-%04d"%i,"qty":i%5+1,"price":1999} for i in range(18)],"note":"x"*60}))')
used() { redis-cli -p "$1" info memory | sed -n 's/^used_memory:\([0-9]*\).*/\1/p' | tr -d '\r'; }
cpu() { redis-cli -p "$1" info cpu | awk -F: '/used_cpu_(sys|user):/{s+=$2} END{printf "%.3f", s}'; }
outbox() {
  local total=0 key
  for key in $(redis-cli -p "$1" --scan --pattern "{hookshot:$2:*}:outbox"); do
    total=$((total + $(redis-cli -p "$1" memory usage "$key" samples 0)))
  done
  echo "$total"
}
RECEIVER="" WORKER=""
cleanup() {
  for pid in $WORKER $RECEIVER; do kill "$pid" 2>/dev/null || true; done
  for port in 6392 17111 17112 17113; do redis-cli -p $port shutdown nosave >/dev/null 2>&1 || true; done
  "${PG[@]}" -c 'drop database if exists hookshot_capacity' 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
python3 - <<'PY' &
import http.server, socketserver
class Ok(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('content-length', 0)))
        self.send_response(200); self.send_header('content-length', '0'); self.end_headers()
    def log_message(self, *args): pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(('127.0.0.1', 18231), Ok).serve_forever()
PY
RECEIVER=$!
redis-server --port 6392 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --dir "$DIR" --logfile "$DIR/redis.log"
sleep 0.5
echo "payload: ${#PAYLOAD} bytes"

# 1. Redis memory per waiting job: 20,000 messages due in an hour
export HOOKSHOT_REDIS_URL=redis://127.0.0.1:6392 HOOKSHOT_QUEUE=waiting
before=$(used 6392)
"$JAVA" -jar "$JAR" send --url http://127.0.0.1:18231/orders --data "$PAYLOAD" --delay 1h --count 20000 > /dev/null 2>&1
echo "Redis memory per waiting job: $(( ($(used 6392) - before) / 20000 )) bytes; of which its 'accepted' outbox record: $(( $(outbox 6392 waiting) / 20000 )) bytes"

# 2. Outbox bytes per 'attempt' record: a worker delivers 5,000 while PostgreSQL is unreachable, so the records stay
export HOOKSHOT_QUEUE=attempts HOOKSHOT_DATABASE_URL=jdbc:postgresql://127.0.0.1:1/none
export HOOKSHOT_ALLOWED_NETWORKS=127.0.0.0/8 HOOKSHOT_HTTP_PORT=18232
"$JAVA" -jar "$JAR" send --url http://127.0.0.1:18231/orders --data "$PAYLOAD" --count 5000 > /dev/null 2>&1
accepted=$(outbox 6392 attempts)
"$JAVA" -jar "$JAR" worker > "$DIR/worker.log" 2>&1 &
WORKER=$!
for _ in $(seq 120); do
  [ "$(redis-cli -p 6392 --scan --pattern '{hookshot:attempts:*}:job:*' | head -1)" = "" ] && break
  sleep 1
done
sleep 2
echo "outbox bytes per 'attempt' record (delivered): $(( ($(outbox 6392 attempts) - accepted) / 5000 ))"
kill "$WORKER"; wait "$WORKER" 2>/dev/null || true; WORKER=""

# 3. PostgreSQL bytes per history row: a 20,000-message burst, rows kept
"${PG[@]}" -c 'drop database if exists hookshot_capacity' -c 'create database hookshot_capacity'
export HOOKSHOT_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/hookshot_capacity HOOKSHOT_DATABASE_USER=postgres
unset HOOKSHOT_QUEUE
"$JAVA" -jar "$JAR" bench --scenario burst --messages 20000 --warmup 0 --keep --timeout 300s > "$DIR/bench.txt" 2>&1
"${PG[@]}" -d hookshot_capacity -c 'vacuum analyze'
"${PG[@]}" -d hookshot_capacity -F ' ' -c "
  select 'PostgreSQL bytes per', 'attempt row: table', pg_relation_size('hookshot_attempt') / count(*),
         'with indexes', pg_total_relation_size('hookshot_attempt') / count(*) from hookshot_attempt
  union all
  select 'PostgreSQL bytes per', 'message row: table', pg_relation_size('hookshot_message') / count(*),
         'with indexes', pg_total_relation_size('hookshot_message') / count(*) from hookshot_message"

# 4. Redis CPU per master of a 3-master cluster: the fanout scenario, whose endpoints spread over the partitions
nodes=()
for port in 17111 17112 17113; do
  mkdir -p "$DIR/$port"
  redis-server --port $port --bind 127.0.0.1 --cluster-enabled yes --save '' --appendonly no --daemonize yes \
    --dir "$DIR/$port" --logfile "$DIR/$port/log"
  nodes+=("127.0.0.1:$port")
done
sleep 0.5
redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes > /dev/null
for _ in $(seq 100); do redis-cli -p 17111 cluster info | grep -q cluster_state:ok && break; sleep 0.1; done
sleep 1
export HOOKSHOT_REDIS_URL=redis-cluster://127.0.0.1:17111,127.0.0.1:17112,127.0.0.1:17113
before=($(cpu 17111) $(cpu 17112) $(cpu 17113))
"$JAVA" -jar "$JAR" bench --scenario fanout --messages 20000 --warmup 0 --timeout 300s > "$DIR/cluster.txt" 2>&1
after=($(cpu 17111) $(cpu 17112) $(cpu 17113))
grep -E '^fanout' "$DIR/cluster.txt" | tail -1
for i in 0 1 2; do
  python3 -c "print('master %d: %.2f s of CPU, %.0f us per message' % ($((17111 + i)), ${after[$i]} - ${before[$i]}, (${after[$i]} - ${before[$i]}) * 1e6 / 20000))"
done

#!/usr/bin/env bash
# Hookshot and BullMQ side by side, on one receiver, in one run (issue #13). See README.md in this folder.
#
#   docs/bench/compare/compare.sh [--messages N] [--rounds N] [--warmup N] [--bullmq-warmup N] [--no-cold]
#                                 [--aot-cache FILE] [--hookshot-concurrency N] [--bullmq-concurrency N]
#                                 [--run-timeout SECONDS] [--results]
#
# 1. npm ci (when node_modules is missing or older than package-lock.json); start receiver.js, a process of its own.
# 2. --rounds rounds, each: BullMQ (bullmq-bench.js, one worker process, --bullmq-warmup jobs first); Hookshot warm
#    (hookshot.jar bench --processes --scenario burst after --warmup messages); Hookshot cold (--warmup 0: fresh
#    worker process; left out with --no-cold); with --aot-cache, Hookshot cold again, its fresh worker started with
#    -XX:AOTCache=FILE (state "aot"; make the cache as docs/operations.md shows, from the same jar). All post to the
#    same receiver; before each run its ids are reset.
# 3. Each run's rate is the receiver's: its last --messages new webhook-ids, first to last seen (/stats?last=N).
#    Around each run: the receiver's CPU time (/proc) and Redis's (redis-cli INFO cpu), per delivery of the run
#    (warm-up included). The tools' own JSON lines (CPU of the measured burst alone) are kept in the raw lines.
# 4. Prints a table (ratio: rate / BullMQ's median rate) on stdout; progress on stderr. With --results, writes the
#    raw JSON lines and the table to docs/bench-runs/<date>-compare/.
# Loopback only: the receiver listens on 127.0.0.1; Redis and PostgreSQL must be local. Every wait is bounded.
# Needs: Node 20+, java 21+ (JAVA_HOME or PATH), jq, curl, redis-cli, worker/target/hookshot.jar.
set -euo pipefail

readonly DEFAULT_MESSAGES=20000
readonly DEFAULT_ROUNDS=3
readonly DEFAULT_WARMUP=60000
readonly DEFAULT_HOOKSHOT_CONCURRENCY=100
readonly DEFAULT_BULLMQ_CONCURRENCY=50
readonly DEFAULT_RUN_TIMEOUT=900
readonly DEFAULT_REDIS_URL=redis://127.0.0.1:6379
readonly DEFAULT_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/postgres
readonly RECEIVER_START_TIMEOUT=30
readonly NPM_TIMEOUT=600
readonly HTTP_TIMEOUT=10
readonly STOP_GRACE=15

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
jar="$repo/worker/target/hookshot.jar"

die() {
  echo "compare.sh: $*" >&2
  exit 2
}

progress() {
  echo "compare: $*" >&2
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  cat <<EOF
Defaults: --messages $DEFAULT_MESSAGES, --rounds $DEFAULT_ROUNDS, --warmup $DEFAULT_WARMUP, --bullmq-warmup = --warmup,
--hookshot-concurrency $DEFAULT_HOOKSHOT_CONCURRENCY, --bullmq-concurrency $DEFAULT_BULLMQ_CONCURRENCY,
--run-timeout $DEFAULT_RUN_TIMEOUT (seconds, per bench command), HOOKSHOT_REDIS_URL=$DEFAULT_REDIS_URL,
HOOKSHOT_DATABASE_URL=$DEFAULT_DATABASE_URL.
EOF
}

# integer NAME VALUE MIN: VALUE, or exit naming the option.
integer() {
  [[ $2 =~ ^[0-9]+$ ]] && (($2 >= $3)) || die "$1 must be an integer of at least $3, got '$2'"
  echo "$2"
}

messages=$DEFAULT_MESSAGES
rounds=$DEFAULT_ROUNDS
warmup=$DEFAULT_WARMUP
bullmq_warmup=
hookshot_concurrency=$DEFAULT_HOOKSHOT_CONCURRENCY
bullmq_concurrency=$DEFAULT_BULLMQ_CONCURRENCY
run_timeout=$DEFAULT_RUN_TIMEOUT
cold=true
aot_cache=
write_results=false
while (($# > 0)); do
  case $1 in
    --messages | --rounds | --warmup | --bullmq-warmup | --hookshot-concurrency | --bullmq-concurrency | --run-timeout)
      (($# >= 2)) || die "$1 needs a value"
      case $1 in
        --messages) messages=$(integer "$1" "$2" 1) ;;
        --rounds) rounds=$(integer "$1" "$2" 1) ;;
        --warmup) warmup=$(integer "$1" "$2" 0) ;;
        --bullmq-warmup) bullmq_warmup=$(integer "$1" "$2" 0) ;;
        --hookshot-concurrency) hookshot_concurrency=$(integer "$1" "$2" 1) ;;
        --bullmq-concurrency) bullmq_concurrency=$(integer "$1" "$2" 1) ;;
        --run-timeout) run_timeout=$(integer "$1" "$2" 60) ;;
      esac
      shift 2
      ;;
    --no-cold) cold=false; shift ;;
    --aot-cache)
      (($# >= 2)) || die "$1 needs a value"
      [[ -s $2 ]] || die "--aot-cache: no AOT cache at '$2' (make one as docs/operations.md shows)"
      aot_cache=$(realpath "$2")
      shift 2
      ;;
    --results) write_results=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
bullmq_warmup=${bullmq_warmup:-$warmup}

export HOOKSHOT_REDIS_URL=${HOOKSHOT_REDIS_URL:-$DEFAULT_REDIS_URL}
export HOOKSHOT_DATABASE_URL=${HOOKSHOT_DATABASE_URL:-$DEFAULT_DATABASE_URL}

# loopback NAME URL: exit unless the URL's host is 127.0.0.1, localhost or ::1.
loopback() {
  local host
  host=$(sed -E 's#^[a-z:]+//([^@/]*@)?(\[[^]]*\]|[^:/]*).*#\2#' <<<"$2")
  [[ $host == 127.0.0.1 || $host == localhost || $host == '[::1]' ]] \
    || die "$1 must point to this machine (127.0.0.1, localhost or [::1]): the comparison runs on loopback only"
}
loopback HOOKSHOT_REDIS_URL "$HOOKSHOT_REDIS_URL"
loopback HOOKSHOT_DATABASE_URL "$HOOKSHOT_DATABASE_URL"
[[ $HOOKSHOT_REDIS_URL == redis://* ]] || die "HOOKSHOT_REDIS_URL must be a redis:// URL of one server"

for tool in node jq curl redis-cli timeout; do
  command -v "$tool" >/dev/null || die "$tool is needed and not on PATH"
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "Node 20 or later is needed, found $(node -v)"
java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
java_major=$("$java_cmd" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ ${java_major:-0} =~ ^[0-9]+$ ]] && ((java_major >= 21)) \
  || die "java 21 or later is needed (set JAVA_HOME); $java_cmd is ${java_major:-unknown}"
[[ -f $jar ]] || die "$jar is missing; build it: mvn -B -q -pl worker -am package -DskipTests"
clk_tck=$(getconf CLK_TCK)

if [[ ! -d $here/node_modules || $here/package-lock.json -nt $here/node_modules/.package-lock.json ]]; then
  progress "npm ci ..."
  (cd "$here" && timeout "$NPM_TIMEOUT" npm ci --no-audit --no-fund >&2) || die "npm ci failed"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hookshot-compare-XXXXXX")
receiver_pid=
cleanup() {
  if [[ -n $receiver_pid ]] && kill -0 "$receiver_pid" 2>/dev/null; then
    kill "$receiver_pid" 2>/dev/null || true
    for _ in $(seq 1 "$STOP_GRACE"); do
      kill -0 "$receiver_pid" 2>/dev/null || break
      sleep 1
    done
    kill -9 "$receiver_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

node "$here/receiver.js" 0 >"$work/receiver.out" 2>"$work/receiver.err" &
receiver_pid=$!
for _ in $(seq 1 $((RECEIVER_START_TIMEOUT * 10))); do
  grep -q '^port=' "$work/receiver.out" && break
  kill -0 "$receiver_pid" 2>/dev/null || die "the receiver exited at start: $(cat "$work/receiver.err")"
  sleep 0.1
done
read -r port_field pid_field <"$work/receiver.out" || true
[[ ${port_field:-} == port=* ]] || die "the receiver printed no port within ${RECEIVER_START_TIMEOUT}s"
port=${port_field#port=}
[[ ${pid_field#pid=} == "$receiver_pid" ]] || die "the receiver reported pid ${pid_field#pid=}, started $receiver_pid"
receiver="http://127.0.0.1:$port"
progress "receiver $receiver/hook, pid $receiver_pid; raw lines in $work/results.jsonl"

# CPU seconds of a process so far (utime + stime from /proc; the fields after the parenthesised name).
process_cpu() {
  sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$clk_tck" '{ printf "%.3f", ($12 + $13) / hz }'
}

# Redis's CPU seconds so far (used_cpu_user + used_cpu_sys).
redis_cpu() {
  timeout "$HTTP_TIMEOUT" redis-cli -u "$HOOKSHOT_REDIS_URL" info cpu | tr -d '\r' \
    | awk -F: '/^used_cpu_user:/ { u = $2 } /^used_cpu_sys:/ { s = $2 } END { printf "%.3f", u + s }'
}

difference() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'
}

receiver_get() {
  curl -sS --max-time "$HTTP_TIMEOUT" "$@"
}

# run SYSTEM STATE ROUND WARMUP [WORKER_JVM_OPTIONS]: one bench command against the receiver; appends one JSON line
# to results.jsonl.
run() {
  local system=$1 state=$2 round=$3 run_warmup=$4 jvm_options=${5:-} out="$work/$1-$2-$3.out" rc=0
  local err="$work/$1-$2-$3.err"
  local load receiver_before redis_before receiver_after redis_after stats tool
  progress "round $round: $system $state (warm-up $run_warmup, $messages measured) ..."
  receiver_get -X POST "$receiver/reset" >/dev/null
  load=$(cut -d' ' -f1 /proc/loadavg)
  receiver_before=$(process_cpu "$receiver_pid")
  redis_before=$(redis_cpu)
  if [[ $system == bullmq ]]; then
    timeout --kill-after="$STOP_GRACE" "$run_timeout" node "$here/bullmq-bench.js" --target "$receiver/hook" \
      --messages "$messages" --warmup "$run_warmup" --concurrency "$bullmq_concurrency" \
      --receiver-pid "$receiver_pid" --redis "$HOOKSHOT_REDIS_URL" --timeout $((run_timeout / 2)) \
      >"$out" 2>"$err" || rc=$?
  else
    (cd "$repo" && timeout --kill-after="$STOP_GRACE" "$run_timeout" "$java_cmd" -jar "$jar" bench --processes \
      --scenario burst --concurrency "$hookshot_concurrency" --messages "$messages" --warmup "$run_warmup" \
      --target "$receiver/hook" --receiver-pid "$receiver_pid" ${jvm_options:+--worker-jvm-options "$jvm_options"}) \
      >"$out" 2>"$err" || rc=$?
  fi
  receiver_after=$(process_cpu "$receiver_pid")
  redis_after=$(redis_cpu)
  stats=$(receiver_get "$receiver/stats?last=$messages")
  tool=$(grep '^{' "$out" | tail -n 1 || true)
  if ((rc != 0)); then
    progress "$system $state exited $rc; its output is in $out and $err:"
    tail -n 5 "$err" >&2 || true
  fi
  jq -nc --arg system "$system" --arg state "$state" --argjson round "$round" --argjson messages "$messages" \
    --argjson warmup "$run_warmup" --argjson exitCode "$rc" --argjson loadAverage "$load" \
    --argjson receiverCpu "$(difference "$receiver_after" "$receiver_before")" \
    --argjson redisCpu "$(difference "$redis_after" "$redis_before")" \
    --argjson receiver "$stats" --argjson tool "${tool:-null}" '
    ($receiver.uniqueIds) as $deliveries
    | ($exitCode == 0 and $receiver.last.complete and $deliveries >= $warmup + $messages) as $ok
    | { kind: "run", system: $system, workerState: $state, round: $round, messages: $messages, warmup: $warmup,
        ok: $ok, exitCode: $exitCode,
        ratePerSecond: (if $ok then $receiver.last.ratePerSecond else null end),
        deliveries: $deliveries, requests: $receiver.requests,
        receiverCpuSeconds: $receiverCpu, redisCpuSeconds: $redisCpu,
        receiverMicrosPerDelivery: (if $deliveries > 0 then $receiverCpu * 1e6 / $deliveries else null end),
        redisMicrosPerDelivery: (if $deliveries > 0 then $redisCpu * 1e6 / $deliveries else null end),
        loadAverage: $loadAverage, receiver: $receiver, tool: $tool }' >>"$work/results.jsonl"
}

jq -nc --arg started "$(date -u +%FT%TZ)" --argjson cores "$(nproc)" --arg node "$(node -v)" \
  --arg java "$("$java_cmd" -version 2>&1 | head -n 1)" \
  --arg redis "$(timeout "$HTTP_TIMEOUT" redis-cli -u "$HOOKSHOT_REDIS_URL" info server | tr -d '\r' \
    | sed -n 's/^redis_version://p')" \
  --argjson messages "$messages" --argjson rounds "$rounds" --argjson warmup "$warmup" \
  --argjson bullmqWarmup "$bullmq_warmup" --argjson hookshotConcurrency "$hookshot_concurrency" \
  --argjson bullmqConcurrency "$bullmq_concurrency" --argjson cold "$cold" \
  '{kind: "setup", started: $started, cores: $cores, node: $node, java: $java, redis: $redis, messages: $messages,
    rounds: $rounds, warmup: $warmup, bullmqWarmup: $bullmqWarmup, hookshotConcurrency: $hookshotConcurrency,
    bullmqConcurrency: $bullmqConcurrency, cold: $cold}' >"$work/results.jsonl"

state_after() {
  if (($1 > 0)); then echo warm; else echo cold; fi
}
for round in $(seq 1 "$rounds"); do
  run bullmq "$(state_after "$bullmq_warmup")" "$round" "$bullmq_warmup"
  run hookshot "$(state_after "$warmup")" "$round" "$warmup"
  if [[ $cold == true ]] && ((warmup > 0)); then
    run hookshot cold "$round" 0
  fi
  if [[ -n $aot_cache ]]; then
    run hookshot aot "$round" 0 "-XX:AOTCache=$aot_cache"
  fi
done

jq -rs -f "$here/table.jq" "$work/results.jsonl" | tee "$work/table.txt"

if [[ $write_results == true ]]; then
  dir="$repo/docs/bench-runs/$(date +%F)-compare"
  mkdir -p "$dir"
  stamp=$(date +%H%M%S)
  cp "$work/results.jsonl" "$dir/results-$stamp.jsonl"
  cp "$work/table.txt" "$dir/table-$stamp.txt"
  progress "wrote $dir/results-$stamp.jsonl and table-$stamp.txt"
fi
jq -se 'map(select(.kind == "run")) | all(.ok)' "$work/results.jsonl" >/dev/null

#!/usr/bin/env bash
# Load balancing with a slow backend: three backends on loopback, one 20x slower than the other
# two (100 ms against 5 ms, healthy all along), Gatehouse in front with each --lb policy in turn,
# wrk against it. Prints, per policy, each backend's share of the requests and the latency the
# clients saw (p50, p90, p99). Results: bench/RESULTS.md. Run with --help for the options.
#
#   bench/lb-shares.sh                          # 5 policies, 16 connections, 15 s each
#   bench/lb-shares.sh --policies p2c,peak-ewma --duration 30
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

DURATION=15
WARMUP=5
CONNECTIONS=16
THREADS=2
FAST_MS=5
SLOW_MS=100
POLICIES=round-robin,random,least-requests,p2c,peak-ewma
BUILD=1
BASE_PORT=18180
OUT_DIR=
JVM_FLAGS=${JVM_FLAGS:--Xms256m -Xmx256m -XX:+UseParallelGC}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/examples/target/gatehouse-examples.jar}
BENCH_JAR=${BENCH_JAR:-$ROOT/bench/target/benchmarks.jar}

usage() {
    cat <<EOF
usage: bench/lb-shares.sh [options]

  --policies LIST     comma list of --lb values (default ${POLICIES})
  --duration SEC      measured seconds per policy (default ${DURATION})
  --warmup SEC        warm-up seconds per policy, not counted (default ${WARMUP})
  --connections N     wrk connections (default ${CONNECTIONS})
  --threads N         wrk threads (default ${THREADS})
  --fast-ms MS        service time of the two fast backends (default ${FAST_MS})
  --slow-ms MS        service time of the slow one (default ${SLOW_MS})
  --no-build          use the jars already built (GATEHOUSE_JAR, BENCH_JAR)
  --base-port P       ports P+1..P+5 on 127.0.0.1 (default ${BASE_PORT})
  --out DIR           keep logs and raw wrk outputs here (default: a temp dir, kept on failure)
  -h, --help
Environment: JVM_FLAGS (the proxy; default "${JVM_FLAGS}"), GATEHOUSE_JAR, BENCH_JAR.
EOF
}


while [[ $# -gt 0 ]]; do
    case "$1" in
        --policies) POLICIES=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --fast-ms) FAST_MS=$2; shift 2 ;;
        --slow-ms) SLOW_MS=$2; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --base-port) BASE_PORT=$2; shift 2 ;;
        --out) OUT_DIR=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

P_FAST1=$((BASE_PORT + 1))
P_SLOW=$((BASE_PORT + 2))
P_FAST2=$((BASE_PORT + 3))
P_CONTROL=$((BASE_PORT + 4))
P_PROXY=$((BASE_PORT + 5))

bench_workdir gatehouse-lb-shares
[[ -n $OUT_DIR ]] && KEEP_WORK=1






# wait_pid_http PID URL LOG: wait (60 s at most) until URL answers 200, failing early if PID died.
wait_pid_http() {
    local pid=$1 url=$2 logfile=$3 i code
    for i in $(seq 1 600); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
        [[ $code == 200 ]] && return 0
        if ! alive "$pid"; then
            tail -n 30 "$logfile" >&2 || true
            die "process $pid exited before answering $url"
        fi
        sleep 0.1
    done
    die "$url did not answer 200 within 60 s"
}

# to_ms VALUE: wrk's "512.00us", "1.20ms", "2.01s", "1.5m" in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.1f", n }'
}

# count PORT COUNTS: the count of one backend in SlowBackends' "PORT=N PORT=N ..." line.
count() { tr ' ' '\n' <<<"$2" | awk -F= -v p="$1" '$1 == p { print $2 }'; }

command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
for port in "$P_FAST1" "$P_SLOW" "$P_FAST2" "$P_CONTROL" "$P_PROXY"; do
    port_free "$port" || die "port $port on 127.0.0.1 is taken (use --base-port)"
done

if [[ $BUILD == 1 ]]; then
    log "building (mvn -q -DskipTests package)"
    (cd "$ROOT" && mvn -q -DskipTests package) >&2
fi
[[ -f $GATEHOUSE_JAR ]] || die "missing $GATEHOUSE_JAR (build it, or drop --no-build)"
[[ -f $BENCH_JAR ]] || die "missing $BENCH_JAR (build it, or drop --no-build)"

log "backends: 127.0.0.1:$P_FAST1 and :$P_FAST2 answer after ${FAST_MS} ms, :$P_SLOW after ${SLOW_MS} ms"
java -Xmx256m -cp "$BENCH_JAR" io.gatehouse.bench.SlowBackends "$P_FAST1,$P_SLOW,$P_FAST2" \
    "$FAST_MS,$SLOW_MS,$FAST_MS" "$P_CONTROL" >"$RESULTS_DIR/backends.log" 2>&1 &
BACKENDS_PID=$!
PIDS+=("$BACKENDS_PID")
wait_pid_http "$BACKENDS_PID" "http://127.0.0.1:$P_CONTROL/counts" "$RESULTS_DIR/backends.log"

ROWS=()
IFS=, read -r -a POLICY_LIST <<<"$POLICIES"
for policy in "${POLICY_LIST[@]}"; do
    log "$policy: starting Gatehouse (--lb $policy)"
    # shellcheck disable=SC2086
    java $JVM_FLAGS -jar "$GATEHOUSE_JAR" proxy --listen "127.0.0.1:$P_PROXY" --lb "$policy" \
        --to "http://127.0.0.1:$P_FAST1" --to "http://127.0.0.1:$P_SLOW" --to "http://127.0.0.1:$P_FAST2" \
        >"$RESULTS_DIR/proxy-$policy.log" 2>&1 &
    proxy_pid=$!
    PIDS+=("$proxy_pid")
    wait_pid_http "$proxy_pid" "http://127.0.0.1:$P_PROXY/" "$RESULTS_DIR/proxy-$policy.log"

    log "$policy: warm-up ${WARMUP} s"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$P_PROXY/" >/dev/null
    curl -s "http://127.0.0.1:$P_CONTROL/reset" >/dev/null

    log "$policy: measuring ${DURATION} s, ${CONNECTIONS} connections"
    out=$RESULTS_DIR/wrk-$policy.txt
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$P_PROXY/" >"$out"
    counts=$(curl -s "http://127.0.0.1:$P_CONTROL/counts")
    stop_pid "$proxy_pid"

    fast1=$(count "$P_FAST1" "$counts")
    slow=$(count "$P_SLOW" "$counts")
    fast2=$(count "$P_FAST2" "$counts")
    total=$((fast1 + slow + fast2))
    [[ $total -gt 0 ]] || die "$policy: no request reached a backend (see $out)"
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
    p50=$(to_ms "$(awk '/^ +50%/ {print $2}' "$out")")
    p90=$(to_ms "$(awk '/^ +90%/ {print $2}' "$out")")
    p99=$(to_ms "$(awk '/^ +99%/ {print $2}' "$out")")
    errors=$(awk '/Socket errors:/ {gsub(/,/, ""); e += $4 + $6 + $8 + $10} /Non-2xx or 3xx/ {e += $NF} END {print e + 0}' "$out")
    share() { awk -v n="$1" -v t="$total" 'BEGIN {printf "%.1f %%", 100 * n / t}'; }
    ROWS+=("| $policy | $total | $(share "$slow") | $(share "$fast1") | $(share "$fast2") | $rps | $p50 | $p90 | $p99 | $errors |")
done

echo
echo "Three backends on 127.0.0.1: two answer after ${FAST_MS} ms, one after ${SLOW_MS} ms; wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
echo "through gatehouse proxy --lb POLICY (JVM: $JVM_FLAGS), after ${WARMUP} s of warm-up. Shares are of the requests the"
echo "backends counted during the measured run; latency is what wrk saw."
echo
echo "| policy | requests | slow backend (${SLOW_MS} ms) | fast 1 (${FAST_MS} ms) | fast 2 (${FAST_MS} ms) | req/s | p50 ms | p90 ms | p99 ms | errors |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"

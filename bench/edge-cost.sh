#!/usr/bin/env bash
# What the edge checks cost: two `gatehouse proxy` instances in front of one nginx origin on
# loopback, one plain ("off"), one with an allow list and a per-client rate limit ("on": every
# request is checked against the list and takes a token from its client's bucket; the limit is
# set so high that none is refused). wrk drives each in interleaved rounds; the ratio on ÷ off
# of the median req/s (and of CPU per request) is the figure. See bench/README.md.
#
#   bench/edge-cost.sh                 # 1 KiB, 50 connections, 5 rounds of 10 s each way
#   bench/edge-cost.sh --quick         # smoke run (about 1 minute)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

ROUNDS=5
DURATION=10
WARMUP=20
CONNECTIONS=50
THREADS=2
BUILD=1
BASE_PORT=18280
OUT_DIR=
JVM_FLAGS=${JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseParallelGC}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/examples/target/gatehouse-examples.jar}
# The edge options of the "on" instance: the client (127.0.0.1) is on the allow list, and the
# bucket (one per client address) refills far faster than any loopback run can drain it.
# The "on" row's label in the table (bench/observe-cost.sh sets its own).
ON_LABEL=${ON_LABEL:-allow list + rate limit}
# What shows the "on" instance is on: a response header, and a text its log must hold (empty: not checked).
ON_CHECK_HEADER=${ON_CHECK_HEADER-RateLimit-Policy}
ON_CHECK_LOG=${ON_CHECK_LOG-}
# The file ON_CHECK_LOG is looked for in (default: the "on" instance's own log).
ON_CHECK_LOG_FILE=${ON_CHECK_LOG_FILE-}
EDGE_OPTIONS=${EDGE_OPTIONS:---allow 127.0.0.0/8 --allow 10.0.0.0/8 --allow 192.168.0.0/16 --allow ::1 --rate-limit 10000000/s:10000000}

usage() {
    cat <<EOF
usage: bench/edge-cost.sh [options]

  --rounds N          interleaved rounds, median reported (default $ROUNDS, at least 3)
  --duration SEC      seconds per measured wrk run (default $DURATION)
  --warmup SEC        warm-up of each instance (default $WARMUP)
  --connections N     wrk connections (default $CONNECTIONS)
  --threads N         wrk threads (default $THREADS)
  --quick             smoke run: 3 rounds of 3 s, 5 s warm-up
  --no-build          use the jar already built (GATEHOUSE_JAR)
  --base-port P       ports P..P+2 on 127.0.0.1 (default $BASE_PORT)
  --out DIR           keep logs and raw wrk outputs here (default: a temp dir, kept on failure)
  -h, --help
Environment: JVM_FLAGS (both instances; default "$JVM_FLAGS"), GATEHOUSE_JAR,
EDGE_OPTIONS (the "on" instance's options; default "$EDGE_OPTIONS").
EOF
}


while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --duration) DURATION=${2:?}; shift 2 ;;
        --warmup) WARMUP=${2:?}; shift 2 ;;
        --connections) CONNECTIONS=${2:?}; shift 2 ;;
        --threads) THREADS=${2:?}; shift 2 ;;
        --quick) ROUNDS=3; DURATION=3; WARMUP=5; shift ;;
        --no-build) BUILD=0; shift ;;
        --base-port) BASE_PORT=${2:?}; shift 2 ;;
        --out) OUT_DIR=${2:?}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
[[ $ROUNDS -ge 3 ]] || die "--rounds: $ROUNDS (expected: at least 3, the median needs them)"

P_ORIGIN=$BASE_PORT
declare -A PORT=([off]=$((BASE_PORT + 1)) [on]=$((BASE_PORT + 2)))
ORIGIN_URL=http://127.0.0.1:$P_ORIGIN

bench_workdir edge-cost






for tool in wrk nginx curl java; do
    command -v "$tool" >/dev/null 2>&1 || die "needs $tool (bench/load.sh installs wrk and nginx)"
done
for p in "$P_ORIGIN" "${PORT[off]}" "${PORT[on]}"; do
    port_free "$p" || die "port $p on 127.0.0.1 is taken (use --base-port)"
done

if [[ $BUILD == 1 ]]; then
    log "building Gatehouse (mvn -q -DskipTests package -pl examples -am)"
    (cd "$ROOT" && mvn -q -B -DskipTests package -pl examples -am)
fi
[[ -f $GATEHOUSE_JAR ]] || die "missing $GATEHOUSE_JAR (run without --no-build)"

# The origin: nginx serving a 1 KiB file, keep-alive, no logs (as bench/load.sh's).
start_origin() {
    local dir=$WORK/origin
    mkdir -p "$dir/www"
    head -c 1024 /dev/urandom >"$dir/www/1k"
    {
        if [[ $(id -u) -eq 0 ]]; then echo "user root;"; fi
        cat <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy_temp;
    fastcgi_temp_path $dir/fastcgi_temp;
    uwsgi_temp_path $dir/uwsgi_temp;
    scgi_temp_path $dir/scgi_temp;
    keepalive_timeout 120s;
    keepalive_requests 1000000;
    default_type application/octet-stream;
    sendfile on;
    server {
        listen 127.0.0.1:$P_ORIGIN;
        root $dir/www;
    }
}
EOF
    } >"$dir/nginx.conf"
    nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$WORK/origin.log" 2>&1 &
    started origin $!
    wait_http origin "$ORIGIN_URL/1k"
}

start_gatehouse() {
    local name=$1 port=$2
    shift 2
    # shellcheck disable=SC2086
    java $JVM_FLAGS -jar "$GATEHOUSE_JAR" proxy --listen "127.0.0.1:$port" --to "$ORIGIN_URL" "$@" \
        >"$WORK/$name.log" 2>&1 &
    started "$name" $!
    wait_http "$name" "http://127.0.0.1:$port/1k"
}

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# measure NAME ROUND: one wrk run; appends "name round requests req/s p50 p99 cpu-ticks errors".
measure() {
    local name=$1 round=$2 out=$RESULTS_DIR/wrk-$1-$2.txt before after
    before=$(cpu_ticks "${PID_OF[$name]}")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:${PORT[$name]}/1k" >"$out" 2>&1 || true
    after=$(cpu_ticks "${PID_OF[$name]}")
    local requests rps p50 p99 errors non2xx
    requests=$(awk '/requests in/ {print $1}' "$out")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    errors=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
    [[ -n $requests && -n $rps ]] || { cat "$out" >&2; die "wrk against $name gave no result"; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$requests" "$rps" "$p50" "$p99" \
        "$((after - before))" "$(( ${errors:-0} + ${non2xx:-0} ))" >>"$RESULTS_DIR/runs.tsv"
    log "  $name round $round: $rps req/s, p50 $p50, p99 $p99, errors $(( ${errors:-0} + ${non2xx:-0} ))"
}

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "work dir $WORK"
start_origin
log "starting gatehouse off (port ${PORT[off]}) and on (port ${PORT[on]}: $EDGE_OPTIONS)"
start_gatehouse off "${PORT[off]}"
# shellcheck disable=SC2086
start_gatehouse on "${PORT[on]}" $EDGE_OPTIONS
# A refused request would make the "on" figure meaningless: check the edge lets the bench through.
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT[on]}/1k")
[[ $code == 200 ]] || die "the 'on' instance answered $code, not 200"
if [[ -n $ON_CHECK_HEADER ]]; then
    curl -s -D - -o /dev/null "http://127.0.0.1:${PORT[on]}/1k" | grep -qi "^$ON_CHECK_HEADER:" \
        || die "the 'on' instance sends no $ON_CHECK_HEADER: is the rate limit on?"
fi
if [[ -n $ON_CHECK_LOG ]]; then
    check_file=${ON_CHECK_LOG_FILE:-$WORK/on.log}
    for _ in $(seq 50); do grep -q -- "$ON_CHECK_LOG" "$check_file" && break; sleep 0.1; done
    grep -q -- "$ON_CHECK_LOG" "$check_file" || die "the 'on' instance's log ($check_file) has no '$ON_CHECK_LOG'"
fi

for name in off on; do
    log "warming $name for ${WARMUP} s"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:${PORT[$name]}/1k" >/dev/null 2>&1 || true
done
: >"$RESULTS_DIR/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
    # Alternate the order (off on, on off, ...) so that a drift in the machine's load hits both alike.
    if (( round % 2 )); then order="off on"; else order="on off"; fi
    for name in $order; do
        measure "$name" "$round"
    done
done

echo
echo "machine: $(nproc) cores, load average $LOAD_AT_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
echo "java: $(java -version 2>&1 | head -n 1); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds, 1 KiB"
echo "on: $EDGE_OPTIONS"
echo
awk -F'\t' -v tck="$CLK_TCK" -v label="$ON_LABEL" '
function median(list,    a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ rps[$1] = rps[$1] " " $4; req[$1] += $3; cpu[$1] += $7; err[$1] += $8; byRound[$1, $2] = $4; if ($2 > rounds) rounds = $2 }
END {
    for (k in rps) { R[k] = median(rps[k]); C[k] = cpu[k] * 1000000 / tck / req[k] }
    print "| instance | req/s (median) | proxy CPU µs/req | errors | req/s of each round |"
    print "|---|---:|---:|---:|---|"
    printf "| off | %.0f | %.1f | %d | %s |\n", R["off"], C["off"], err["off"], rps["off"]
    printf "| on (" label ") | %.0f | %.1f | %d | %s |\n", R["on"], C["on"], err["on"], rps["on"]
    printf "\nthroughput on ÷ off: %.3f (cost %.1f %%); CPU per request on ÷ off: %.3f\n",
        R["on"] / R["off"], (1 - R["on"] / R["off"]) * 100, C["on"] / C["off"]
    printf "on ÷ off round by round:"
    pairs = ""
    for (r = 1; r <= rounds; r++) { q = byRound["on", r] / byRound["off", r]; printf " %.3f", q; pairs = pairs " " q }
    printf "\nmedian of the round-by-round ratios (steadier when the load of the machine drifts): %.3f\n", median(pairs)
}' "$RESULTS_DIR/runs.tsv"

#!/usr/bin/env bash
# Cache load test on loopback: throughput of Gatehouse's cache hits vs misses vs the origin
# directly, for a 1 KiB response, in one run (issue 4's target: hits >= 2x misses).
# See bench/README.md ("Cache load test") for the options and how to read the output.
#
#   bench/cache-load.sh            # 50 connections, 3 interleaved rounds of 10 s per row
#   bench/cache-load.sh --quick    # smoke run: 3 rounds of 3 s, 3 s warm-up (about 1 minute)
#
# Rows, each a wrk run against one URL:
#   direct   wrk -> origin nginx, GET /cached/1k
#   hit      wrk -> gatehouse proxy --cache 64m, GET /cached/1k (Cache-Control: max-age=3600:
#            every request after the first is a hit)
#   miss     wrk -> the same proxy, GET /nostore/1k (Cache-Control: no-store: every request is
#            looked up, forwarded, and its response refused by the cache)
#   revalidate  wrk -> the same proxy, GET /cached/1k with Cache-Control: no-cache (the stored
#            response is validated with the origin, If-None-Match -> 304, and served)
#   proxy    wrk -> a second gatehouse proxy without --cache, GET /cached/1k (forwarding alone)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

DURATION=10
ROUNDS=3
CONNECTIONS=50
THREADS=2
WARMUP=20
BUILD=1
BASE_PORT=18180
ROWS=direct,hit,miss,revalidate,proxy
JVM_FLAGS=${JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseParallelGC}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/examples/target/gatehouse-examples.jar}
OUT_DIR=

usage() {
    cat <<EOF
usage: bench/cache-load.sh [options]

  --duration SEC      seconds per measured wrk run (default 10)
  --rounds N          interleaved rounds, median reported (default 3, at least 3)
  --connections N     wrk connections (default 50)
  --threads N         wrk threads (default 2)
  --warmup SEC        warm-up of each proxy JVM (default 20)
  --rows LIST         comma list out of ${ROWS} (default: all, in that order)
  --quick             smoke run: 3 s runs, 3 s warm-up
  --no-build          use the jar already built (GATEHOUSE_JAR)
  --base-port P       ports P..P+2 on 127.0.0.1 (default 18180)
  --out DIR           keep raw wrk outputs, runs.tsv and logs here (default: a temp dir)
  -h, --help
Environment: JVM_FLAGS (both proxies; default "${JVM_FLAGS}"), GATEHOUSE_JAR.
EOF
}


while [[ $# -gt 0 ]]; do
    case "$1" in
        --duration) DURATION=${2:?}; shift 2 ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --connections) CONNECTIONS=${2:?}; shift 2 ;;
        --threads) THREADS=${2:?}; shift 2 ;;
        --warmup) WARMUP=${2:?}; shift 2 ;;
        --rows) ROWS=${2:?}; shift 2 ;;
        --quick) DURATION=3; WARMUP=3; shift ;;
        --no-build) BUILD=0; shift ;;
        --base-port) BASE_PORT=${2:?}; shift 2 ;;
        --out) OUT_DIR=${2:?}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
[[ $ROUNDS -ge 3 ]] || die "--rounds: $ROUNDS (expected: at least 3, the median needs them)"
for r in ${ROWS//,/ }; do
    case "$r" in direct|hit|miss|revalidate|proxy) ;; *) die "--rows: $r (expected: some of direct,hit,miss,revalidate,proxy)" ;; esac
done

P_ORIGIN=$BASE_PORT
P_CACHE=$((BASE_PORT + 1))
P_PLAIN=$((BASE_PORT + 2))
declare -A URL=(
    [direct]="http://127.0.0.1:$P_ORIGIN/cached/1k"
    [hit]="http://127.0.0.1:$P_CACHE/cached/1k"
    [miss]="http://127.0.0.1:$P_CACHE/nostore/1k"
    [revalidate]="http://127.0.0.1:$P_CACHE/cached/1k"
    [proxy]="http://127.0.0.1:$P_PLAIN/cached/1k"
)
declare -A SERVER=([direct]=origin [hit]=cache [miss]=cache [revalidate]=cache [proxy]=plain)

# ---------------------------------------------------------------------------------------------
# Processes we start, and their clean-up
# ---------------------------------------------------------------------------------------------
bench_workdir gatehouse-cache-load






# ---------------------------------------------------------------------------------------------
# Tools, build, servers
# ---------------------------------------------------------------------------------------------
install_tools() {
    local missing=() tool
    for tool in wrk nginx curl; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "installing from Debian: ${missing[*]}"
    local sudo=
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
    if [[ $BUILD == 1 ]]; then
        log "building the Gatehouse jar (mvn -q -DskipTests package -pl proxy-core,proxy-jetty,proxy-config,examples)"
        # Without this the jar plugin may keep the previous (already shaded) jar, and the shade
        # plugin then keeps its stale classes ahead of the fresh proxy-core / proxy-jetty ones.
        rm -f "$ROOT/examples/target/gatehouse-examples.jar" "$ROOT/examples/target/original-gatehouse-examples.jar"
        (cd "$ROOT" && mvn -q -B -DskipTests package -pl proxy-core,proxy-jetty,proxy-config,examples)
    fi
    [[ -f $GATEHOUSE_JAR ]] || die "missing $GATEHOUSE_JAR (run without --no-build)"
}

start_origin() {
    local dir=$WORK/origin
    mkdir -p "$dir/www"
    head -c 1024 /dev/urandom >"$dir/www/1k"
    {
        [[ $(id -u) -eq 0 ]] && echo "user root;"
        cat <<EOF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 16384; }
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
    tcp_nopush on;
    server {
        listen 127.0.0.1:$P_ORIGIN;
        location /cached/ {
            alias $dir/www/;
            add_header Cache-Control "max-age=3600";
        }
        location /nostore/ {
            alias $dir/www/;
            add_header Cache-Control "no-store";
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    nginx -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" 2>"$WORK/origin.log" || { cat "$WORK/origin.log" >&2; die "origin: bad config"; }
    nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >>"$WORK/origin.log" 2>&1 &
    started origin $!
    wait_http origin "http://127.0.0.1:$P_ORIGIN/cached/1k"
}

start_proxy() {
    local name=$1 port=$2
    shift 2
    local -a jvm=($JVM_FLAGS)
    java "${jvm[@]}" -jar "$GATEHOUSE_JAR" proxy --listen "127.0.0.1:$port" --to "http://127.0.0.1:$P_ORIGIN" "$@" \
        >"$WORK/$name.log" 2>&1 &
    started "$name" $!
}

# header URL NAME [curl args...]: the value of a response header.
header() {
    local url=$1 name=$2
    shift 2
    curl -s -D - -o /dev/null "$@" "$url" | awk -F': ' -v n="$name" 'tolower($1) == tolower(n) {print $2}' | tr -d '\r'
}

# check: the rows are what they say (a hit is a hit, a miss is forwarded and not stored).
check() {
    local status
    curl -s -o /dev/null "${URL[hit]}"
    status=$(header "${URL[hit]}" Cache-Status)
    [[ $status == "gatehouse; hit"* ]] || die "hit row: Cache-Status '$status' (expected: gatehouse; hit...)"
    status=$(header "${URL[miss]}" Cache-Status)
    [[ $status == "gatehouse; fwd=uri-miss" ]] || die "miss row: Cache-Status '$status' (expected: gatehouse; fwd=uri-miss)"
    status=$(header "${URL[revalidate]}" Cache-Status -H 'Cache-Control: no-cache')
    [[ $status == "gatehouse; fwd=request; fwd-status=304"* ]] \
        || die "revalidate row: Cache-Status '$status' (expected: gatehouse; fwd=request; fwd-status=304...)"
    status=$(header "${URL[proxy]}" Cache-Status)
    [[ -z $status ]] || die "proxy row: Cache-Status '$status' (expected: none, caching off)"
    log "checked: hit, miss, revalidate and proxy rows answer as expected"
}

# ---------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)

cpu_ticks() {
    local pid=$1 total=0 p t
    for p in "$pid" $(pgrep -P "$pid" 2>/dev/null || true); do
        t=$(sed -E 's/^.*\) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}') || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}

wrk_run() {
    local row=$1 seconds=$2 out=$3
    local -a extra=()
    [[ $row == revalidate ]] && extra=(-H 'Cache-Control: no-cache')
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "${extra[@]}" "${URL[$row]}" >"$out" 2>&1 || true
}

# measure ROW ROUND: one wrk run; appends a line to runs.tsv.
measure() {
    local row=$1 round=$2 out=$RESULTS_DIR/wrk-$1-$2.txt
    local server=${SERVER[$row]} pid before=0 after=0 obefore oafter
    pid=${PID_OF[$server]}
    [[ $server != origin ]] && before=$(cpu_ticks "$pid")
    obefore=$(cpu_ticks "${PID_OF[origin]}")
    wrk_run "$row" "$DURATION" "$out"
    oafter=$(cpu_ticks "${PID_OF[origin]}")
    [[ $server != origin ]] && after=$(cpu_ticks "$pid")
    local requests rps p50 p99 errors non2xx
    requests=$(awk '/requests in/ {print $1}' "$out")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    errors=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
    [[ -n $requests && -n $rps && -n $p50 && -n $p99 ]] || { cat "$out" >&2; die "wrk on row $row gave no result"; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$row" "$round" "$requests" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" \
        "$((after - before))" "$((oafter - obefore))" "$(( ${errors:-0} + ${non2xx:-0} ))" >>"$RESULTS_DIR/runs.tsv"
    log "  $row round $round: $rps req/s, p50 $p50, p99 $p99, errors $(( ${errors:-0} + ${non2xx:-0} ))"
}

report() {
    awk -F'\t' -v tck="$CLK_TCK" -v order="$ROWS" '
    function median(list,    a, n, i, j, t) {
        n = split(list, a, " ")
        for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function ratio(x, y) { return (y > 0 && x > 0) ? sprintf("%.2f", x / y) : "-" }
    {
        rps[$1] = rps[$1] " " $4; p50[$1] = p50[$1] " " $5; p99[$1] = p99[$1] " " $6
        req[$1] += $3; cpu[$1] += $7; ocpu[$1] += $8; err[$1] += $9; rounds[$1]++
    }
    END {
        n = split(order, t, ",")
        for (i = 1; i <= n; i++) {
            k = t[i]; if (!(k in rps)) continue
            R[k] = median(rps[k]); P50[k] = median(p50[k]); P99[k] = median(p99[k])
            C[k] = cpu[k] * 1000000 / tck / req[k]; O[k] = ocpu[k] * 1000000 / tck / req[k]
        }
        print "| row | what | req/s | p50 ms | p99 ms | proxy CPU µs/req | origin CPU µs/req | errors | ×miss | ×direct |"
        print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        what["direct"] = "origin nginx, no proxy"
        what["hit"] = "--cache 64m, max-age=3600"
        what["miss"] = "--cache 64m, origin no-store"
        what["revalidate"] = "--cache 64m, request no-cache (304)"
        what["proxy"] = "no --cache"
        for (i = 1; i <= n; i++) {
            k = t[i]; if (!(k in R)) continue
            printf "| %s | %s | %.0f | %.2f | %.2f | %s | %.1f | %d | %s | %s |\n", k, what[k], R[k], P50[k], P99[k],
                (k == "direct") ? "-" : sprintf("%.1f", C[k]), O[k], err[k], ratio(R[k], R["miss"]), ratio(R[k], R["direct"])
        }
        printf "\nreq/s, p50, p99: median of %d rounds; CPU: utime+stime over all rounds / requests.\n", rounds[t[1]]
        if (("hit" in R) && ("miss" in R))
            printf "hits / misses: %.2f (issue 4 target: at least 2)\n", R["hit"] / R["miss"]
        printf "req/s of each round:\n"
        for (i = 1; i <= n; i++) { k = t[i]; if (k in R) printf "  %-8s%s\n", k, rps[k] }
    }' "$RESULTS_DIR/runs.tsv"
}

# ---------------------------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------------------------
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
install_tools
build
for p in "$P_ORIGIN" "$P_CACHE" "$P_PLAIN"; do
    port_free "$p" || die "port $p is taken (try --base-port)"
done
log "work dir $WORK, results in $RESULTS_DIR"
start_origin
start_proxy cache "$P_CACHE" --cache 64m
start_proxy plain "$P_PLAIN"
wait_http cache "${URL[hit]}"
wait_http plain "${URL[proxy]}"
check
IFS=, read -r -a rows <<<"$ROWS"
for r in "${rows[@]}"; do
    [[ $r == direct ]] && continue
    log "warming $r for ${WARMUP} s"
    wrk_run "$r" "$WARMUP" /dev/null
done
: >"$RESULTS_DIR/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS"
    for r in "${rows[@]}"; do measure "$r" "$round"; done
done
echo
echo "== bench/cache-load.sh $(date -u +%Y-%m-%dT%H:%MZ): 1 KiB, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS interleaved rounds =="
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $LOAD_AT_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
echo "java: $(java -version 2>&1 | head -n 1); nginx: $(nginx -v 2>&1 | sed 's/^nginx version: //'); wrk: $(wrk -v 2>&1 | awk 'NR == 1 {print $2}')"
echo "JVM flags (both proxies): $JVM_FLAGS"
echo
report
echo
echo "raw wrk outputs and runs.tsv: $RESULTS_DIR$([[ -z $OUT_DIR ]] && echo ' (temp dir, removed on exit; use --out to keep)')"

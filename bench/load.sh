#!/usr/bin/env bash
# Whole-proxy load test on loopback: Gatehouse side by side with nginx, HAProxy, Jetty's stock
# proxy servlets, Spring Cloud Gateway and a minimal Jetty forwarder (the floor), all in front of
# one nginx origin.
# See bench/README.md ("Whole-proxy load test") for every option and how to read the output.
#
#   bench/load.sh                   # 1 KiB, 50 connections, 3 interleaved rounds of 10 s
#   bench/load.sh --quick           # smoke run (about 1.5 minutes)
#   bench/load.sh --mode bigfile    # 1 GiB down/up through Gatehouse and stock Jetty at -Xmx64m
#   bench/load.sh --mode idle       # 10,000 idle keep-alive connections held on Gatehouse
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"

# ---------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------
MODE=load
SIZE=1k
DURATION=
ROUNDS=3
CONNECTIONS=50
THREADS=2
WARMUP=
QUICK=0
BUILD=1
JFR=0
JFR_TARGETS=gatehouse
BASE_PORT=18080
ALL_TARGETS=direct,nginx,nginx-cache,haproxy,jetty-servlet,jetty-async,scg,gatehouse,minimal
TARGETS=$ALL_TARGETS
IDLE_CONNECTIONS=10000
IDLE_TARGETS=gatehouse
BIG_MIB=1024
BIG_TARGETS=gatehouse,jetty-servlet,jetty-async
BIG_ROUNDS=3
JVM_FLAGS=${JVM_FLAGS:--Xms512m -Xmx512m -XX:+UseParallelGC}
BIG_JVM_FLAGS=${BIG_JVM_FLAGS:--Xms64m -Xmx64m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError}
GATEHOUSE_JAR=${GATEHOUSE_JAR:-$ROOT/examples/target/gatehouse-examples.jar}
BENCH_JAR=${BENCH_JAR:-$ROOT/bench/target/benchmarks.jar}
SCG_JAR=${SCG_JAR:-$ROOT/bench/scg/target/scg-bench.jar}
# Extra arguments of the minimal forwarder, e.g. "--handler blocking" (see MinimalForwarder).
MINIMAL_OPTIONS=${MINIMAL_OPTIONS:-}
# Extra arguments of the gatehouse target's proxy command, e.g. "--admin-port 0" (per-route counting on).
GATEHOUSE_OPTIONS=${GATEHOUSE_OPTIONS:-}
OUT_DIR=
# --variant LABEL=JAR: more Gatehouse jars (e.g. built from other commits) as targets gatehouse-LABEL.
declare -A VARIANT_JAR=()
VARIANTS=()

usage() {
    cat <<EOF
usage: bench/load.sh [options]

Modes
  --mode load|bigfile|idle  load (default): wrk against every target in interleaved rounds;
                            bigfile: ${BIG_MIB} MiB download and upload through each big-file
                            target with ${BIG_JVM_FLAGS};
                            idle: hold --idle-connections keep-alive connections on each idle
                            target, report RSS and a fresh request's latency
Load mode
  --size 1k|1m|both         response size (default 1k; both: one table per size)
  --duration SEC            seconds per measured wrk run (default 10; 5 with --size both)
  --rounds N                interleaved rounds, median reported (default 3, at least 3)
  --connections N           wrk connections (default 50)
  --threads N               wrk threads (default 2)
  --warmup SEC              warm-up seconds per JVM target (default 20; others 3)
  --targets LIST            comma list out of: ${ALL_TARGETS}
  --quick                   smoke run: 1k, 3 rounds of 3 s, 3 s warm-up
  --jfr                     record Gatehouse with JFR during the measured rounds (profile
                            settings, or the .jfc file in JFR_SETTINGS) and print the hottest
                            frames and the CPU by group (slows Gatehouse a little)
  --jfr-targets LIST        JVM targets --jfr records (default gatehouse; e.g. gatehouse,minimal)
  --variant LABEL=JAR       one more target, gatehouse-LABEL: the gatehouse proxy command from JAR
                            (e.g. built from an earlier commit), on port P+10, P+11, ... in the
                            order given; repeatable; add gatehouse-LABEL to --targets to run it
Big-file and idle modes
  --big-mib N               size of the big file (default 1024)
  --big-rounds N            interleaved transfers per proxy and direction (default 3)
  --big-targets LIST        default ${BIG_TARGETS}
  --idle-connections N      default 10000
  --idle-targets LIST       default gatehouse (any JVM target, nginx or haproxy)
Common
  --no-build                use the jars already built (see GATEHOUSE_JAR, BENCH_JAR, SCG_JAR)
  --base-port P             ports P..P+9 on 127.0.0.1 (default 18080; minimal is P+9)
  --out DIR                 keep logs and raw results here (default: a temp dir, kept on failure)
  -h, --help
Environment: JVM_FLAGS (every JVM target; default "${JVM_FLAGS}"), BIG_JVM_FLAGS,
GATEHOUSE_JAR, BENCH_JAR, SCG_JAR, MINIMAL_OPTIONS (extra arguments of the minimal forwarder),
GATEHOUSE_OPTIONS (extra arguments of the gatehouse target's proxy command, e.g. --admin-port 0).
EOF
}


while [[ $# -gt 0 ]]; do
    case "$1" in
        --mode) MODE=${2:?}; shift 2 ;;
        --size) SIZE=${2:?}; shift 2 ;;
        --duration) DURATION=${2:?}; shift 2 ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --connections) CONNECTIONS=${2:?}; shift 2 ;;
        --threads) THREADS=${2:?}; shift 2 ;;
        --warmup) WARMUP=${2:?}; shift 2 ;;
        --targets) TARGETS=${2:?}; shift 2 ;;
        --quick) QUICK=1; shift ;;
        --jfr) JFR=1; shift ;;
        --jfr-targets) JFR_TARGETS=${2:?}; JFR=1; shift 2 ;;
        --big-mib) BIG_MIB=${2:?}; shift 2 ;;
        --big-targets) BIG_TARGETS=${2:?}; shift 2 ;;
        --big-rounds) BIG_ROUNDS=${2:?}; shift 2 ;;
        --idle-connections) IDLE_CONNECTIONS=${2:?}; shift 2 ;;
        --idle-targets) IDLE_TARGETS=${2:?}; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --base-port) BASE_PORT=${2:?}; shift 2 ;;
        --out) OUT_DIR=${2:?}; shift 2 ;;
        --variant)
            [[ ${2:?} == ?*=?* ]] || die "--variant: $2 (expected LABEL=JAR)"
            VARIANTS+=("gatehouse-${2%%=*}"); VARIANT_JAR[gatehouse-${2%%=*}]=${2#*=}
            ALL_TARGETS+=",gatehouse-${2%%=*}"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

case "$MODE" in load|bigfile|idle) ;; *) die "--mode: $MODE (expected: load, bigfile or idle)" ;; esac
case "$SIZE" in 1k|1m|both) ;; *) die "--size: $SIZE (expected: 1k, 1m or both)" ;; esac
if [[ $QUICK == 1 ]]; then
    SIZE=1k; DURATION=${DURATION:-3}; WARMUP=${WARMUP:-3}
fi
if [[ -z $DURATION ]]; then
    if [[ $SIZE == both ]]; then DURATION=5; else DURATION=10; fi
fi
WARMUP=${WARMUP:-20}
[[ $ROUNDS -ge 3 ]] || die "--rounds: $ROUNDS (expected: at least 3, the median needs them)"
for t in ${TARGETS//,/ }; do
    [[ ",$ALL_TARGETS," == *",$t,"* ]] || die "--targets: $t (expected: some of $ALL_TARGETS)"
done

# Ports, all on 127.0.0.1.
P_ORIGIN=$BASE_PORT
declare -A PORT=(
    [direct]=$BASE_PORT
    [nginx]=$((BASE_PORT + 1))
    [nginx-cache]=$((BASE_PORT + 2))
    [haproxy]=$((BASE_PORT + 3))
    [jetty-servlet]=$((BASE_PORT + 4))
    [jetty-async]=$((BASE_PORT + 5))
    [scg]=$((BASE_PORT + 6))
    [gatehouse]=$((BASE_PORT + 7))
    [minimal]=$((BASE_PORT + 9))
)
P_SINK=$((BASE_PORT + 8))
for i in "${!VARIANTS[@]}"; do PORT[${VARIANTS[$i]}]=$((BASE_PORT + 10 + i)); done
ORIGIN_URL="http://127.0.0.1:$P_ORIGIN"

# ---------------------------------------------------------------------------------------------
# Processes we start, and their clean-up
# ---------------------------------------------------------------------------------------------
bench_workdir gatehouse-load





# stop NAME: stop one process we started before the end (big-file and idle modes).
stop() {
    local name=$1 pid=${PID_OF[$1]:-} kept=() p
    [[ -n $pid ]] || return 0
    stop_pid "$pid"
    for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
    PIDS=("${kept[@]+"${kept[@]}"}")
    unset "PID_OF[$name]"
}




# ---------------------------------------------------------------------------------------------
# Tools and builds
# ---------------------------------------------------------------------------------------------
install_tools() {
    local missing=() tool
    for tool in wrk nginx haproxy curl; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "installing from Debian: ${missing[*]}"
    local sudo=
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    # Debian's packages may start system services on install; this script never uses them.
}

needs() { [[ ",$1," == *",$2,"* ]]; }

build() {
    local wanted=$1
    if [[ $BUILD == 1 ]]; then
        log "building Gatehouse and bench (mvn -q -DskipTests package)"
        (cd "$ROOT" && mvn -q -B -DskipTests package)
        if needs "$wanted" scg; then
            log "building the Spring Cloud Gateway target (bench/scg)"
            (cd "$ROOT/bench/scg" && mvn -q -B -DskipTests package)
        fi
    fi
    [[ -f $GATEHOUSE_JAR ]] || die "missing $GATEHOUSE_JAR (run without --no-build)"
    [[ -f $BENCH_JAR ]] || die "missing $BENCH_JAR (run without --no-build)"
    local v
    for v in "${VARIANTS[@]+"${VARIANTS[@]}"}"; do
        [[ -f ${VARIANT_JAR[$v]} ]] || die "--variant: missing ${VARIANT_JAR[$v]} ($v)"
    done
    if needs "$wanted" scg; then
        [[ -f $SCG_JAR ]] || die "missing $SCG_JAR (run without --no-build)"
    fi
}

# ---------------------------------------------------------------------------------------------
# Origin and targets
# ---------------------------------------------------------------------------------------------
nginx_common() {
    # Everything under $1 (the instance's own directory); run as the current user.
    local dir=$1
    if [[ $(id -u) -eq 0 ]]; then echo "user root;"; fi
    cat <<EOF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 16384; }
EOF
}

nginx_http_common() {
    local dir=$1
    cat <<EOF
    access_log off;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy_temp;
    fastcgi_temp_path $dir/fastcgi_temp;
    uwsgi_temp_path $dir/uwsgi_temp;
    scgi_temp_path $dir/scgi_temp;
    keepalive_timeout 120s;
    keepalive_requests 1000000;
EOF
}

start_nginx() {
    local name=$1 conf=$2 dir=$3
    nginx -t -q -p "$dir" -e "$dir/error.log" -c "$conf" 2>"$WORK/$name.log" || { cat "$WORK/$name.log" >&2; die "$name: bad config $conf"; }
    nginx -p "$dir" -e "$dir/error.log" -c "$conf" >>"$WORK/$name.log" 2>&1 &
    started "$name" $!
}

start_origin() {
    local dir=$WORK/origin
    mkdir -p "$dir/www"
    head -c 1024 /dev/urandom >"$dir/www/1k"
    head -c $((1024 * 1024)) /dev/urandom >"$dir/www/1m"
    if [[ $MODE == bigfile ]]; then
        truncate -s $((BIG_MIB * 1024 * 1024)) "$dir/www/big"   # sparse: costs no disk
    fi
    { nginx_common "$dir"; cat <<EOF
http {
$(nginx_http_common "$dir")
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server {
        listen 127.0.0.1:$P_ORIGIN;
        root $dir/www;
    }
}
EOF
    } >"$dir/nginx.conf"
    start_nginx origin "$dir/nginx.conf" "$dir"
    wait_http origin "$ORIGIN_URL/1k"
}

start_nginx_proxy() {
    local name=$1 cache=$2 dir=$WORK/$1
    mkdir -p "$dir"
    local cache_path= cache_use=
    if [[ $cache == 1 ]]; then
        cache_path="proxy_cache_path $dir/cache levels=1:2 keys_zone=bench:10m max_size=1g inactive=60m use_temp_path=off;"
        cache_use="proxy_cache bench; proxy_cache_valid 200 10m; add_header X-Cache-Status \$upstream_cache_status;"
    fi
    { nginx_common "$dir"; cat <<EOF
http {
$(nginx_http_common "$dir")
    $cache_path
    upstream origin {
        server 127.0.0.1:$P_ORIGIN;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:${PORT[$name]};
        location / {
            proxy_pass http://origin;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            $cache_use
        }
    }
}
EOF
    } >"$dir/nginx.conf"
    start_nginx "$name" "$dir/nginx.conf" "$dir"
}

start_haproxy() {
    local dir=$WORK/haproxy
    mkdir -p "$dir"
    cat >"$dir/haproxy.cfg" <<EOF
global
    maxconn $(( ($(ulimit -n) - 100) / 2 ))
    log stderr format raw local0 err
defaults
    mode http
    option http-keep-alive
    http-reuse always
    timeout connect 5s
    timeout client 120s
    timeout server 120s
    timeout http-keep-alive 120s
frontend bench
    bind 127.0.0.1:${PORT[haproxy]}
    default_backend origin
backend origin
    server origin 127.0.0.1:$P_ORIGIN
EOF
    haproxy -c -q -f "$dir/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 || { cat "$WORK/haproxy.log" >&2; die "haproxy: bad config"; }
    haproxy -db -f "$dir/haproxy.cfg" >>"$WORK/haproxy.log" 2>&1 &
    started haproxy $!
}

# start_jvm NAME PORT UPSTREAM FLAGS [extra JVM flags...]
start_jvm() {
    local name=$1 port=$2 upstream=$3 flags=$4
    shift 4
    local -a jvm=($flags "$@")
    case "$name" in
        gatehouse)
            # shellcheck disable=SC2086 # GATEHOUSE_OPTIONS is a list of arguments
            java "${jvm[@]}" -jar "$GATEHOUSE_JAR" proxy --listen "127.0.0.1:$port" --to "$upstream" $GATEHOUSE_OPTIONS \
                >"$WORK/$name.log" 2>&1 & ;;
        jetty-servlet)
            java "${jvm[@]}" -cp "$BENCH_JAR" io.gatehouse.bench.StockJettyProxy \
                --listen "127.0.0.1:$port" --to "$upstream" --servlet blocking >"$WORK/$name.log" 2>&1 & ;;
        jetty-async)
            java "${jvm[@]}" -cp "$BENCH_JAR" io.gatehouse.bench.StockJettyProxy \
                --listen "127.0.0.1:$port" --to "$upstream" --servlet async >"$WORK/$name.log" 2>&1 & ;;
        scg)
            java "${jvm[@]}" -jar "$SCG_JAR" --server.port="$port" --bench.origin="$upstream" \
                >"$WORK/$name.log" 2>&1 & ;;
        gatehouse-*)
            java "${jvm[@]}" -jar "${VARIANT_JAR[$name]}" proxy --listen "127.0.0.1:$port" --to "$upstream" \
                >"$WORK/$name.log" 2>&1 & ;;
        minimal)
            # shellcheck disable=SC2086 # MINIMAL_OPTIONS is a list of arguments
            java "${jvm[@]}" -cp "$BENCH_JAR" io.gatehouse.bench.MinimalForwarder \
                --listen "127.0.0.1:$port" --to "$upstream" $MINIMAL_OPTIONS >"$WORK/$name.log" 2>&1 & ;;
        *) die "not a JVM target: $name" ;;
    esac
    started "$name" $!
}

is_jvm() { case "$1" in gatehouse|gatehouse-*|jetty-servlet|jetty-async|scg|minimal) return 0 ;; *) return 1 ;; esac; }

start_target() {
    local name=$1
    case "$name" in
        direct) ;;
        nginx) start_nginx_proxy nginx 0 ;;
        nginx-cache) start_nginx_proxy nginx-cache 1 ;;
        haproxy) start_haproxy ;;
        *) start_jvm "$name" "${PORT[$name]}" "$ORIGIN_URL" "$JVM_FLAGS" ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)

# cpu_ticks PID [FIELDS]: utime+stime of PID and its children (nginx workers) from /proc/PID/stat;
# FIELDS "user" or "system" for one of the two.
cpu_ticks() {
    local pid=$1 which=${2:-both} total=0 p t
    for p in "$pid" $(pgrep -P "$pid" 2>/dev/null || true); do
        # Fields after the command name (which may hold spaces): utime is 14th, stime 15th.
        t=$(sed -E 's/^.*\) //' "/proc/$p/stat" 2>/dev/null | awk -v w="$which" '{print (w == "user") ? $12 : (w == "system") ? $13 : $12 + $13}') || t=0
        total=$((total + ${t:-0}))
    done
    echo "$total"
}

# rss_kib PID: resident set of PID and its children (nginx workers), in KiB.
rss_kib() {
    local p total=0
    for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
        total=$((total + $(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
    done
    echo "$total"
}
hwm_kib() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# to_ms VALUE: wrk's "512.00us", "1.20ms", "2.01s", "1.5m" in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf "%.3f", n }'
}

# measure TARGET SIZE ROUND: one wrk run; appends a line to $RESULTS_DIR/runs.tsv.
measure() {
    local target=$1 size=$2 round=$3 url="http://127.0.0.1:${PORT[$1]}/$2" out
    out=$RESULTS_DIR/wrk-$size-$target-$round.txt
    local pid=${PID_OF[$target]:-} before=0 after=0 obefore oafter sbefore=0 safter=0
    [[ -n $pid ]] && { before=$(cpu_ticks "$pid"); sbefore=$(cpu_ticks "$pid" system); }
    obefore=$(cpu_ticks "${PID_OF[origin]}")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$out" 2>&1 || true
    oafter=$(cpu_ticks "${PID_OF[origin]}")
    [[ -n $pid ]] && { after=$(cpu_ticks "$pid"); safter=$(cpu_ticks "$pid" system); }
    local requests rps p50 p99 errors non2xx
    requests=$(awk '/requests in/ {print $1}' "$out")
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    errors=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$out")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")
    if [[ -z $requests || -z $rps || -z $p50 || -z $p99 ]]; then
        cat "$out" >&2
        die "wrk against $target ($url) gave no result"
    fi
    # Columns: size target round requests req/s p50 p99 proxy-ticks origin-ticks errors proxy-system-ticks
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$target" "$round" "$requests" "$rps" \
        "$(to_ms "$p50")" "$(to_ms "$p99")" "$((after - before))" "$((oafter - obefore))" \
        "$(( ${errors:-0} + ${non2xx:-0} ))" "$((safter - sbefore))" >>"$RESULTS_DIR/runs.tsv"
    log "  $size $target round $round: $rps req/s, p50 $p50, p99 $p99, errors $(( ${errors:-0} + ${non2xx:-0} ))"
}

warm() {
    local target=$1 size=$2 seconds=3
    if is_jvm "$target"; then
        seconds=$WARMUP
        # The second size of --size both: the JVMs are warm already, only the new size's paths.
        [[ $size == 1m && $SIZE == both ]] && seconds=$(( WARMUP < 5 ? WARMUP : 5 ))
    fi
    log "warming $target for ${seconds} s ($size)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" "http://127.0.0.1:${PORT[$target]}/$size" >/dev/null 2>&1 || true
}

# report SIZE: the table for one size from runs.tsv.
report() {
    local size=$1
    awk -F'\t' -v size="$size" -v tck="$CLK_TCK" -v order="$TARGETS" '
    function median(list,    a, n, i, j, t) {
        n = split(list, a, " ")
        for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function ratio(x, y) { return (y > 0 && x > 0) ? sprintf("%.2f", x / y) : "-" }
    $1 == size {
        rps[$2] = rps[$2] " " $5; p50[$2] = p50[$2] " " $6; p99[$2] = p99[$2] " " $7
        req[$2] += $4; cpu[$2] += $8; ocpu[$2] += $9; err[$2] += $10; sys[$2] += $11; rounds[$2]++
    }
    END {
        n = split(order, t, ",")
        for (i = 1; i <= n; i++) {
            k = t[i]; if (!(k in rps)) continue
            R[k] = median(rps[k]); P50[k] = median(p50[k]); P99[k] = median(p99[k])
            C[k] = (k == "direct") ? 0 : cpu[k] * 1000000 / tck / req[k]
            O[k] = ocpu[k] * 1000000 / tck / req[k]
        }
        jetty = ""
        if ("jetty-servlet" in R) jetty = "jetty-servlet"
        if ("jetty-async" in R && (jetty == "" || R["jetty-async"] > R[jetty])) jetty = "jetty-async"
        if (jetty == "") jetty = "jetty (not run)"
        printf "| target | req/s | p50 ms | p99 ms | proxy CPU µs/req | origin CPU µs/req | errors | ×direct | ×nginx | ×%s | p99 ÷ %s | CPU ÷ %s |\n", jetty, jetty, jetty
        print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for (i = 1; i <= n; i++) {
            k = t[i]; if (!(k in R)) continue
            printf "| %s | %.0f | %.2f | %.2f | %s | %.1f | %d | %s | %s | %s | %s | %s |\n", k, R[k], P50[k], P99[k],
                (k == "direct") ? "-" : sprintf("%.1f", C[k]), O[k], err[k],
                ratio(R[k], R["direct"]), ratio(R[k], R["nginx"]), ratio(R[k], R[jetty]),
                ratio(P99[k], P99[jetty]), (k == "direct") ? "-" : ratio(C[k], C[jetty])
        }
        printf "\nreq/s, p50, p99: median of %d rounds; CPU: utime+stime over all rounds / requests.\n", rounds[t[1]]
        printf "×X: req/s ÷ req/s of X. p99 ÷ %s and CPU ÷ %s: lower is better (issue 7: ≤ 1.1 and ≤ 1.0).\n", jetty, jetty
        printf "req/s of each round (a spread wider than the gaps between targets means a noisy machine):\n"
        for (i = 1; i <= n; i++) { k = t[i]; if (k in R) printf "  %-15s %s\n", k, rps[k] }
        printf "proxy CPU µs/req split into user + system (kernel: socket reads and writes, epoll):\n"
        for (i = 1; i <= n; i++) { k = t[i]; if ((k in R) && k != "direct") printf "  %-15s %.1f + %.1f\n", k, (cpu[k] - sys[k]) * 1000000 / tck / req[k], sys[k] * 1000000 / tck / req[k] }
    }' "$RESULTS_DIR/runs.tsv"
}

# jfr_summary TARGET: the hottest frames and the CPU by group of TARGET's recording.
jfr_summary() {
    local t=$1 file=$RESULTS_DIR/$1.jfr top=$RESULTS_DIR/jfr-top.txt groups=$RESULTS_DIR/jfr-groups.txt
    [[ -s $file ]] || { log "no JFR recording at $file"; return 0; }
    # Gatehouse keeps the historical file names; the other targets get their own.
    [[ $t == gatehouse ]] || { top=$RESULTS_DIR/jfr-top-$t.txt; groups=$RESULTS_DIR/jfr-groups-$t.txt; }
    "$ROOT/bench/jfr-top.sh" "$file" 25 >"$top" || true
    local requests
    requests=$(awk -F'\t' -v t="$t" '$2 == t {n += $4} END {print n + 0}' "$RESULTS_DIR/runs.tsv")
    "$ROOT/bench/jfr-groups.sh" "$file" "$requests" >"$groups" || true
    cat "$top" "$groups"
}

LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
machine_summary() {
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $LOAD_AT_START at start, $(cut -d' ' -f1-3 /proc/loadavg) at end"
    echo "java: $(java -version 2>&1 | head -n 1)"
    echo "nginx: $(nginx -v 2>&1 | sed 's/^nginx version: //'), haproxy: $(haproxy -v 2>/dev/null | awk 'NR == 1 {print $3}'), wrk: $(wrk -v 2>&1 | awk 'NR == 1 {print $2}')"
}

# ---------------------------------------------------------------------------------------------
# Modes
# ---------------------------------------------------------------------------------------------
run_load() {
    local sizes=$SIZE targets=() t size round
    [[ $SIZE == both ]] && sizes="1k 1m"
    IFS=, read -r -a targets <<<"$TARGETS"
    build "$TARGETS"
    for t in "${targets[@]}"; do
        [[ $t == direct ]] && continue
        port_free "${PORT[$t]}" || die "port ${PORT[$t]} ($t) is taken (try --base-port)"
    done
    port_free "$P_ORIGIN" || die "port $P_ORIGIN (origin) is taken (try --base-port)"
    start_origin
    for t in "${targets[@]}"; do start_target "$t"; done
    for t in "${targets[@]}"; do
        [[ $t == direct ]] || wait_http "$t" "http://127.0.0.1:${PORT[$t]}/1k"
    done
    if needs "$TARGETS" nginx-cache; then
        curl -s -D - -o /dev/null "http://127.0.0.1:${PORT[nginx-cache]}/1k" >/dev/null
        local status
        status=$(curl -s -D - -o /dev/null "http://127.0.0.1:${PORT[nginx-cache]}/1k" | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}' | tr -d '\r')
        [[ $status == HIT ]] || log "warning: nginx-cache answers X-Cache-Status '$status', not HIT"
    fi
    : >"$RESULTS_DIR/runs.tsv"
    for size in $sizes; do
        for t in "${targets[@]}"; do warm "$t" "$size"; done
        if [[ $JFR == 1 && -z ${JFR_STARTED:-} ]]; then
            # Recording starts after the warm-up: start-up and JIT compilation stay out of it.
            for t in ${JFR_TARGETS//,/ }; do
                needs "$TARGETS" "$t" && is_jvm "$t" || continue
                jcmd "${PID_OF[$t]}" JFR.start name=bench settings="${JFR_SETTINGS:-profile}" >/dev/null
                JFR_STARTED+="$t "
            done
        fi
        for round in $(seq 1 "$ROUNDS"); do
            log "round $round of $ROUNDS ($size)"
            for t in "${targets[@]}"; do measure "$t" "$size" "$round"; done
        done
    done
    echo
    echo "== bench/load.sh $(date -u +%Y-%m-%dT%H:%MZ): wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS interleaved rounds =="
    machine_summary
    echo "JVM flags (every JVM target): $JVM_FLAGS"
    for size in $sizes; do
        echo
        echo "### $size responses"
        echo
        report "$size"
    done
    for t in ${JFR_STARTED:-}; do
        jcmd "${PID_OF[$t]}" JFR.dump name=bench filename="$RESULTS_DIR/$t.jfr" >/dev/null
    done
    for t in ${JFR_STARTED:-}; do
        echo
        echo "### JFR: $t execution samples during the load"
        jfr_summary "$t"
    done
    echo
    echo "raw wrk outputs and runs.tsv: $RESULTS_DIR$([[ -z $OUT_DIR ]] && echo ' (temp dir, removed on exit; use --out to keep)')"
}

# big_transfer KIND TARGET: one download or upload through TARGET's port; prints "MiB/s" or "FAILED (...)".
big_transfer() {
    local kind=$1 t=$2 port=${PORT[$2]} result code bytes speed echoed expected=$((BIG_MIB * 1024 * 1024))
    if [[ $kind == down ]]; then
        result=$(curl -s -o /dev/null --max-time 300 -w '%{http_code} %{size_download} %{speed_download}' "http://127.0.0.1:$port/big" || true)
        read -r code bytes speed <<<"$result"
        echoed=$bytes
    else
        result=$(curl -s --max-time 300 -H 'Expect:' -T "$WORK/upload.bin" -w ' %{http_code} %{size_upload} %{speed_upload}' "http://127.0.0.1:$port/upload" | tr -d '\n' || true)
        read -r echoed code bytes speed <<<"$result"
    fi
    if [[ $code == 200 && $echoed == "$expected" ]]; then
        awk -v s="$speed" 'BEGIN {printf "%.0f", s / 1048576}'
    else
        echo "FAILED ($result)"
    fi
}

# big_direction KIND UPSTREAM: starts every big target in front of UPSTREAM, runs BIG_ROUNDS interleaved
# transfers (A B C, A B C, ...), records the rates, peak RSS and OutOfMemoryErrors, stops them.
big_direction() {
    local kind=$1 upstream=$2 ready=$3 t r rate
    for t in "${BIG_LIST[@]}"; do
        start_jvm "$t" "${PORT[$t]}" "$upstream" "$BIG_JVM_FLAGS"
    done
    for t in "${BIG_LIST[@]}"; do
        wait_http "$t" "http://127.0.0.1:${PORT[$t]}$ready"
        [[ $kind == down ]] && { wrk -t1 -c4 -d3s "http://127.0.0.1:${PORT[$t]}/1m" >/dev/null 2>&1 || true; }  # JIT warm-up
    done
    for ((r = 1; r <= BIG_ROUNDS; r++)); do
        for t in "${BIG_LIST[@]}"; do
            rate=$(big_transfer "$kind" "$t")
            log "$t: ${BIG_MIB} MiB $kind, round $r: $rate MiB/s"
            BIG_RATES[$kind.$t]+="$rate "
        done
    done
    for t in "${BIG_LIST[@]}"; do
        BIG_HWM[$kind.$t]=$(( $(hwm_kib "${PID_OF[$t]}" 2>/dev/null || echo 0) / 1024 ))
        alive "${PID_OF[$t]}" || BIG_RATES[$kind.$t]+="(proxy died) "
        grep -q OutOfMemoryError "$WORK/$t.log" && BIG_OOM[$t]=yes
        stop "$t"
        mv "$WORK/$t.log" "$RESULTS_DIR/big-$kind-$t.log" 2>/dev/null || true
    done
}

# big_median "R1 R2 R3": the median rate, or "FAILED" when any transfer failed.
big_median() {
    [[ $1 == *FAILED* || $1 == *died* ]] && { echo FAILED; return; }
    tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

run_bigfile() {
    local t
    IFS=, read -r -a BIG_LIST <<<"$BIG_TARGETS"
    for t in "${BIG_LIST[@]}"; do is_jvm "$t" || die "--big-targets: $t (expected: JVM targets)"; done
    declare -gA BIG_RATES=() BIG_HWM=() BIG_OOM=()
    build "$BIG_TARGETS"
    start_origin
    java -Xmx64m -cp "$BENCH_JAR" io.gatehouse.bench.UploadSink "$P_SINK" >"$WORK/sink.log" 2>&1 &
    started sink $!
    truncate -s $((BIG_MIB * 1024 * 1024)) "$WORK/upload.bin"
    # Download: proxy -> origin nginx (sendfile of a sparse file). Upload: proxy -> UploadSink.
    big_direction down "$ORIGIN_URL" /1k
    big_direction up "http://127.0.0.1:$P_SINK" /ready
    local first=${BIG_LIST[0]} ref=${BIG_LIST[1]:-${BIG_LIST[0]}}
    echo
    echo "== bench/load.sh --mode bigfile $(date -u +%Y-%m-%dT%H:%MZ): ${BIG_MIB} MiB through each proxy, $BIG_ROUNDS interleaved rounds =="
    machine_summary
    echo "JVM flags (big-file): $BIG_JVM_FLAGS"
    echo
    echo "| proxy | download MiB/s (median) | each round | peak RSS MiB | upload MiB/s (median) | each round | peak RSS MiB | OutOfMemoryError |"
    echo "|---|---:|---|---:|---:|---|---:|---|"
    for t in "${BIG_LIST[@]}"; do
        echo "| $t | $(big_median "${BIG_RATES[down.$t]}") | ${BIG_RATES[down.$t]% } | ${BIG_HWM[down.$t]} | $(big_median "${BIG_RATES[up.$t]}") | ${BIG_RATES[up.$t]% } | ${BIG_HWM[up.$t]} | ${BIG_OOM[$t]:-no} |"
    done
    echo
    for t in "${BIG_LIST[@]:1}"; do
        awk -v a="$(big_median "${BIG_RATES[down.$first]}")" -v b="$(big_median "${BIG_RATES[down.$t]}")" \
            -v c="$(big_median "${BIG_RATES[up.$first]}")" -v d="$(big_median "${BIG_RATES[up.$t]}")" -v f="$first" -v t="$t" \
            'BEGIN { if (b > 0 && d > 0) printf "%s / %s: download %.2f, upload %.2f (medians)\n", f, t, a / b, c / d }'
    done
    echo "download: curl <- proxy <- nginx origin; upload: curl -T -> proxy -> UploadSink (counts the bytes)."
    echo "peak RSS: the proxy JVM's VmHWM after its last transfer (heap capped at 64 MiB, the rest is JVM)."
}

run_idle() {
    local targets=() t
    IFS=, read -r -a targets <<<"$IDLE_TARGETS"
    build "$IDLE_TARGETS"
    # Each proxy needs one descriptor per client connection; so does the client.
    ulimit -n $((IDLE_CONNECTIONS * 2 + 1024)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    (( $(ulimit -n) > IDLE_CONNECTIONS + 512 )) || die "ulimit -n is $(ulimit -n): too low for $IDLE_CONNECTIONS connections"
    start_origin
    local rows=() hold=20
    for t in "${targets[@]}"; do
        [[ $t == direct || $t == nginx-cache ]] && die "--idle-targets: $t (expected: a proxy)"
        start_target "$t"
        wait_http "$t" "http://127.0.0.1:${PORT[$t]}/1k"
        local pid=${PID_OF[$t]} rss_before rss_held established lat fresh still opened
        wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:${PORT[$t]}/1k" >/dev/null 2>&1 || true
        rss_before=$(( $(rss_kib "$pid") / 1024 ))
        log "$t: opening $IDLE_CONNECTIONS keep-alive connections, holding them ${hold} s"
        java -Xmx256m -cp "$BENCH_JAR" io.gatehouse.bench.IdleClients 127.0.0.1 "${PORT[$t]}" /1k \
            "$IDLE_CONNECTIONS" "$hold" >"$WORK/idle-$t.log" 2>&1 &
        started "idle-$t" $!
        local i
        for i in $(seq 1 600); do
            grep -q '^held' "$WORK/idle-$t.log" && break
            alive "${PID_OF[idle-$t]}" || { cat "$WORK/idle-$t.log" >&2; die "idle client for $t failed"; }
            sleep 0.1
        done
        grep -q '^held' "$WORK/idle-$t.log" || die "idle client for $t did not open its connections in 60 s"
        sleep 2
        # nginx: master and workers added up (shared pages counted twice, an upper bound).
        rss_held=$(( $(rss_kib "$pid") / 1024 ))
        established=$(ss -Htn state established "( sport = :${PORT[$t]} )" 2>/dev/null | wc -l)
        lat=()
        for i in $(seq 1 20); do
            lat+=("$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 "http://127.0.0.1:${PORT[$t]}/1k" || echo "000 10")")
        done
        fresh=$(printf '%s\n' "${lat[@]}" | sort -k2,2n | awk '{ if ($1 == 200) ok++; ms[NR] = $2 * 1000 }
            END { printf "%.1f / %.1f ms (%d of %d answered 200)", ms[int((NR + 1) / 2)], ms[NR], ok, NR }')
        wait "${PID_OF[idle-$t]}" || true
        opened=$(awk '/^held/ {sub(/^held /, ""); print}' "$WORK/idle-$t.log")
        still=$(awk '/^still-open/ {print $2 " of " $4}' "$WORK/idle-$t.log")
        stop "idle-$t"
        stop "$t"
        rows+=("| $t | $opened | $established | $rss_before | $rss_held | $fresh | $still |")
    done
    echo
    echo "== bench/load.sh --mode idle $(date -u +%Y-%m-%dT%H:%MZ): $IDLE_CONNECTIONS idle keep-alive connections =="
    machine_summary
    echo "JVM flags (every JVM target): $JVM_FLAGS"
    echo
    echo "| proxy | client connections (1 request each) | open at the proxy when measured | RSS MiB before | RSS MiB while held | fresh request median / max of 20 | still open after ${hold} s |"
    echo "|---|---|---:|---:|---:|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Connections are closed by each server's idle timeout (Jetty's connector default: 30 s; the"
    echo "nginx and HAProxy targets here: 120 s), counted from each connection's response."
}

install_tools
log "work dir $WORK, results in $RESULTS_DIR"
case "$MODE" in
    load) run_load ;;
    bigfile) run_bigfile ;;
    idle) run_idle ;;
esac

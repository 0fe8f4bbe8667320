# Helpers shared by the load scripts in bench/ (load.sh, cache-load.sh, edge-cost.sh,
# lb-shares.sh): messages, the processes a run started and their clean-up, the work directory.
# Sourced right after a script sets ROOT; defines functions and nothing runs until called.

BENCH_NAME=${0##*/}

die() { echo "$BENCH_NAME: $*" >&2; exit 2; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# alive PID: the process exists and is not a zombie.
alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# port_free PORT: nothing listens on 127.0.0.1:PORT.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# started NAME PID: remember a process we started so that cleanup stops it.
started() { PIDS+=("$2"); PID_OF[$1]=$2; }

# stop_pid PID: TERM, up to 5 s, then KILL.
stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 50); do
        alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# bench_workdir PREFIX: creates WORK (removed on exit unless the run failed), RESULTS_DIR (--out
# when given, else WORK), the list of started processes, and the traps that stop them on any exit.
bench_workdir() {
    PIDS=()
    declare -gA PID_OF=()
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    KEEP_WORK=0
    [[ -n ${OUT_DIR:-} ]] && { mkdir -p "$OUT_DIR"; OUT_DIR=$(cd "$OUT_DIR" && pwd); }
    RESULTS_DIR=${OUT_DIR:-$WORK}
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

cleanup() {
    local status=$? pid
    trap - EXIT INT TERM
    for pid in ${PIDS[@]+"${PIDS[@]}"}; do
        stop_pid "$pid"
    done
    if [[ $status -ne 0 ]]; then
        KEEP_WORK=1
        echo "$BENCH_NAME: failed (exit $status); logs kept in $WORK" >&2
    fi
    [[ $KEEP_WORK == 1 ]] || rm -rf "$WORK"
    exit "$status"
}

# wait_http NAME URL: until URL answers 200 (60 s at most); fails early when NAME's process died,
# showing the end of its log ($WORK/NAME.log).
wait_http() {
    local name=$1 url=$2 i code
    for i in $(seq 1 600); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)
        [[ $code == 200 ]] && return 0
        if ! alive "${PID_OF[$name]}"; then
            tail -n 30 "$WORK/$name.log" >&2 || true
            die "$name exited before answering $url"
        fi
        sleep 0.1
    done
    tail -n 30 "$WORK/$name.log" >&2 || true
    die "$name did not answer 200 on $url within 60 s"
}

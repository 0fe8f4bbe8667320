#!/usr/bin/env bash
# Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the hottest top frames (where
# the CPU was), and the hottest methods anywhere on the stack (what the time was spent under).
#
#   bench/jfr-top.sh gatehouse.jfr [N]
set -euo pipefail
file=${1:?usage: jfr-top.sh FILE.jfr [N]}
top=${2:-25}
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
jfr print --stack-depth 64 --events jdk.ExecutionSample "$file" >"$samples"
awk -v top="$top" '
    function clean(f) { sub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*$/, "", f); return f }
    /stackTrace = \[/ { in_stack = 1; depth = 0; n++; delete seen; next }
    in_stack && /^[ \t]*\]/ { in_stack = 0; next }
    in_stack && /\.\.\./ { next }
    in_stack {
        f = clean($0); depth++
        if (depth == 1) self[f]++
        if (!(f in seen)) { seen[f] = 1; total[f]++ }
        if (!gh_done && f ~ /^io\.gatehouse\./) { gh[f]++; gh_done = 1 }
        next
    }
    /jdk.ExecutionSample/ { gh_done = 0 }
    END {
        printf "%d samples\n\n", n
        printf "top frames (self):\n"
        for (f in self) printf "%7d %5.1f%%  %s\n", self[f], 100 * self[f] / n, f | "sort -rn | head -n " top
        close("sort -rn | head -n " top)
        printf "\nmethods anywhere on the stack (total):\n"
        for (f in total) printf "%7d %5.1f%%  %s\n", total[f], 100 * total[f] / n, f | "sort -rn | head -n " top
        close("sort -rn | head -n " top)
        printf "\nfirst io.gatehouse frame from the top (time spent in or under Gatehouse code):\n"
        for (f in gh) printf "%7d %5.1f%%  %s\n", gh[f], 100 * gh[f] / n, f | "sort -rn | head -n " top
        close("sort -rn | head -n " top)
    }' "$samples"

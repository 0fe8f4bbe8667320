#!/usr/bin/env bash
# What observability costs (issue 13): bench/edge-cost.sh with the "on" instance running
# Prometheus metrics (--admin-port 0: every request timed into Micrometer meters) and the text
# access log written to a file of its own (--access-log-file: buffered, flushed every second, as
# nginx's "access_log PATH buffer=64k flush=1s"); "off" is the plain proxy. Same options as bench/edge-cost.sh; the figure is the ratio
# on ÷ off of the median req/s (target >= 0.9).
#
#   bench/observe-cost.sh              # 1 KiB, 50 connections, 5 rounds of 10 s each way
#   bench/observe-cost.sh --quick      # smoke run (about 1 minute)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ACCESS_DIR=$(mktemp -d)
trap 'rm -rf "$ACCESS_DIR"' EXIT
export EDGE_OPTIONS=${OBSERVE_OPTIONS:---admin-port 0 --access-log text --access-log-file $ACCESS_DIR/access.log}
export ON_LABEL=${ON_LABEL:-metrics + access log}
export ON_CHECK_HEADER=
# The access line of the check request, in the file within its flush interval (a second).
export ON_CHECK_LOG=${ON_CHECK_LOG-127.0.0.1 - \"GET /1k\" 200 1024}
export ON_CHECK_LOG_FILE=${ON_CHECK_LOG_FILE-$ACCESS_DIR/access.log}
"$ROOT/bench/edge-cost.sh" "$@"

#!/usr/bin/env bash
# What observability costs (issue 13): bench/edge-cost.sh with the "on" instance running
# Prometheus metrics (--admin-port 0: every request timed into Micrometer meters) and the text
# access log (--access-log text: one line per request through slf4j-simple to the instance's log
# file); "off" is the plain proxy. Same options as bench/edge-cost.sh; the figure is the ratio
# on ÷ off of the median req/s (target >= 0.9).
#
#   bench/observe-cost.sh              # 1 KiB, 50 connections, 5 rounds of 10 s each way
#   bench/observe-cost.sh --quick      # smoke run (about 1 minute)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export EDGE_OPTIONS=${OBSERVE_OPTIONS:---admin-port 0 --access-log text}
export ON_LABEL=${ON_LABEL:-metrics + access log}
export ON_CHECK_HEADER=
export ON_CHECK_LOG=${ON_CHECK_LOG-INFO io.gatehouse.access - 127.0.0.1 - \"GET /1k\" 200 1024}
exec "$ROOT/bench/edge-cost.sh" "$@"

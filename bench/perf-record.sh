#!/usr/bin/env bash
# Runs a server and records it with perf for PERF_SECS seconds (default 8),
# starting a second after it starts; perf outlives the load client killing the
# server. Output: PERF_OUT (default /tmp/perf.data); report with
#   perf report -i /tmp/perf.data --no-children --no-inline -g none --sort symbol
# Usage: --tgmcp "bench/perf-record.sh target/profiling/tgmcp" (see bench/README.md).
"$@" &
server=$!
sleep 1
setsid perf record -F 2999 --call-graph dwarf,8192 -p "$server" -o "${PERF_OUT:-/tmp/perf.data}" \
  -- sleep "${PERF_SECS:-8}" >/dev/null 2>&1 &
wait "$server"

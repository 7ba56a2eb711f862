#!/usr/bin/env bash
# The macro benchmark in one command: builds tgmcp (release), the load client and
# the null SSE server, installs the seed's Python stack (FastMCP, mcp-proxy) into
# bench/.venv, runs them side by side and rewrites README's Performance table.
#   bench/run.sh                      # all servers, README updated
#   BASELINE=path/to/old/tgmcp bench/run.sh   # adds "tgmcp (before)" and the ratios to it
#   ARGS="--reps 1 --calls1 500" bench/run.sh # a quicker run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
cd "$root"
cargo build --release -p tgmcp --bin tgmcp -p fakegram --bin fakegram
CARGO_TARGET_DIR="$target/loadgen" cargo build --release --manifest-path bench/loadgen/Cargo.toml
if [ ! -x bench/.venv/bin/mcp-proxy ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -r bench/requirements.txt
fi
ulimit -n 20000 2>/dev/null || true
py="$root/bench/.venv/bin/python"
srv="$root/bench/fastmcp_server.py"
set -- --tgmcp "$target/release/tgmcp" --null "$target/loadgen/release/nullsse" \
  --fastmcp "$py $srv sse {port}" \
  --mcp-proxy "$root/bench/.venv/bin/mcp-proxy --host 127.0.0.1 --port {port} -- $py $srv stdio" \
  --fakegram "$target/release/fakegram" --one-worker
if [ -n "${BASELINE:-}" ]; then set -- "$@" --baseline "$BASELINE"; fi
# shellcheck disable=SC2086
"$target/loadgen/release/tgmcp-loadgen" "$@" --readme README.md ${ARGS:-}

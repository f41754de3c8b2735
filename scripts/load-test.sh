#!/usr/bin/env bash
# A bounded load test of `prepai serve` on loopback with the Rust load client
# (crates/prepai-server/examples/loadtest.rs): REST requests per second for
# session create and code execute, idle WebSocket connections held, and
# interviews run at once. Release builds; a fresh data directory; the server is
# stopped at the end. Usage: scripts/load-test.sh [IDLE_WS] [INTERVIEWS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
idle="${1:-10000}"
active="${2:-1000}"
seconds="${3:-10}"
# Each connection is a file descriptor on both sides.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((idle + 1000)) ]; then
    echo "load-test: ulimit -n is $(ulimit -n); $idle connections need more (raise the hard limit)" >&2
    exit 1
fi
target="${CARGO_TARGET_DIR:-target}"
cargo build --quiet --release --bin prepai
cargo build --quiet --release -p prepai-server --example loadtest
work="$(mktemp -d)"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export PREPAI_DATA_DIR="$work/data" PREPAI_CONFIG_DIR="$work/config"
token="$("$target/release/prepai" tokens create --name load --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
RUST_LOG=warn "$target/release/prepai" serve --addr 127.0.0.1:0 --json \
    --rate-per-second 1000000 --rate-burst 1000000 >"$work/out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q listening "$work/out" 2>/dev/null && break
    sleep 0.1
done
url="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["listening"])' "$work/out")"
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server_pid/status"; }
load="$target/release/examples/loadtest"
export PREPAI_TOKEN="$token"
echo "server $url on $(nproc) cores; RSS $(rss)"
"$load" "$url" create 32 "$seconds"
"$load" "$url" execute 8 "$seconds"
echo "server RSS $(rss)"
SERVER_PID="$server_pid" "$load" "$url" idle-ws "$idle" "$seconds"
SERVER_PID="$server_pid" "$load" "$url" interviews "$active"
echo "server RSS after the interviews: $(rss)"

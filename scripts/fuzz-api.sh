#!/usr/bin/env bash
# Fuzzes the HTTP API with schemathesis (from PyPI) against the /openapi.json of
# a `prepai serve --no-auth` started here on a free loopback port, with a fresh
# data directory. Fails on any 5xx or crash. Usage: scripts/fuzz-api.sh [MAX_EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
examples="${1:-25}"
target="${CARGO_TARGET_DIR:-target}"
venv="$target/fuzz-venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'schemathesis>=4,<5'
fi
cargo build --quiet --bin prepai
work="$(mktemp -d)"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
PREPAI_DATA_DIR="$work/data" PREPAI_CONFIG_DIR="$work/config" \
    "$target/debug/prepai" serve --no-auth --addr 127.0.0.1:0 --json \
    --rate-per-second 100000 --rate-burst 100000 >"$work/out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q listening "$work/out" 2>/dev/null && break
    sleep 0.1
done
url="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["listening"])' "$work/out")"
echo "fuzzing $url/openapi.json ($examples examples per operation)"
status=0
# Run from the scratch directory so schemathesis's cache stays out of the repository.
st="$(cd "$venv/bin" && pwd)/schemathesis"
(cd "$work" && "$st" run "$url/openapi.json" \
    --checks not_a_server_error \
    --max-examples "$examples" \
    --phases examples,coverage,fuzzing \
    --exclude-path '/ws/interview/{id}' \
    --request-timeout 30 \
    --suppress-health-check all \
    --no-color) || status=$?
if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server died during fuzzing; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
fi
if grep -q "panicked" "$work/server.log"; then
    echo "the server panicked during fuzzing:" >&2
    grep -A3 panicked "$work/server.log" >&2
    exit 1
fi
exit "$status"

#!/usr/bin/env bash
# The project's checks, as CI runs them: formatting, lints, the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
# API fuzzing: schemathesis against /openapi.json of a --no-auth server (under a minute).
./scripts/fuzz-api.sh

#!/usr/bin/env bash
# Installs what PrepAI needs on Debian/Ubuntu: system packages (audio, speech,
# sandbox, interpreters for candidate code, C toolchain for native crates) and the
# Rust toolchain components. Safe to run again: it installs only what is missing.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: run as root or install sudo" >&2; exit 1
  fi
fi

PACKAGES=(
  build-essential pkg-config cmake clang libclang-dev   # native crates (SQLite, whisper.cpp)
  libasound2-dev alsa-utils sox                           # audio I/O for voice mode
  espeak-ng libespeak-ng-dev                              # offline text-to-speech
  bubblewrap                                              # the code sandbox
  python3 python3-pip nodejs                              # languages candidates write in
  tmux                                                    # end-to-end terminal tests
  python3-venv                                            # API fuzzing (schemathesis, scripts/fuzz-api.sh)
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere (nodesource, nvm): accept any node on PATH.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: installing the Rust toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
if command -v rustup >/dev/null 2>&1; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi
# lizard (PyPI) lets the metrics tests compare cyclomatic complexity with it; without it
# that comparison is skipped, nothing else needs it.
if ! python3 -c "import lizard" >/dev/null 2>&1; then
  python3 -m pip install --quiet lizard >/dev/null 2>&1 \
    || python3 -m pip install --quiet --user --break-system-packages lizard >/dev/null 2>&1 \
    || echo "setup: could not install lizard; the lizard agreement test will be skipped"
fi
echo "setup: done"

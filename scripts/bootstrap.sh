#!/usr/bin/env bash
# Makes sure Bun (the version package.json pins) and the locked dependencies are installed.
# Sourced by the other scripts; safe to run again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bun_version="$(sed -n 's/.*"packageManager": "bun@\([0-9.]*\)".*/\1/p' "$root/package.json")"

if ! command -v bun >/dev/null 2>&1 || [ "$(bun --version)" != "$bun_version" ]; then
  if command -v npm >/dev/null 2>&1; then
    echo "==> installing Bun $bun_version with npm" >&2
    npm install --global --no-fund --no-audit --allow-scripts=bun "bun@$bun_version" >&2
  else
    echo "Bun $bun_version is needed: install Node.js (for npm) or Bun from https://bun.sh, then run this again." >&2
    exit 1
  fi
  hash -r
fi

cd "$root"
bun install --frozen-lockfile >&2

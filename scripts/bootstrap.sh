#!/usr/bin/env bash
# Makes sure Bun (the version package.json pins) and the locked dependencies are installed.
# Sourced by the other scripts; safe to run again. `--production` installs only what the service
# needs to run; `--dev` (the default) adds the development tools (test browser driver, linters).
#
# Afterwards BUN is the absolute path of that Bun, and its directory comes first on PATH: another
# Bun earlier on PATH, or npm's global bin missing from PATH, does not matter.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bun_version="$(sed -n 's/.*"packageManager": "bun@\([0-9.]*\)".*/\1/p' "$root/package.json")"
# Where Bun goes when npm's global prefix is not writable (a non-root user with the system Node).
user_prefix="${BUN_USER_PREFIX:-$HOME/.local}"

# The first of these that is the pinned version: Bun on PATH, then where npm installs it, then
# where Bun's own installer puts it.
find_pinned_bun() {
  local npm_prefix=""
  if command -v npm >/dev/null 2>&1; then npm_prefix="$(npm prefix --global 2>/dev/null || true)"; fi
  local candidate
  for candidate in "$(command -v bun 2>/dev/null || true)" ${npm_prefix:+"$npm_prefix/bin/bun"} \
    "$user_prefix/bin/bun" "$HOME/.bun/bin/bun"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] &&
      [ "$("$candidate" --version 2>/dev/null)" = "$bun_version" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Whether `path`, or the directory it would be created in, is writable.
can_write() {
  local path="$1"
  while [ ! -e "$path" ]; do path="$(dirname "$path")"; done
  [ -w "$path" ]
}

install_bun_with_npm() {
  local prefix
  prefix="$(npm prefix --global)"
  local into=()
  if ! can_write "$prefix/lib/node_modules" || ! can_write "$prefix/bin"; then
    into=(--prefix "$user_prefix")
    echo "==> npm's global prefix ($prefix) is not writable by $(id -un): installing Bun $bun_version into $user_prefix instead" >&2
    echo "    (add $user_prefix/bin to PATH to run bun yourself; BUN_USER_PREFIX=<dir> picks another place)" >&2
    mkdir -p "$user_prefix"
  else
    echo "==> installing Bun $bun_version with npm into $prefix" >&2
  fi
  npm install --global "${into[@]}" --no-fund --no-audit --allow-scripts=bun "bun@$bun_version" >&2
}

if ! BUN="$(find_pinned_bun)"; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "Bun $bun_version is needed: install Node.js (for npm) or Bun from https://bun.sh, then run this again." >&2
    exit 1
  fi
  install_bun_with_npm
  if ! BUN="$(find_pinned_bun)"; then
    echo "npm installed Bun $bun_version, but it cannot be found or does not run: see npm's output above." >&2
    exit 1
  fi
fi
export BUN
PATH="$(dirname "$BUN"):$PATH"
export PATH
hash -r

cd "$root"
case "${1:---dev}" in
  --production) "$BUN" install --production --frozen-lockfile >&2 ;;
  --dev) "$BUN" install --frozen-lockfile >&2 ;;
  *)
    echo "bootstrap.sh: unknown option $1 (--production or --dev)" >&2
    exit 2
    ;;
esac

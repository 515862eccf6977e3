#!/usr/bin/env bash
# Installs what is needed and runs the test suite (unit, end-to-end, compiled binary, docs in a
# real browser) with coverage. The Docker image tests have their own command: bun run test:docker.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
bun test "$@"

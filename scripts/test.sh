#!/usr/bin/env bash
# Installs what is needed and runs the test suite (unit, end-to-end, compiled binary, docs in a
# real browser) with coverage. The Docker image tests have their own command: bun run test:docker.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" --dev
status=0
"$BUN" test "$@" || status=$?
# The browser tests skip themselves without Chromium (test/docs/swagger-ui.browser.test.ts).
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ] && [ "${REQUIRE_BROWSER:-}" != 1 ]; then
  echo "Skipped: the Swagger UI browser tests (no Chromium at $chromium). To run them: sudo apt-get install -y chromium, or set CHROMIUM_PATH." >&2
fi
exit "$status"

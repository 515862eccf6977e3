#!/usr/bin/env bash
# Installs what is needed and starts the service on port 11434. Any arguments go to the service,
# e.g. ./scripts/start.sh --port 11500. With no OPENAI_API_KEY it answers from the demo backend.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" --production
# Bun's fetch allows 256 requests at once unless told otherwise: one per open stream here.
export BUN_CONFIG_MAX_HTTP_REQUESTS="${BUN_CONFIG_MAX_HTTP_REQUESTS:-4096}"
exec "$BUN" src/main.ts "$@"

#!/usr/bin/env bash
# Installs what is needed and starts the service on 127.0.0.1:11434 (HOST=0.0.0.0 for every
# interface: then set API_KEYS). Any arguments go to the service, e.g. ./scripts/start.sh --port
# 11500. With no OPENAI_API_KEY it answers from the demo backend.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" --production
exec "$BUN" src/main.ts "$@"

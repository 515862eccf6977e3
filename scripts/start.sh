#!/usr/bin/env bash
# Installs what is needed and starts the service on port 11434. Any arguments go to the service,
# e.g. ./scripts/start.sh --port 11500. With no OPENAI_API_KEY it answers from the demo backend.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec bun src/main.ts "$@"

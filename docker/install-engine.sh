#!/usr/bin/env bash
# install-engine.sh — make a fresh Debian 12 machine ready to build our images.
#
# Installs, only when absent: docker.io (engine 20.10 + CLI), docker-compose
# (v1, the Debian package), debootstrap (used by build-base-images.sh).
# Then starts dockerd in the background unless a daemon already answers, and
# waits (max ${DOCKERD_WAIT:-60}s) until `docker info` works. Idempotent.
#
# Usage:  sudo docker/install-engine.sh [--no-start]
# Env:    DOCKERD_WAIT=60            seconds to wait for the daemon
#         DOCKERD_LOG=/var/log/dockerd.log
#         DOCKERD_ARGS="..."         extra dockerd flags (e.g. --storage-driver=vfs)
#
# Notes:
# * Debian 12 has no docker-buildx package, but docker.io 20.10's own CLI has
#   BuildKit built in: `DOCKER_BUILDKIT=1 /usr/bin/docker build` works; so does
#   the legacy builder (DOCKER_BUILDKIT=0). The script probes and reports both.
# * docker-compose v1 builds with the legacy builder unless
#   COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1, in which case it runs the
#   first `docker` on PATH — make sure that is /usr/bin/docker.
# * A `docker` earlier on PATH (e.g. /usr/local/bin/docker) may be a different
#   client; we always talk to the daemon via /usr/bin/docker.
set -euo pipefail

log()  { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarn:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

START=1
for arg in "$@"; do
  case "$arg" in
    --no-start) START=0 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

[[ $(id -u) -eq 0 ]] || die "must run as root (try: sudo $0)"
command -v apt-get >/dev/null || die "apt-get not found — this script targets Debian 12"

DOCKER=/usr/bin/docker
WAIT=${DOCKERD_WAIT:-60}
LOGFILE=${DOCKERD_LOG:-/var/log/dockerd.log}

# ---- packages -------------------------------------------------------------
missing=()
for pkg in docker.io docker-compose debootstrap; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    log "$pkg already installed ($(dpkg-query -W -f='${Version}' "$pkg"))"
  else
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # --no-install-recommends keeps out e.g. docker-doc/ubuntu-fan; the engine
  # still pulls containerd, runc, tini, iptables.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  log "installed: ${missing[*]}"
fi

# ---- daemon ---------------------------------------------------------------
daemon_up() { timeout 10 "$DOCKER" info >/dev/null 2>&1; }

if daemon_up; then
  log "dockerd already reachable"
elif ((START == 0)); then
  log "--no-start: not starting dockerd"
  exit 0
else
  if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
    log "starting docker via systemd"
    systemctl start docker || warn "systemctl start docker failed; falling back to a background dockerd"
  fi
  if ! daemon_up && ! pgrep -x dockerd >/dev/null; then
    log "starting dockerd in the background (log: $LOGFILE)"
    # shellcheck disable=SC2086  # DOCKERD_ARGS is intentionally word-split
    nohup /usr/sbin/dockerd ${DOCKERD_ARGS:-} >"$LOGFILE" 2>&1 &
    disown || true
  fi
  log "waiting up to ${WAIT}s for the daemon"
  for ((i = 0; i < WAIT; i++)); do
    daemon_up && break
    sleep 1
  done
  daemon_up || { tail -n 30 "$LOGFILE" >&2 2>/dev/null || true; die "dockerd did not become ready within ${WAIT}s (see $LOGFILE)"; }
  log "dockerd is up"
fi

# ---- report -----------------------------------------------------------------
"$DOCKER" version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}), storage driver: ' | tr -d '\n' >&2
"$DOCKER" info --format '{{.Driver}}' >&2
if command -v docker-compose >/dev/null; then
  log "$(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"
fi
# BuildKit: Debian 12 has no docker-buildx package, but the docker.io 20.10 CLI
# still carries the built-in BuildKit client, so `DOCKER_BUILDKIT=1
# /usr/bin/docker build` works. (A newer CLI earlier on PATH without the buildx
# plugin refuses DOCKER_BUILDKIT=1.) Probe both builders with a FROM-scratch
# build, which needs no registry.
probe() {
  local id
  id=$(printf 'FROM scratch\nLABEL io.probe=builder\n' | DOCKER_BUILDKIT=$1 "$DOCKER" build -q - 2>/dev/null) || return 1
  "$DOCKER" image rm "${id##*:}" >/dev/null 2>&1 || true
}
if probe 1; then bk=yes; else bk=no; fi
if probe 0; then legacy=yes; else legacy=no; fi
log "builders: BuildKit (DOCKER_BUILDKIT=1 $DOCKER build): $bk; legacy (DOCKER_BUILDKIT=0): $legacy"
if [[ $(command -v docker) != "$DOCKER" ]]; then
  warn "'docker' on PATH is $(command -v docker), not $DOCKER; use $DOCKER (or put /usr/bin first) for BuildKit and for COMPOSE_DOCKER_CLI_BUILD=1"
fi

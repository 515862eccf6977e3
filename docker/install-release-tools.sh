#!/usr/bin/env bash
# install-release-tools.sh — what docker/release.ts and its test need, on Debian 12 / Ubuntu
# (as root; idempotent). Debian packages only:
#
#   skopeo            copies the images into an OCI layout and pushes the multi-arch index
#   qemu-user-static  runs the arm64 image on an x86-64 machine (and vice versa) ...
#   binfmt-support    ... registered with the kernel's binfmt_misc, with the F flag, so that
#                     the interpreter also works inside containers
#   libc6-arm64-cross lets scripts/build.ts --all smoke-test the linux-arm64 binary under qemu
#   docker-registry   the registry that test/docker/run.ts releases into (127.0.0.1 only)
#
# Usage: sudo docker/install-release-tools.sh
set -euo pipefail

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (try: sudo $0)"

packages=(skopeo qemu-user-static binfmt-support libc6-arm64-cross docker-registry)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Without a running init the packages' services do not start: the test starts its own
  # registry, and binfmt is registered below.
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The package's own service would serve a registry on every interface (port 5000): keep it off.
if [[ -d /run/systemd/system ]] && systemctl is-enabled --quiet docker-registry.service 2>/dev/null; then
  log "disabling the docker-registry service (the test starts its own on 127.0.0.1)"
  systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
fi

binfmt=/proc/sys/fs/binfmt_misc
if [[ ! -e $binfmt/register ]]; then
  log "mounting binfmt_misc"
  mount -t binfmt_misc binfmt_misc "$binfmt" || die "cannot mount binfmt_misc on $binfmt"
fi
if ! grep -qx enabled "$binfmt/qemu-aarch64" 2>/dev/null; then
  log "registering qemu-aarch64 with binfmt_misc"
  update-binfmts --enable qemu-aarch64 || die "update-binfmts --enable qemu-aarch64 failed"
fi
grep -q '^flags: .*F' "$binfmt/qemu-aarch64" \
  || die "qemu-aarch64 is registered without the F flag: containers cannot use it ($(grep '^flags' "$binfmt/qemu-aarch64"))"
log "ready: $(skopeo --version), qemu-aarch64 $(sed -n 's/^flags: //p' "$binfmt/qemu-aarch64"), $(docker-registry --version 2>/dev/null | head -n1)"

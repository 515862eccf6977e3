#!/usr/bin/env bash
# build-base-images.sh — build, locally and without any container registry,
# the base image our Dockerfile starts from, under its exact upstream name:
#
#   oven/bun:${BUN_VERSION}   (default 1.4.5)
#
# Built from Debian packages (debootstrap) and the npm registry only, so the
# same Dockerfile works online (where Docker Hub has the real image) and
# air-gapped / registry-less (where this script provides it).
#
# What the image contains (mirrors oven-sh/bun dockerhub/debian{,-slim}):
#   * Debian ${SUITE} `--variant=minbase` + ca-certificates, upgraded from
#     ${SUITE}-updates and ${SUITE}-security, apt lists/caches removed
#   * /usr/local/bin/bun (from npm @oven/bun-linux-x64-baseline — the same
#     "baseline" build the official amd64 image ships; aarch64 on arm64),
#     /usr/local/bin/bunx -> bun, /usr/local/bun-node-fallback-bin/node -> bun
#   * /usr/local/bin/docker-entrypoint.sh (same logic as upstream's)
#   * user/group `bun` uid/gid 1000, home /home/bun, shell /bin/sh
#   * ENV PATH (+ node fallback), BUN_RUNTIME_TRANSPILER_CACHE_PATH=0,
#     BUN_INSTALL_BIN=/usr/local/bin; WORKDIR /home/bun/app;
#     ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]; CMD ["/usr/local/bin/bun"]
#   * optionally (--extra-ca) extra trusted CAs + ENV NODE_EXTRA_CA_CERTS —
#     this is the one intentional difference from upstream, for builds behind
#     a TLS-inspecting proxy.
#
# Usage: sudo docker/build-base-images.sh [options]
#   --force            rebuild even if the image tag already exists
#   --refresh-rootfs   redo debootstrap instead of using the cached rootfs
#   --extra-ca FILE    PEM file (single cert or bundle) to trust inside the
#                      image; default: $NODE_EXTRA_CA_CERTS if set. Certificates
#                      already in Debian's Mozilla bundle are skipped, so
#                      passing the whole host bundle only adds the host's
#                      private/proxy CAs.
#   --no-extra-ca      do not add any CA, even if NODE_EXTRA_CA_CERTS is set
#   --mirror URL       Debian mirror for debootstrap (default: the host's apt
#                      source for ${SUITE}/main, else http://deb.debian.org/debian)
#   --security-mirror URL   (default: host's ${SUITE}-security source, else
#                      http://deb.debian.org/debian-security)
#   -h, --help
#
# Environment:
#   BUN_VERSION=1.4.5        Bun version (npm package version) to install
#   BUN_NPM_PACKAGE=...      override the npm package (e.g. @oven/bun-linux-x64
#                            for the AVX2 build); default per arch, see above
#   SUITE=bookworm           Debian suite
#   DOCKER=/usr/bin/docker   docker CLI to use
#   XDG_CACHE_HOME           cache root (rootfs tarball + Bun binary live in
#                            ${XDG_CACHE_HOME:-$HOME/.cache}/ollama-openai-proxy/)
#   TMPDIR                   scratch space for the rootfs (default /var/tmp)
set -euo pipefail

BUN_VERSION=${BUN_VERSION:-1.4.5}
SUITE=${SUITE:-bookworm}
DOCKER=${DOCKER:-/usr/bin/docker}
CACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/ollama-openai-proxy
# Bump when the rootfs recipe below changes, so stale cached tarballs are ignored.
ROOTFS_RECIPE=1

START_TS=$(date +%s)
step() { printf '\033[1;34m==>\033[0m [%3ss] %s\n' "$(($(date +%s) - START_TS))" "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarn:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

# ---- arguments ------------------------------------------------------------
FORCE=0 REFRESH_ROOTFS=0 MIRROR="" SECURITY_MIRROR=""
EXTRA_CA=${NODE_EXTRA_CA_CERTS:-}
while (($#)); do
  case "$1" in
    --force) FORCE=1 ;;
    --refresh-rootfs) REFRESH_ROOTFS=1 ;;
    --extra-ca) [[ $# -ge 2 ]] || die "--extra-ca needs a FILE"; EXTRA_CA=$2; shift ;;
    --extra-ca=*) EXTRA_CA=${1#*=} ;;
    --no-extra-ca) EXTRA_CA="" ;;
    --mirror) [[ $# -ge 2 ]] || die "--mirror needs a URL"; MIRROR=$2; shift ;;
    --mirror=*) MIRROR=${1#*=} ;;
    --security-mirror) [[ $# -ge 2 ]] || die "--security-mirror needs a URL"; SECURITY_MIRROR=$2; shift ;;
    --security-mirror=*) SECURITY_MIRROR=${1#*=} ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
  shift
done

IMAGE="oven/bun:${BUN_VERSION}"

# ---- preflight ------------------------------------------------------------
[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap/chroot need it): sudo $0 $*"
[[ -x $DOCKER ]] || die "$DOCKER not found. Install the engine: docker/install-engine.sh  (or: apt-get install -y docker.io)"
timeout 20 "$DOCKER" info >/dev/null 2>&1 \
  || die "docker daemon not reachable via $DOCKER. Start it: docker/install-engine.sh  (or: nohup dockerd >/var/log/dockerd.log 2>&1 &)"

if ((FORCE == 0)) && "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then
  step "$IMAGE already exists ($("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE" | cut -c1-19)) — skipping (use --force to rebuild)"
  exit 0
fi

command -v npm >/dev/null || command -v curl >/dev/null \
  || die "need npm or curl to fetch Bun from the npm registry: apt-get install -y curl"
if [[ -n $EXTRA_CA ]]; then
  [[ -r $EXTRA_CA ]] || die "--extra-ca file not readable: $EXTRA_CA"
  grep -q -- '-----BEGIN CERTIFICATE-----' "$EXTRA_CA" || die "--extra-ca file has no PEM certificate: $EXTRA_CA"
fi

case "$(uname -m)" in
  x86_64)  DEB_ARCH=amd64 DEFAULT_PKG=@oven/bun-linux-x64-baseline ;;
  aarch64) DEB_ARCH=arm64 DEFAULT_PKG=@oven/bun-linux-aarch64 ;;
  *) die "unsupported architecture: $(uname -m)" ;;
esac
BUN_NPM_PACKAGE=${BUN_NPM_PACKAGE:-$DEFAULT_PKG}

# Host apt source for "<suite>/main", as apt sees it (works for both
# sources.list and deb822 .sources; disabled files are ignored by apt).
host_source() {
  apt-cache policy 2>/dev/null \
    | awk -v want="$1/main" '$3 == want && $2 ~ /^(https?|file):/ { print $2; exit }'
}
[[ -n $MIRROR ]] || MIRROR=$(host_source "$SUITE")
[[ -n $MIRROR ]] || MIRROR=http://deb.debian.org/debian
[[ -n $SECURITY_MIRROR ]] || SECURITY_MIRROR=$(host_source "$SUITE-security")
[[ -n $SECURITY_MIRROR ]] || SECURITY_MIRROR=http://deb.debian.org/debian-security
MIRROR=${MIRROR%/} SECURITY_MIRROR=${SECURITY_MIRROR%/}

step "building $IMAGE for $DEB_ARCH"
info "debian:   $SUITE minbase from $MIRROR (security: $SECURITY_MIRROR)"
info "bun:      $BUN_NPM_PACKAGE@$BUN_VERSION (npm registry)"
info "extra CA: ${EXTRA_CA:-none}"
info "cache:    $CACHE_DIR"
mkdir -p "$CACHE_DIR"

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/bun-base.XXXXXX")
ROOT=$WORK/rootfs
cleanup() {
  local m
  for m in "$ROOT/proc" "$ROOT/dev/pts"; do
    if mountpoint -q "$m" 2>/dev/null; then umount -l "$m" || true; fi
  done
  rm -rf --one-file-system "$WORK"
}
trap cleanup EXIT

in_root() { LC_ALL=C DEBIAN_FRONTEND=noninteractive chroot "$ROOT" "$@"; }

# ---- 1. Debian rootfs (cached) ---------------------------------------------
key=$(printf '%s|%s|%s|%s|%s' "$SUITE" "$DEB_ARCH" "$MIRROR" "$SECURITY_MIRROR" "$ROOTFS_RECIPE" | sha256sum | cut -c1-12)
ROOTFS_TAR=$CACHE_DIR/rootfs-$SUITE-$DEB_ARCH-minbase-$key.tar.gz

if ((REFRESH_ROOTFS == 0)) && [[ -s $ROOTFS_TAR ]]; then
  step "using cached rootfs $(basename "$ROOTFS_TAR") ($(du -h "$ROOTFS_TAR" | cut -f1), built $(date -r "$ROOTFS_TAR" +%F))"
else
  command -v debootstrap >/dev/null || die "debootstrap not found. Install it: apt-get install -y debootstrap"
  step "debootstrap --variant=minbase $SUITE (a minute or two; cached afterwards)"
  mkdir -p "$ROOT"
  debootstrap --variant=minbase --arch="$DEB_ARCH" --include=ca-certificates \
    "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed (full log above/$WORK/debootstrap.log)"; }

  step "configuring apt sources and applying $SUITE-updates/-security"
  rm -f "$ROOT/etc/apt/sources.list"
  cat >"$ROOT/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # Don't start services in the chroot; borrow host DNS and CA bundle for apt
  # (the latter only matters for https mirrors behind TLS inspection).
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"; chmod +x "$ROOT/usr/sbin/policy-rc.d"
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
  host_ca=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}
  apt_ca=()
  if [[ -r $host_ca ]]; then cp "$host_ca" "$ROOT/tmp/host-ca.crt"; apt_ca=(-o Acquire::https::CAInfo=/tmp/host-ca.crt); fi
  mount -t proc proc "$ROOT/proc"
  if ! { in_root apt-get "${apt_ca[@]}" -qq update \
         && in_root apt-get "${apt_ca[@]}" -qq -y -o Dpkg::Options::=--force-confold dist-upgrade; } >>"$WORK/debootstrap.log" 2>&1; then
    tail -n 30 "$WORK/debootstrap.log" >&2; die "apt-get update/dist-upgrade in the rootfs failed"
  fi
  rm -f "$ROOT/tmp/host-ca.crt"
  umount "$ROOT/proc"

  step "trimming rootfs"
  in_root apt-get clean
  rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/cache/debconf/*-old \
         "$ROOT"/var/lib/dpkg/*-old "$ROOT"/var/log/* "$ROOT"/tmp/* "$ROOT"/var/tmp/* \
         "$ROOT/usr/sbin/policy-rc.d" "$ROOT/etc/resolv.conf" "$ROOT/etc/hostname"
  mkdir -p "$ROOT/var/lib/apt/lists/partial"
  : >"$ROOT/etc/resolv.conf"   # docker bind-mounts over it at run time
  # Like the official debian images: make apt keep lists/caches out of layers.
  printf 'APT::Install-Recommends "false";\n' >"$ROOT/etc/apt/apt.conf.d/docker-no-recommends"
  printf 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\nAPT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\nDir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";\n' \
    >"$ROOT/etc/apt/apt.conf.d/docker-clean"

  step "caching rootfs -> $ROOTFS_TAR"
  tar -C "$ROOT" --numeric-owner --xattrs -czf "$ROOTFS_TAR.tmp" .
  mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  info "$(du -h "$ROOTFS_TAR" | cut -f1)"
fi

if [[ ! -d $ROOT ]]; then
  step "unpacking rootfs"
  mkdir -p "$ROOT"
  tar -C "$ROOT" --numeric-owner --xattrs -xzf "$ROOTFS_TAR"
fi

# ---- 2. Bun from the npm registry (cached) --------------------------------
BUN_BIN=$CACHE_DIR/bun-${BUN_NPM_PACKAGE##*/}-$BUN_VERSION
if [[ -x $BUN_BIN ]]; then
  step "using cached Bun binary $(basename "$BUN_BIN")"
else
  step "fetching $BUN_NPM_PACKAGE@$BUN_VERSION from the npm registry"
  dl=$WORK/npm; mkdir -p "$dl"
  if command -v npm >/dev/null; then
    # npm pack verifies the tarball against the registry's integrity hash.
    (cd "$dl" && npm pack --silent "$BUN_NPM_PACKAGE@$BUN_VERSION" >/dev/null) \
      || die "npm pack $BUN_NPM_PACKAGE@$BUN_VERSION failed (registry reachable? CA trusted?)"
  else
    registry=${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}; registry=${registry%/}
    meta=$(curl -fsSL "$registry/${BUN_NPM_PACKAGE/\//%2f}/$BUN_VERSION") \
      || die "cannot read $BUN_NPM_PACKAGE@$BUN_VERSION metadata from $registry"
    url=$(grep -o '"tarball":"[^"]*"' <<<"$meta" | head -n1 | cut -d'"' -f4)
    sha1=$(grep -o '"shasum":"[^"]*"' <<<"$meta" | head -n1 | cut -d'"' -f4)
    [[ -n $url && -n $sha1 ]] || die "unexpected registry metadata for $BUN_NPM_PACKAGE@$BUN_VERSION"
    curl -fsSL -o "$dl/bun.tgz" "$url" || die "download failed: $url"
    echo "$sha1  $dl/bun.tgz" | sha1sum -c --quiet - || die "checksum mismatch for $url"
  fi
  tar -C "$dl" -xzf "$dl"/*.tgz package/bin/bun || die "package has no bin/bun"
  "$dl/package/bin/bun" --version >/dev/null 2>&1 || die "downloaded bun does not run on this host"
  install -m 0755 "$dl/package/bin/bun" "$BUN_BIN.tmp" && mv "$BUN_BIN.tmp" "$BUN_BIN"
fi
info "bun $("$BUN_BIN" --revision)"

step "installing Bun, entrypoint and user bun (1000:1000)"
install -m 0755 "$BUN_BIN" "$ROOT/usr/local/bin/bun"
ln -sf bun "$ROOT/usr/local/bin/bunx"
mkdir -p "$ROOT/usr/local/bun-node-fallback-bin"
ln -sf /usr/local/bin/bun "$ROOT/usr/local/bun-node-fallback-bin/node"
cat >"$ROOT/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e

if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- /usr/local/bin/bun "$@"
fi

exec "$@"
EOF
chmod 0755 "$ROOT/usr/local/bin/docker-entrypoint.sh"
in_root groupadd --gid 1000 bun
in_root useradd --uid 1000 --gid bun --shell /bin/sh --create-home bun
mkdir -p "$ROOT/home/bun/app"   # root-owned, as WORKDIR creates it upstream
in_root /usr/local/bin/bun --version >/dev/null || die "bun does not run inside the rootfs"

# ---- 3. extra CA ----------------------------------------------------------
ENV_CA=()
if [[ -n $EXTRA_CA ]]; then
  step "adding extra CA certificates from $EXTRA_CA"
  # One line per certificate: its base64 body with the line breaks removed.
  pem_bodies() {
    awk '/-----BEGIN CERTIFICATE-----/ { b = ""; on = 1; next }
         /-----END CERTIFICATE-----/   { if (on) print b; on = 0; next }
         on { gsub(/[ \t\r]/, ""); b = b $0 }' "$@"
  }
  # "Known" = every public Mozilla root shipped by ca-certificates, in the
  # image *and* on the host: the host's bundle may still hold roots that the
  # image's newer ca-certificates has distrusted, and those must not sneak back.
  find "$ROOT/usr/share/ca-certificates" /usr/share/ca-certificates -name '*.crt' -type f -print0 2>/dev/null \
    | xargs -0 -r cat | pem_bodies /dev/stdin | sort -u >"$WORK/known"
  pem_bodies "$EXTRA_CA" | sort -u | comm -23 - "$WORK/known" >"$WORK/new"
  n=0
  while IFS= read -r body; do
    n=$((n + 1))
    { echo '-----BEGIN CERTIFICATE-----'; fold -w 64 <<<"$body"; echo '-----END CERTIFICATE-----'; } \
      >"$ROOT/usr/local/share/ca-certificates/extra-ca-$n.crt"
  done <"$WORK/new"
  if ((n == 0)); then
    info "all certificates in $EXTRA_CA are already trusted by Debian's bundle; nothing added"
  else
    info "$n certificate(s) not in Debian's bundle -> /usr/local/share/ca-certificates/extra-ca-*.crt"
    for f in "$ROOT"/usr/local/share/ca-certificates/extra-ca-*.crt; do
      if command -v openssl >/dev/null; then
        info "  $(basename "$f"): $(openssl x509 -noout -subject -in "$f" 2>/dev/null || echo '?')"
      fi
    done
    in_root update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in the rootfs"
    # Bun and Node read this in addition to their built-in Mozilla roots.
    ENV_CA=(--change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt")
  fi
fi

# ---- 4. import ------------------------------------------------------------
step "importing rootfs as $IMAGE"
old_id=$("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
tar -C "$ROOT" --numeric-owner --xattrs -c . | "$DOCKER" import \
  --platform "linux/$DEB_ARCH" \
  --message "local build: debootstrap $SUITE minbase + $BUN_NPM_PACKAGE@$BUN_VERSION (docker/build-base-images.sh)" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/bun-node-fallback-bin' \
  --change 'ENV BUN_RUNTIME_TRANSPILER_CACHE_PATH=0' \
  --change 'ENV BUN_INSTALL_BIN=/usr/local/bin' \
  "${ENV_CA[@]}" \
  --change 'WORKDIR /home/bun/app' \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["/usr/local/bin/bun"]' \
  - "$IMAGE" >/dev/null
new_id=$("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE")
if [[ -n $old_id && $old_id != "$new_id" ]]; then
  "$DOCKER" image rm "$old_id" >/dev/null 2>&1 || true   # only succeeds if unused
fi

step "smoke test"
# shellcheck disable=SC2016  # expanded inside the container
"$DOCKER" run --rm --network none "$IMAGE" sh -c \
  'printf "    bun %s, bunx -> %s, node -> %s, user %s, %s\n" "$(bun --version)" "$(readlink /usr/local/bin/bunx)" "$(node -e "process.stdout.write(process.version)")" "$(id bun)" "$(. /etc/os-release; echo "$PRETTY_NAME")"' >&2 \
  || die "smoke test of $IMAGE failed"

step "done: $IMAGE ($(  "$DOCKER" image inspect -f '{{.Id}}' "$IMAGE" | cut -c1-19), $(
  "$DOCKER" image inspect -f '{{.Size}}' "$IMAGE" | awk '{ printf "%.1f MB", $1 / 1e6 }'))"

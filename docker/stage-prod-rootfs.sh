#!/bin/sh
# stage-prod-rootfs.sh [ARCH] — run by the Dockerfile's `build` stage, as root, in /app (the
# source). Builds the binary for ARCH (a Debian/Docker architecture: amd64 or arm64; default: this
# machine's) and stages the `prod` image's filesystem under /rootfs: the binary, the C library
# files it links with, passwd/group/nsswitch.conf and /tmp.
#
# ARCH is this machine's: `bun run build` (two passes and a smoke test); the libraries are the
#   ones `ldd` resolves for it (the base image's glibc, the one the smoke test ran against).
# ARCH is another one: the host binary is built as above (its startup profile is reused), the
#   ARCH binary is cross-compiled (`scripts/build.ts --target`, Bun's runtime for ARCH comes
#   through the npm registry), and the libraries come from Debian's libc6:ARCH package
#   (`apt-get download`, extracted, not installed): the same sonames as the host binary's, in
#   ARCH's paths. The ARCH binary cannot run here, so it is checked to name that loader and those
#   libraries; the release runs it (docker/release.ts, through qemu-user).
set -eu

die() { echo "stage-prod-rootfs: $*" >&2; exit 1; }

native=$(dpkg --print-architecture)
arch=${1:-$native}
rootfs=/rootfs
case $arch in
  amd64) target=linux-x64 triplet=x86_64-linux-gnu loader=/lib64/ld-linux-x86-64.so.2 ;;
  arm64) target=linux-arm64 triplet=aarch64-linux-gnu loader=/lib/ld-linux-aarch64.so.1 ;;
  *) die "unsupported architecture '$arch' (amd64, arm64)" ;;
esac

host_binary=/app/dist/ollama-openai-proxy
if [ "$arch" = "$native" ]; then
  runuser -u bun -- bun run build
  binary=$host_binary
  sysroot=
else
  runuser -u bun -- bun scripts/build.ts --target "$target"
  binary=/app/dist/ollama-openai-proxy-$target
  sysroot=$(mktemp -d)
  dpkg --add-architecture "$arch"
  apt-get update -qq
  (cd "$sysroot" && apt-get download -qq "libc6:$arch" 2>/dev/null) || die "apt-get download libc6:$arch failed"
  deb=$(echo "$sysroot"/libc6_*.deb)
  dpkg-deb -x "$deb" "$sysroot"
  echo "C library: libc6:$arch $(dpkg-deb -f "$deb" Version) (Debian)"
fi

# Every shared object ldd reports for the host binary (libc, libm, libdl, libpthread, the loader).
libs=$(ldd "$host_binary" | grep -oE '/[^ ]+')
[ -n "$libs" ] || die "ldd found no libraries for $host_binary"

mkdir -p "$rootfs/app" "$rootfs/etc" "$rootfs/tmp"
cp "$binary" "$rootfs/app/ollama-openai-proxy"
for lib in $libs; do
  name=${lib##*/}
  if [ -z "$sysroot" ]; then
    path=$lib
  else
    case $name in
      ld-linux*) path=$loader needed=$loader ;;
      *) path=/lib/$triplet/$name needed=$name ;;
    esac
    grep -qaF "$needed" "$binary" || die "$binary does not name $needed"
  fi
  mkdir -p "$rootfs${path%/*}"
  cp -L "$sysroot$path" "$rootfs$path" || die "no $path in ${sysroot:-/}"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
[ -z "$sysroot" ] || rm -rf "$sysroot"
echo "prod rootfs ($arch):"
find "$rootfs" -type f -exec ls -l {} +

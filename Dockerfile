# ollama-openai-proxy — one Dockerfile, five stages:
#
#   base   Bun + the project's dependencies (system -> dependencies; no source)
#   dev    base + source; `bun --watch` on the source mounted by compose.dev.yaml
#   ci     base + source + tests; runs the test suite with coverage (lint and
#          type-check: `bun run lint`, `bun run typecheck`)
#   build  base + source; the binary for the target platform, then stages it
#          + the glibc files it links under /rootfs
#          (docker/stage-prod-rootfs.sh)
#   prod   FROM scratch + /rootfs: the binary, the dynamic loader, libc/libm/
#          libdl/libpthread, passwd/group/nsswitch. No shell, no package
#          manager, runs as 65532:65532.
#
#   docker build --target prod -t ollama-openai-proxy .
#   docker build --target ci   -t ollama-openai-proxy:ci . && docker run --rm ollama-openai-proxy:ci
#
# Other architecture (BuildKit): DOCKER_BUILDKIT=1 docker build --platform
# linux/arm64 --target prod . — every stage up to build runs on the build
# machine (base is FROM --platform=$BUILDPLATFORM), the binary is
# cross-compiled and glibc comes from Debian's libc6:arm64, so nothing is
# emulated. Only prod is meant for another platform (the release:
# docker/release.ts builds linux/amd64 and linux/arm64).
#
# Works with BuildKit and with the legacy builder (docker-compose v1): no
# RUN --mount, no COPY --link, no `# syntax=` line (BuildKit would pull it);
# the legacy builder has no BUILDPLATFORM, so `linux` (this machine) stands in.
# The dev stage comes right after base, so a legacy `--target dev` build does
# not build the later stages.
#
# Base image: the official oven/bun image. Without registry access, build it
# locally under the same name from Debian packages: docker/build-base-images.sh.
# To use a mirror: --build-arg BUN_IMAGE=mirror.example.com/oven/bun

ARG BUN_IMAGE=oven/bun
ARG BUN_VERSION=1.4.5

# ---------------------------------------------------------------------------
FROM --platform=${BUILDPLATFORM:-linux} ${BUN_IMAGE}:${BUN_VERSION} AS base
# The image ships user/group `bun` (uid/gid 1000). /app belongs to it so
# that tests (coverage/) and `bun --watch` can write there.
RUN mkdir -p /app && chown bun:bun /app
WORKDIR /app
USER bun
# A container listens on every interface (the binary alone listens on 127.0.0.1); the port is
# published on 127.0.0.1 by the compose files. Bun's fetch limit needs no setting: the service
# raises it to fit MAX_CONCURRENT_REQUESTS as it starts.
ENV HOST=0.0.0.0 \
    PORT=11434
# Dependency layer: rebuilt only when package.json or bun.lock change. The
# download cache is dropped in the same layer (installed files are hardlinks
# or copies, so they stay).
COPY --chown=bun:bun package.json bun.lock ./
RUN bun install --frozen-lockfile \
 && rm -rf /home/bun/.bun/install/cache

# ---------------------------------------------------------------------------
FROM base AS dev
ENV NODE_ENV=development \
    ENV=development \
    LOG_LEVEL=debug
# The source is baked in so the image also runs on its own; compose.dev.yaml
# mounts ./src and ./test over it for hot reload.
COPY --chown=bun:bun . .
EXPOSE 11434
# Debugger (Bun inspector, WebSocket): not listening by default. Enable with
#   BUN_OPTIONS=--inspect=0.0.0.0:6499
# and publish 6499 (compose.dev.yaml publishes it on 127.0.0.1); attach with
# the VS Code "Bun" extension or open the printed debug.bun.sh URL.
EXPOSE 6499
CMD ["bun", "--watch", "src/main.ts"]

# ---------------------------------------------------------------------------
FROM base AS ci
ENV CI=true
COPY --chown=bun:bun . .
# bunfig.toml turns coverage (text + lcov in coverage/) and its threshold on.
# Also runnable here: bun run lint, bun run typecheck.
CMD ["bun", "test", "--coverage"]

# ---------------------------------------------------------------------------
FROM base AS build
COPY --chown=bun:bun . .
# The binary for the target platform (scripts/build.ts: compiles, records the
# startup bytecode order, compiles again with it, smoke-tests the binary;
# another architecture's is cross-compiled with that order), then /rootfs:
# the binary plus every shared object it links (libc, libm, libdl, libpthread
# and the arch's loader: /lib64/ld-linux-x86-64.so.2 or
# /lib/ld-linux-aarch64.so.1), copied with their paths and symlinks resolved.
# Bun embeds Mozilla's root CAs, so no CA bundle (private CAs:
# NODE_EXTRA_CA_CERTS, see docs/docker.md). TARGETARCH: set by BuildKit
# (amd64, arm64), empty with the legacy builder (this machine's).
ARG TARGETARCH
USER root
RUN docker/stage-prod-rootfs.sh "$TARGETARCH"

# ---------------------------------------------------------------------------
FROM scratch AS prod
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/ollama-openai-proxy/ollama-openai-proxy
ARG CREATED=""
LABEL org.opencontainers.image.title="ollama-openai-proxy" \
      org.opencontainers.image.description="Speaks the Ollama REST API and answers from any OpenAI-compatible backend" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
COPY --from=build /rootfs/ /
# Elysia reads NODE_ENV at run time (the binary also has it compiled in).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=11434
USER 65532:65532
WORKDIR /app
EXPOSE 11434
# No shell in this image: exec form. `healthcheck` GETs /health on $PORT and
# exits 0 on a 200 within 2 s. The first probe runs one interval after start
# (Docker 20.10 has no --start-interval), hence 5 s.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/app/ollama-openai-proxy", "healthcheck"]
# SIGTERM starts the graceful drain (DRAIN_TIMEOUT, default 10 s); give
# `docker stop` more than that: docker stop -t 15 / stop_grace_period: 15s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/ollama-openai-proxy"]

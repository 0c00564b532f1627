# omni-chatops image: Node 24 LTS on Debian bookworm (glibc, so better-sqlite3's native module works),
# omnictl pinned and checksum-verified, running as the image's non-root `node` user.
#
#   docker build -t omni-chatops .
#   docker buildx build --platform linux/amd64,linux/arm64 -t omni-chatops .
#
# test/integration/dockerfile.test.ts checks this file's invariants statically.

# Toolchain for better-sqlite3's native build (used only when no prebuilt binary matches).
FROM node:24-bookworm-slim AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# Bundles the TypeScript sources (scripts/build.mjs) with every dependency, dev ones included.
FROM toolchain AS build
RUN npm ci
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

# Production dependencies only, native module built here so the final stage needs no compiler.
FROM toolchain AS prod-deps
RUN npm ci --omit=dev && npm cache clean --force

# omnictl from Sidero's releases, for a pinned version, verified against pinned SHA-256s (one per
# architecture). Sidero publishes them in its Homebrew tap (siderolabs/homebrew-tap,
# Formula/omnictl@<minor>.rb); README "Upgrading omnictl" keeps the same table, and
# test/integration/dockerfile.test.ts checks the two agree. Override version and checksums together.
FROM node:24-bookworm-slim AS omnictl
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
# Set by BuildKit to the platform being built (amd64 or arm64).
ARG TARGETARCH
ARG OMNICTL_VERSION=v1.10.6
ARG OMNICTL_SHA256_AMD64=2f192d6f11d3209489df4fa768074ac81a4b7e97f90bd6eccda7c93ebd45ffb0
ARG OMNICTL_SHA256_ARM64=6fd269921e5b576963c297233f2009fe4462ef5cd77b67b0a16bc24dbf9dbc9d
RUN arch="${TARGETARCH:-amd64}" \
 && case "${arch}" in \
      amd64) sha="${OMNICTL_SHA256_AMD64}" ;; \
      arm64) sha="${OMNICTL_SHA256_ARM64}" ;; \
      *) echo "no omnictl checksum for architecture ${arch} (amd64 and arm64 are pinned)" >&2; exit 1 ;; \
    esac \
 && curl -fsSL -o /tmp/omnictl \
      "https://github.com/siderolabs/omni/releases/download/${OMNICTL_VERSION}/omnictl-linux-${arch}" \
 && echo "${sha}  /tmp/omnictl" | sha256sum -c - \
 && install -m 0755 /tmp/omnictl /usr/local/bin/omnictl

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOME=/home/node \
    STATE_DB=/data/omni-chatops.sqlite \
    OMNICTL_PATH=/usr/local/bin/omnictl \
    PORT=3000
WORKDIR /app
COPY --from=omnictl /usr/local/bin/omnictl /usr/local/bin/omnictl
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# /data holds the SQLite file and omnictl's config (STATE_DB's directory); the `node` user owns it.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
# No curl in the slim image; Node 24 has fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node itself is PID 1 and gets SIGTERM (a /bin/sh -c wrapper would not pass it on).
CMD ["node", "dist/src/main.js"]

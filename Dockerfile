# omni-chatops image: Node 24 LTS on Debian bookworm (glibc, so better-sqlite3's native module works),
# omnictl pinned and checksum-verified, running as the image's non-root `node` user.
#
#   docker build -t omni-chatops --build-arg OMNICTL_SHA256=<sha256 of omnictl-linux-amd64> .
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

# omnictl from Sidero's releases, for a pinned version, verified against a pinned SHA-256.
FROM node:24-bookworm-slim AS omnictl
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
ARG OMNICTL_VERSION=v1.10.4
# PLACEHOLDER: replace with the real SHA-256 of omnictl-linux-amd64 for OMNICTL_VERSION (change both
# together). It could not be computed where this file was written (no network); the build refuses it.
ARG OMNICTL_SHA256=0000000000000000000000000000000000000000000000000000000000000000
RUN if [ "${OMNICTL_SHA256}" = "0000000000000000000000000000000000000000000000000000000000000000" ]; then \
      echo "OMNICTL_SHA256 is the placeholder: pass --build-arg OMNICTL_SHA256=<sha256 of omnictl-linux-amd64 ${OMNICTL_VERSION}>" >&2; \
      exit 1; \
    fi \
 && curl -fsSL -o /tmp/omnictl \
      "https://github.com/siderolabs/omni/releases/download/${OMNICTL_VERSION}/omnictl-linux-amd64" \
 && echo "${OMNICTL_SHA256}  /tmp/omnictl" | sha256sum -c - \
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

# One image for every node: `node server/dist/main.js` serving the API, the websockets and the
# built client. SQLite by default (mount a volume on /app/data); DATABASE_URL and REDIS_URL for
# several nodes (see docker-compose.yml and deploy/README.md).

# ---- manifests: the toolchain and the package manifests both installing stages start from ----
FROM node:20-bookworm-slim AS manifests
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Manifests first, so a change to the sources does not reinstall (and recompile) everything.
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/

# ---- build: TypeScript (tsc -b) and the client (vite build) need every dev dependency ----
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
# `tsc -b` also type-checks tests/ and scripts/ (the root tsconfig references them): they are
# in the context on purpose.
RUN npm run build

# ---- deps: production dependencies only, in their own stage so the toolchain stays behind ----
FROM manifests AS deps
# Only the server's dependencies (and shared's, which it depends on): the client is served
# as built files and needs none of its packages here. tsx and the other dev dependencies are
# only for the tests, which run the TypeScript sources.
RUN npm ci --omit=dev --workspace=@causal-map/server --no-audit --no-fund

# ---- runtime ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
# node_modules/@causal-map/shared is npm's workspace link to ../../shared: the server imports
# shared/dist through it (shared/package.json's "exports"), so both must be here too.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/package.json ./
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/client/dist client/dist
# The code stays root's and read-only to the server; only the SQLite directory is its own.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
# 503 when this node has lost PostgreSQL or Redis. Slim images have no curl: node's fetch.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1: the server handles SIGTERM (closing websockets with 1012, "restarting").
CMD ["node", "server/dist/main.js"]

# syntax=docker/dockerfile:1
# The OBP customer API and its reference gRPC adapter, in one image (the adapter runs with another command:
# see compose.yaml). Build: docker build -t obp-customer-api .
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: the C++ toolchain for better-sqlite3, all dependencies, TypeScript ----
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies first, without lifecycle scripts (prepare would build sources not copied yet), so this layer is
# reused while only the sources change; then the one native module is built.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json knexfile.ts ./
COPY src src
COPY migrations migrations
COPY scripts scripts
COPY proto proto
RUN npm run build && npm prune --omit=dev

# ---- runtime: production dependencies and the built code only, as an unprivileged user ----
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=8080 \
    DATABASE_URL=sqlite:/app/data/obp.sqlite
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/proto proto
# The node image's unprivileged user owns only the data directory (SQLite files, when DATABASE_URL is sqlite:).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# Liveness of the HTTP service, from inside the container (node's fetch: the image has no curl).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]

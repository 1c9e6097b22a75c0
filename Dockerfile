# syntax=docker/dockerfile:1
# One Dockerfile for the five services, each its own image: the stages that install the
# workspace and compile it are the same for every service (built once when docker-bake.hcl
# builds all five), and only the last two pick one service. docker-bake.hcl and
# docker-compose.yml pass SERVICE and the service's ports:
#   docker buildx bake                                   all five, tagged chatbot/<service>:$TAG
#   docker buildx bake session                           one
#   docker build --build-arg SERVICE=session --build-arg SERVICE_PORT=50051 --build-arg HEALTH_PORT=9101 -t chatbot/session .
#
# Stages:
#   deps     the workspace's npm packages, from the lockfile and the package.json files only:
#            cached until a dependency changes
#   build    the sources compiled to services/*/dist (scripts/build-services.mjs)
#   deploy   one service: its production dependencies and dist/ (pnpm deploy --prod)
#   runtime  Node.js, that service, its health check; runs as the image's `node` user

# The current LTS lines the services' dependencies accept (@opentelemetry/sdk-node needs 22.15+).
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /repo
# pnpm at the version the root package.json names (packageManager).
COPY package.json ./
RUN npm install --global --no-fund --no-audit "$(node -p "require('./package.json').packageManager")"
# Every package of the lockfile into pnpm's store: this layer changes only with the lockfile.
COPY pnpm-lock.yaml pnpm-workspace.yaml ./
RUN pnpm fetch
# Then the workspace linked from the store, offline. Every workspace package's manifest,
# and nothing else: a change to a source file leaves these layers cached.
COPY packages/core/package.json packages/core/
COPY packages/embedded/package.json packages/embedded/
COPY packages/grpc/package.json packages/grpc/
COPY packages/observability/package.json packages/observability/
COPY packages/redis/package.json packages/redis/
COPY packages/runtime/package.json packages/runtime/
COPY packages/sql/package.json packages/sql/
COPY packages/testkit/package.json packages/testkit/
COPY packages/tokens/package.json packages/tokens/
COPY packages/web/package.json packages/web/
COPY services/gateway/package.json services/gateway/
COPY services/ingest/package.json services/ingest/
COPY services/llm-proxy/package.json services/llm-proxy/
COPY services/retrieval/package.json services/retrieval/
COPY services/session/package.json services/session/
RUN pnpm install --offline --frozen-lockfile

FROM deps AS build
# The sources (.dockerignore leaves out node_modules, dist/, tests and documentation).
COPY . .
RUN node scripts/build-services.mjs

FROM build AS deploy
ARG SERVICE
RUN case "${SERVICE}" in gateway|session|retrieval|llm-proxy|ingest) ;; \
      *) echo "Set --build-arg SERVICE= to gateway, session, retrieval, llm-proxy or ingest (got '${SERVICE}')" >&2; exit 1 ;; esac
# /out: the service's package.json, its dist/ (its package.json's "files") and node_modules
# with its production dependencies only, from the store (--legacy: the workspace does not
# inject its packages, and the service needs none of them at run time: they are in dist/).
# Packing always keeps the package.json's "main" (src/index.ts, the workspace's entry to
# the service); the image runs dist/, so it goes.
RUN pnpm --filter "@chatbot/${SERVICE}" deploy --legacy --prod --offline /out \
 && rm -rf /out/src

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG SERVICE
ARG VERSION=dev
# The port the service is called on (gRPC; the gateway's HTTP) and the one /livez answers
# on (the admin port; the gateway's HTTP port).
ARG SERVICE_PORT
ARG HEALTH_PORT
LABEL org.opencontainers.image.title="chatbot-${SERVICE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.description="Chatbot backend: the ${SERVICE} service"
ENV NODE_ENV=production \
    HEALTH_PORT=${HEALTH_PORT} \
    DATA_DIR=/app/data
WORKDIR /app
# Owned by root and read-only to the service; only DATA_DIR (embedded PGlite, when no
# DATABASE_URL is given) is the node user's.
COPY --from=deploy /out ./
RUN test -n "${SERVICE_PORT}" && test -n "${HEALTH_PORT}" \
    || { echo "Set --build-arg SERVICE_PORT= and HEALTH_PORT= (docker-bake.hcl has them for each service)" >&2; exit 1; } \
 && mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE ${SERVICE_PORT} ${HEALTH_PORT}
# The admin port (ADMIN_PORT) of a backend, the HTTP port (PORT) of the gateway; HEALTH_PORT
# when neither is set. docker-compose.yml and Kubernetes use probes of their own.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const port = process.env.ADMIN_PORT || process.env.PORT || process.env.HEALTH_PORT; fetch(`http://127.0.0.1:${port}/livez`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/main.js"]

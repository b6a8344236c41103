# syntax=docker/dockerfile:1
# Game Session Manager: one image for the API and the matchmaker (MATCHMAKER_ENABLED picks the role).
#   docker build -t registry.example.com/game-session-manager:0.1.0 .
# Pinned to the Node release CI tests with; bump it deliberately (and CI with it).
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# --- build: all dependencies, compile TypeScript to dist/ ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependency fixes applied by patch-package on install (see patches/).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# --- deps: production dependencies only (the in-memory MongoDB stand-in is an optional dev-mode package) ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

# --- runtime: compiled output + production node_modules, owned by root and run as the unprivileged `node` user ---
FROM ${NODE_IMAGE} AS runtime
# Young generation: see NODE_OPTIONS in k8s/base/app/configmap.yaml (which replaces this value there).
ENV NODE_ENV=production \
    PORT=3000 \
    NODE_OPTIONS=--max-semi-space-size=32
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# uid 1000 (the Kubernetes manifests run it with runAsUser: 1000 and a read-only root filesystem).
USER node
EXPOSE 3000
# Node itself does the check, so the image needs no curl.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "require('http').get({ host: '127.0.0.1', port: process.env.PORT || 3000, path: '/health/live', timeout: 2000 }, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1)).on('timeout', () => process.exit(1))"]
# SIGTERM starts the graceful drain (SHUTDOWN_TIMEOUT_MS); node runs as PID 1 with its own signal handlers.
STOPSIGNAL SIGTERM
CMD ["node", "dist/apps/api/src/main.js"]

# Hookflow image: one image for every role (ROLE=all|api|worker). Node 24 runs the
# TypeScript sources directly (type stripping), so the build stage only installs
# dependencies, builds the editor (ui/dist) and drops the dev dependencies.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall patches the postgres driver (server/cli/patch-postgres-driver.mjs).
COPY server/cli/patch-postgres-driver.mjs ./server/cli/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:ui && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data \
    WORKFLOWS_DIR=/app/workflows \
    UI_DIR=/app/ui/dist
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/server ./server
COPY --from=build --chown=root:root /app/workflows ./workflows
COPY --from=build --chown=root:root /app/ui/dist ./ui/dist
# The code is root-owned and read-only to the process; only DATA_DIR is writable.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Same V8 flags as package.json config.nodeFlags: a small young generation keeps RSS low.
CMD ["node", "--max-semi-space-size=8", "server/main.ts"]

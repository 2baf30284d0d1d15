# One Dockerfile, three runtime targets: `idp`, `api`, `bff` (docker-compose.yml picks one per
# service with build.target). They share one lockfile and one compile step, so the `build` stage
# runs once for all three and BuildKit builds only the stages a target needs.
#
# Runtime layout (/app) mirrors the repository, as the servers resolve files relative to themselves:
#   bff/src/server.js   new URL('../../web/dist')         → /app/web/dist
#   */src/server.js     new URL('../../auth_config.json') → /app/auth_config.json
#   @vue-bff/shared     node_modules/@vue-bff/shared → /app/shared (package.json from the deps
#                       stage, its compiled src/*.js from the build stage)
#   idp, bff            data/ under /app                   → /app/data (a volume)

FROM node:22-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

# What `npm ci` reads: the lockfile and every workspace manifest (it checks them all against the lock).
FROM base AS manifests
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY idp/package.json idp/
COPY api/package.json api/
COPY bff/package.json bff/
COPY web/package.json web/

# Compiles the services (tsc → dist/) and the Vue app (vite → web/dist). Nothing native is loaded
# here, so install scripts are skipped: no toolchain, no prebuilt-binary download.
FROM manifests AS build
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY shared/src shared/src
COPY idp/src idp/src
COPY api/src api/src
COPY bff/src bff/src
COPY deploy/demo-secrets.ts deploy/demo-secrets-preload.ts deploy/
COPY web/index.html web/vite.config.ts web/tsconfig.json web/tsconfig.node.json web/
COPY web/src web/src
COPY web/public web/public
RUN npm run build

# Production dependencies of one workspace each (`npm ci --omit=dev --workspace=…`).
FROM manifests AS idp-deps
RUN npm ci --omit=dev --workspace=idp --ignore-scripts

FROM manifests AS api-deps
RUN npm ci --omit=dev --workspace=api --ignore-scripts

# better-sqlite3 is native: its install script (`prebuild-install || node-gyp rebuild`, allowed in
# package.json "allowScripts") fetches a binary for this Node ABI or compiles one, against the
# headers the Node image ships (nodedir: no header download). The compiler stays in this stage;
# the runtime image gets only node_modules.
FROM manifests AS bff-deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
RUN npm_config_nodedir=/usr/local npm ci --omit=dev --workspace=bff

# ---- runtime targets: Node 22, production dependencies only, user `node` (uid 1000) ----

FROM base AS idp
COPY --from=idp-deps /app ./
COPY --from=build /app/dist/idp idp
COPY --from=build /app/dist/shared shared
COPY auth_config.json ./
# The signing key is generated on first start into data/idp: a volume, owned by the runtime user.
RUN mkdir -p data/idp && chown -R node:node data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "idp/src/server.js"]

FROM base AS api
COPY --from=api-deps /app ./
COPY --from=build /app/dist/api api
COPY --from=build /app/dist/shared shared
COPY auth_config.json ./
USER node
EXPOSE 3001
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3001)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "api/src/server.js"]

FROM base AS bff
COPY --from=bff-deps /app ./
COPY --from=build /app/dist/bff bff
COPY --from=build /app/dist/shared shared
COPY --from=build /app/web/dist web/dist
# The local demo's secret preload and the development values it may use (deploy/demo-secrets.ts).
COPY --from=build /app/dist/deploy deploy
COPY --from=build /app/dist/idp/src/dev-defaults.js idp/src/dev-defaults.js
COPY auth_config.json ./
# Only SESSION_STORE_URL=sqlite:data/… writes here; the compose setup uses Redis.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
# Healthy = it answers and its session store is connected (the store check of /readyz): an IdP or
# API outage, shared by every replica, does not count. deploy/README.md says why.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>r.json()).then(b=>process.exit(b.checks?.store==='ok'?0:1),()=>process.exit(1))"]
CMD ["node", "bff/src/server.js"]

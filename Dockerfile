# tocsin in a container: build with the toolchain, run without it, as a non-root user, with the
# data in a volume. docker build -t tocsin . ; see docs/deploy.md for compose and options.

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
# The lockfile exactly; scripts wait until the sources are here (prepare builds them).
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
COPY examples ./examples
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
# monitoring-plugins-basic: Nagios plugins for exec monitors; iputils-ping for ping checks.
RUN apt-get update && apt-get install -y --no-install-recommends monitoring-plugins-basic iputils-ping ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /var/lib/tocsin /etc/tocsin && chown node:node /var/lib/tocsin
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/examples ./examples
COPY deploy/docker/tocsin.yaml /etc/tocsin/tocsin.yaml
ENV NODE_ENV=production \
    TOCSIN_CONFIG=/etc/tocsin/tocsin.yaml \
    TOCSIN_DATABASE_URL=sqlite:/var/lib/tocsin/tocsin.db
USER node
VOLUME ["/var/lib/tocsin"]
EXPOSE 8080
# /livez answers while the HTTP server runs; /healthz also needs checks on schedule and
# notifications flowing, which is a paging matter, not a reason for Docker to restart it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/livez').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["start"]

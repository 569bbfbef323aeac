# loadgen container: multi-stage, current LTS Node on Debian slim, runs as the unprivileged
# "node" user with loadgen as the entrypoint, e.g.
#   docker run --rm loadgen infer --url http://model:8080 --model iris --rate 100 -d 30s
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY payloads ./payloads
COPY protos ./protos
# npm ci runs the prepare script, which compiles TypeScript; then drop the dev dependencies.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY --from=build /src/payloads ./payloads
COPY --from=build /src/protos ./protos
USER node
# loadgen handles SIGTERM itself (stop sending, wait --grace, write every report), also as PID 1.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/app/dist/src/cli/main.js"]
CMD ["--help"]

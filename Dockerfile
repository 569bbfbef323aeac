# loadgen container: multi-stage, current LTS Node on Debian slim. The runtime stage holds the
# bundled CLI and production dependencies only, runs as uid 1000 (the image's "node" user),
# works with a read-only root filesystem (it writes only to /results, the working directory,
# meant to be a mounted volume, or to stdout), e.g.
#   docker run --rm --read-only -v "$PWD/results:/results" loadgen \
#     infer --url http://model:8080 --model iris --rate 100 -d 30s --result run.json
# test/image/entrypoint.test.ts runs this file's runtime stage as written (ENTRYPOINT, CMD, USER,
# WORKDIR, the COPY layout, npm prune) as an unprivileged user on a read-only tree.
ARG NODE_VERSION=24

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY payloads ./payloads
COPY protos ./protos
# npm ci runs the prepare script, which compiles TypeScript and bundles the CLI (dist/bundle);
# then drop the dev dependencies.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim
# tini as PID 1: Node ignores SIGTERM as PID 1 until loadgen installs its handler (at the start
# of the load), so a pod deleted during readiness or warm-up would wait for SIGKILL; tini
# forwards the signal and reaps. loadgen's own handler then stops sending, waits --grace and
# writes every report and the record.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/* \
  && mkdir /results && chown 1000:1000 /results
ENV NODE_ENV=production
COPY --from=build /src/package.json /app/package.json
COPY --from=build /src/node_modules /app/node_modules
COPY --from=build /src/dist/bundle /app/dist/bundle
COPY --from=build /src/payloads /app/payloads
COPY --from=build /src/protos /app/protos
WORKDIR /results
VOLUME /results
USER 1000:1000
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/bundle/main.js"]
CMD ["--help"]

# Guestlist's container: the production build (scripts/container/build.sh) on Node 24, run as
# a non-root user. The same build and start scripts run in the test suite
# (apps/server/test/production-build.test.ts); the image itself is not built in CI.
#   docker build -t guestlist .
#   docker run -e DATABASE_URL=… -e SECRET_KEY=… -p 3000:3000 guestlist          # the server
#   docker run -e DATABASE_URL=… -e SECRET_KEY=… guestlist /app/start-worker.sh  # a worker

FROM node:24-slim AS build
WORKDIR /src
COPY package.json ./
RUN npm install -g --no-audit --no-fund "pnpm@$(node -p "require('./package.json').packageManager.split('@')[1]")"
COPY . .
RUN pnpm install --frozen-lockfile && scripts/container/build.sh /app

FROM node:24-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
COPY --from=build /app /app
# The image's `node` account (uid 1000) owns only the data directory: the code stays read-only.
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["/app/start-server.sh"]

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# sqlite3 falls back to a source build where no prebuilt binary is available.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ curl && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
# The dashboard's components bundle, built once here rather than at every start.
RUN node --import tsx scripts/build-admin.ts
# The server's JavaScript, compiled once (as `npm start` does before it starts).
RUN node scripts/build.mjs
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
# Run node directly (not through npm) so SIGTERM reaches the server and it can drain.
CMD ["node", ".build/src/main.js"]

# Builds one image for both processes: `node --max-semi-space-size=64 dist/apps/api/src/main.js` and
# `node --max-semi-space-size=4 --heap-growing-percent=40 dist/apps/worker/src/main.js` (each with the flags
# of `npm run start:api` / `npm run start:worker`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/libs/catalog/data ./libs/catalog/data
USER node
EXPOSE 3000
CMD ["node", "--max-semi-space-size=64", "dist/apps/api/src/main.js"]

# syntax=docker/dockerfile:1
# OpsManager: one static binary (api | worker | migrate | ... subcommands) with the dashboard
# embedded. Build: docker build -t opsmanager:local .   (docker-compose.yml does this for you)

# 1. Dashboard SPA -> web/dist
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# 2. Go binary, with web/dist embedded
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/web/dist ./web/dist
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/opsmanager ./cmd/opsmanager

# 3. Runtime: no shell, no package manager, runs as uid 65532
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/opsmanager /opsmanager
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/opsmanager"]
CMD ["api"]

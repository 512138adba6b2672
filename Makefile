# OpsManager — run `make help` for the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
BIN     := bin/opsmanager
GO_TEST_FLAGS ?= -race -count=1 -timeout 30m
TOOL_CACHE := $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/opsmanager
STATICCHECK := $(TOOL_CACHE)/staticcheck-v0.8.2/staticcheck
WORKFLOWCHECK := $(TOOL_CACHE)/workflowcheck-v0.6.0/workflowcheck

# In dev, playbooks may call services and servers on this machine (the SSRF guard blocks them elsewhere).
DEV_ENV := OPSMANAGER_ENV=dev OUTBOUND_ALLOW_CIDRS=$${OUTBOUND_ALLOW_CIDRS:-127.0.0.0/8,::1/128} \
	SSH_ALLOW_CIDRS=$${SSH_ALLOW_CIDRS:-127.0.0.0/8,::1/128} \
	DATABASE_ADMIN_URL=$${DATABASE_ADMIN_URL:-postgres://opsmanager_admin:opsmanager_admin@127.0.0.1:5432/opsmanager?sslmode=disable}

.PHONY: help deps dev run build web web-deps migrate generate test test-go test-web test-browser lint bench budgets stop clean

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

deps: ## Install (if missing) and start Postgres, Redis, Temporal dev server + UI, Mailpit on loopback
	@./scripts/deps.sh

web-deps: ## Install the dashboard's npm packages (npm ci) when package-lock.json changed
	@if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
		echo "==> npm ci (web)"; cd web && npm ci --no-audit --no-fund; fi

web: web-deps ## Build the dashboard into web/dist (embedded in the binary)
	@cd web && npm run build

build: web ## Build bin/opsmanager with the dashboard embedded
	go build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/opsmanager

migrate: build ## Apply database migrations
	$(BIN) migrate up

dev: deps build ## Start everything and run API + worker + dashboard at http://localhost:8080
	@$(DEV_ENV) $(BIN) dev

run: build ## Run API + worker without (re)starting the services
	@$(DEV_ENV) $(BIN) dev

test: deps web-deps ## Start the services, then run every test (Go with -race, the dashboard's, the browser journeys)
	@$(MAKE) --no-print-directory test-go test-web test-browser

test-go:
	go vet ./...
	OPSMANAGER_TEST_SERVICES=require go test $(GO_TEST_FLAGS) ./...

test-web:
	cd web && npm test

test-browser: deps web-deps ## Browser journeys: Playwright in Debian's Chromium against a freshly built platform
	@$(MAKE) --no-print-directory build
	cd web && npm run test:browser

generate: ## Regenerate the OpenAPI document and the dashboard's API types from api/contracts.go
	go run ./cmd/opsmanager openapi >web/src/api/openapi.json
	go run ./cmd/opsmanager openapi --typescript >web/src/api/generated.ts

lint: ## gofmt check, go vet, staticcheck, workflowcheck (workflow determinism), dashboard type check and ESLint (feature boundaries)
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...
	@[ -x $(STATICCHECK) ] || GOBIN=$(dir $(STATICCHECK)) go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
	$(STATICCHECK) ./...
	@[ -x $(WORKFLOWCHECK) ] || GOBIN=$(dir $(WORKFLOWCHECK)) go install go.temporal.io/sdk/contrib/tools/workflowcheck@v0.6.0
	$(WORKFLOWCHECK) -show-pos ./workflows/... ./worker/...
	@if [ -d web/node_modules ]; then cd web && npm run typecheck && npm run lint; fi

bench: deps ## Run the benchmarks
	go test -run '^$$' -bench . -benchmem ./...

budgets: deps web-deps ## Dashboard budgets: initial JS gzip size, page loads, Lighthouse scores (report in web/budgets/report.json)
	@$(MAKE) --no-print-directory build
	@if [ ! -d web/budgets/node_modules ]; then cd web/budgets && npm ci --no-audit --no-fund; fi
	cd web && ./node_modules/.bin/playwright test -c budgets

stop: ## Stop the services started by make deps
	@./scripts/stop-services.sh

clean: ## Remove build output (keeps .data and the tool cache)
	rm -rf bin/opsmanager web/dist/assets web/dist/index.html

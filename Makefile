# uvmnet entry points. `make help` lists them. Every target works on a fresh
# machine with only Go installed, except `generate` / `check-generate`,
# which also need protoc (`make tools` installs Debian's protobuf-compiler).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

MODULES := tools/stategen netcore netlcow netwcow conformance
FUZZTIME ?= 10s
BENCHTIME ?= 1s
BENCHCOUNT ?= 1

export GOFLAGS ?= -mod=readonly

.PHONY: help
help: ## List the targets.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: tools
tools: ## Install the non-Go tools generation needs (Debian's protoc).
	@command -v protoc >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq protobuf-compiler >/dev/null; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq protobuf-compiler >/dev/null; fi; }
	@protoc --version

.PHONY: generate
generate: tools ## Regenerate state tables, diagrams, README diagram and doc tables, protobuf and mocks.
	@for m in $(MODULES); do (cd $$m && go generate ./...); done

.PHONY: check-generate
check-generate: generate ## Fail, showing the diff, when a generated file is stale.
	@if [ -n "$$(git status --porcelain)" ]; then \
		echo "generated files are stale; run 'make generate' and commit:"; \
		git status --short; git --no-pager diff; exit 1; \
	fi
	@echo "generated files are fresh"

.PHONY: tidy
tidy: ## Run go mod tidy in every module, as a consumer's go get sees it.
	@for m in $(MODULES); do (cd $$m && GOWORK=off GOFLAGS=-mod=mod go mod tidy); done

.PHONY: check-tidy
check-tidy: ## Fail when any module's go.mod or go.sum is not tidy.
	@for m in $(MODULES); do echo "tidy: $$m"; (cd $$m && GOWORK=off GOFLAGS=-mod=mod go mod tidy -diff); done

.PHONY: lint
lint: ## gofmt, and go vet for linux and windows.
	@bad=$$(gofmt -l $(MODULES)); if [ -n "$$bad" ]; then echo "not gofmt-ed:"; echo "$$bad"; exit 1; fi
	@for m in $(MODULES); do (cd $$m && go vet ./... && GOOS=windows go vet ./...); done
	@echo "lint ok"

.PHONY: test
test: ## Every module's tests with the race detector.
	@for m in $(MODULES); do (cd $$m && go test -race -count=1 ./...); done

.PHONY: test-windows
test-windows: ## Cross-build and vet every module for windows, and compile every package's tests.
	@out=$$(mktemp -d); trap 'rm -rf "$$out"' EXIT; \
	for m in $(MODULES); do (cd $$m && \
		GOOS=windows go build ./... && \
		GOOS=windows go vet ./... && \
		GOOS=windows go test -c -o "$$out/" ./... >/dev/null && \
		echo "windows: $$m builds, vets and compiles its tests"); done

.PHONY: test-gowork-off
test-gowork-off: ## Build and test each module alone (GOWORK=off), through its replace directives.
	@for m in $(MODULES); do (cd $$m && GOWORK=off go build ./... && GOWORK=off go test -count=1 ./... >/dev/null && echo "GOWORK=off: $$m ok"); done

.PHONY: conformance
conformance: ## Run the conformance suite for both platforms and print its report.
	@cd conformance && go run ./cmd/conformance-report

.PHONY: bench
bench: ## Benchmarks with allocation counts (benchstat-friendly).
	@for m in $(MODULES); do (cd $$m && go test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -count $(BENCHCOUNT) ./...); done

.PHONY: fuzz
fuzz: ## Run every fuzz target for FUZZTIME (default 10s) each.
	@for m in $(MODULES); do (cd $$m && \
		for pkg in $$(go list ./...); do \
			for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
				echo "fuzz: $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
			done; done); done

.PHONY: ci
ci: check-generate check-tidy lint test-windows test-gowork-off conformance test ## What .ci/run runs.

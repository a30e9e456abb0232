# uvmnet entry points. `make help` lists them. Every target works on a fresh
# machine with only Go installed, except `generate` / `check-generate`,
# which also need protoc (`make tools` installs Debian's protobuf-compiler).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Every module of go.work. The published ones, with their versions, are in
# versions.txt; tools/gen, tools/release and checks/* are not published.
MODULES := tools/stategen tools/gen tools/release netcore hcnhost netlcow netwcow conformance cmd/uvmnet checks/guestplatforms checks/hcnschema checks/hcsshimadopt checks/upstreamsuite checks/realguest
RELEASE := bin/release
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
generate: tools ## Regenerate state machines and their diagrams, protobuf and mocks.
	@for m in $(MODULES); do (cd $$m && go generate ./...); done

.PHONY: check-generate
check-generate: generate ## Fail, showing the diff, when a generated file is stale.
	@if [ -n "$$(git status --porcelain)" ]; then \
		echo "generated files are stale; run 'make generate' and commit:"; \
		git status --short; git --no-pager diff; exit 1; \
	fi
	@echo "generated files are fresh"

.PHONY: check-clean
check-clean: ## Fail when go doc in a module directory (what the README suggests) changes a clean tree, e.g. go.work.sum.
	@for m in $(MODULES); do (cd $$m && go doc . >/dev/null); done
	@if [ -n "$$(git status --porcelain)" ]; then \
		echo "go doc in a module directory changed the tree; commit what it wrote:"; \
		git status --short; git --no-pager diff; exit 1; \
	fi
	@echo "go doc leaves the tree clean"

.PHONY: release-tool
release-tool:
	@go build -o $(RELEASE) ./tools/release

.PHONY: tidy
tidy: release-tool ## go mod tidy every module alone (GOWORK=off), siblings from the tree.
	@$(RELEASE) tidy

.PHONY: check-tidy
check-tidy: release-tool ## Fail when a go.mod or go.sum is not tidy or disagrees with versions.txt.
	@$(RELEASE) check
	@$(RELEASE) tidy -check

.PHONY: set-versions
set-versions: release-tool ## Write versions.txt into every sibling require and go.work's replaces.
	@$(RELEASE) set

.PHONY: release-tags
release-tags: release-tool ## Print the git commands that tag and push a release (see RELEASING.md).
	@$(RELEASE) tags

.PHONY: release-check
release-check: ## Release rehearsal: go get the tree as if tagged, from fresh modules, empty module cache.
	@bash tools/release/rehearse.sh

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
		GOOS=windows go build -o /dev/null ./... && \
		GOOS=windows go vet ./... && \
		GOOS=windows go test -c -o "$$out/" ./... >/dev/null && \
		echo "windows: $$m builds, vets and compiles its tests"); done

.PHONY: check-alone
check-alone: release-tool ## Build and vet each module alone (GOWORK=off) with the oldest Go its go.mod allows.
	@$(RELEASE) gofloor
	@for m in $(MODULES); do \
		v=$$(awk '$$1 == "go" { print $$2; exit }' $$m/go.mod); \
		case $$v in *.*.*) tc=go$$v ;; *) tc=go$$v.0 ;; esac; \
		GOTOOLCHAIN=$$tc $(RELEASE) alone $$m -- go build -o /dev/null ./... && \
		GOTOOLCHAIN=$$tc $(RELEASE) alone $$m -- go vet ./... && \
		GOOS=windows GOTOOLCHAIN=$$tc $(RELEASE) alone $$m -- go vet ./... && \
		echo "alone: $$m builds and vets with $$tc" || exit 1; done

.PHONY: conformance
conformance: ## Run the conformance suite for both platforms and print its report.
	@cd conformance && go run ./cmd/conformance-report

.PHONY: hcsshim-adopt
hcsshim-adopt: ## Apply ADOPTING.md to a copy of hcsshim and build and vet its shim for windows (minutes).
	@cd checks/hcsshimadopt && UVMNET_HCSSHIM_ADOPT=1 go test -count=1 -timeout 60m -run '^TestGlueBuildsInHcsshim$$' -v .

.PHONY: upstream-suite
upstream-suite: ## Judge hcsshim's own network controller with the Contract, as released and fixed (under a minute; part of make test).
	@cd checks/upstreamsuite && go test -count=1 -run '^TestHcsshimControllerUnderTheContract$$' -v .

.PHONY: realguest
realguest: ## Run uvmnet's LCOW path against hcsshim's real Linux guest agent (root, Linux; about a minute).
	@cd checks/realguest && UVMNET_REALGUEST=1 go test -count=1 -timeout 15m -run '^TestRealGuestAgent$$' -v .

.PHONY: bench
bench: ## Benchmarks with allocation counts (benchstat-friendly).
	@for m in $(MODULES); do (cd $$m && go test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -count $(BENCHCOUNT) ./...); done

.PHONY: bench-figures
bench-figures: ## The allocation, retained-heap and hot-plug figures BENCHMARKS.md quotes.
	@for p in lcow wcow; do (cd checks/guestplatforms && echo "net$$p:" && \
		go test -run '^$$' -bench '^BenchmarkOverhead$$/^endpoints=1$$' -benchmem -benchtime 1s ./$$p | grep ^Benchmark && \
		go test -run '^$$' -bench '^BenchmarkScale$$' -benchtime 3x ./$$p | grep ^Benchmark); done
	@cd conformance && echo "netcore:" && go test -run '^$$' -bench '^BenchmarkHotPlugOneEndpoint$$' -benchmem -benchtime 3000x ./internal/netcoretest | grep ^Benchmark

.PHONY: fuzz
fuzz: ## Run every fuzz target for FUZZTIME (default 10s) each.
	@for m in $(MODULES); do (cd $$m && \
		for pkg in $$(go list ./...); do \
			for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
				echo "fuzz: $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
			done; done); done

.PHONY: ci
ci: check-generate check-clean check-tidy lint test-windows check-alone conformance hcsshim-adopt realguest release-check test ## What .ci/run runs.

# calorie-balance: `make dev` runs the stack locally, `make test` runs every check.
# Both install whatever the machine lacks (pinned, idempotent): see scripts/ensure-tools.sh.
.PHONY: dev test bench tools build fmt clean

dev: ## the whole stack in the foreground (Ctrl-C stops it); settings in .dev/env
	@scripts/dev.sh

test: ## fmt, clippy (native + wasm32), unit tests, wasm32 tests, SQL tests, end-to-end tests
	@scripts/test.sh

bench: ## the benchmarks; writes docs/BENCHMARKS.md
	@scripts/bench.sh

tools: ## install missing tools only
	@scripts/ensure-tools.sh

build: tools ## the worker bundle (crates/calorie-worker/build)
	@. scripts/lib.sh && cd crates/calorie-worker && worker-build --release

fmt:
	cargo fmt --all

clean: ## stop any local stack and remove build output and local state
	-@STACK_DIR=.dev/test scripts/stack.sh down
	-@scripts/stack.sh down
	rm -rf target crates/calorie-worker/build .dev .wrangler

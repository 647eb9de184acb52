# Thin aliases; the real work is in scripts/bootstrap.sh.
.PHONY: setup demo test bench lint
setup:
	bash scripts/bootstrap.sh setup
demo:
	bash scripts/bootstrap.sh demo
test:
	bash scripts/bootstrap.sh test
bench: setup
	PCWM_BENCH_DATA=$${PCWM_BENCH_DATA:-../shared/data} .venv/bin/python benchmarks/bench_sandbox.py
lint: setup
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/lint-imports

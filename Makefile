# make demo: set up and run the main job.  make test: set up and pass the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

DEMO_SCALE ?= 0.1
DEMO_SEEDS ?= 3
DEMO_WORKERS ?= 2
DEMO_LANG ?= en
DEMO_ROBUST ?= 6
DEMO_SCENARIOS := baseline_8to5 proposal_9to5 proposal_0830

.PHONY: demo demo-fixed d1 test test-slow bench bench-agreement bench-day bench-equilibrium bench-prices bench-robust bench-scale bench-sweep clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

DEMO_SCENARIO_FILES := $(foreach name,$(DEMO_SCENARIOS),scenarios/shaoyang/$(name).toml)

demo: $(STAMP)
	$(BIN)/staggersim compare $(DEMO_SCENARIO_FILES) --seeds $(DEMO_SEEDS) --scale $(DEMO_SCALE) \
		--workers $(DEMO_WORKERS) --lang $(DEMO_LANG) --robust $(DEMO_ROBUST) -o out/demo

demo-fixed: $(STAMP)
	$(BIN)/staggersim compare $(DEMO_SCENARIO_FILES) --seeds $(DEMO_SEEDS) --scale 1.0 \
		--fixed-departures --lang $(DEMO_LANG) -o out/demo_fixed

d1: $(STAMP)
	$(BIN)/staggersim trips scenarios/validation/d1_bottleneck \
		scenarios/validation/d1_bottleneck/demand.csv -o out/d1_bottleneck --cumulative 2

test: $(STAMP)
	$(BIN)/python -m pytest -q --durations=10

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_kernel.py

bench-agreement: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench_agreement.py

bench-day: $(STAMP)
	$(BIN)/python benchmarks/bench_day.py

bench-equilibrium: $(STAMP)
	$(BIN)/python benchmarks/bench_equilibrium.py

bench-prices: $(STAMP)
	$(BIN)/python benchmarks/bench_prices.py

bench-robust: $(STAMP)
	$(BIN)/python benchmarks/bench_robust.py

bench-scale: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py

bench-sweep: $(STAMP)
	$(BIN)/python benchmarks/bench_sweep.py

clean:
	rm -rf out .pytest_cache

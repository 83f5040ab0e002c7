# make demo: set up and run the main job.  make test: set up and pass the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

DEMO_SCALE ?= 1.0
DEMO_SEEDS ?= 3
DEMO_LANG ?= en
DEMO_SCENARIOS := baseline_8to5 proposal_9to5 proposal_0830

.PHONY: demo adapted d1 test test-slow bench bench-agreement bench-day bench-equilibrium bench-prices bench-sweep clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)
	$(BIN)/staggersim compare $(foreach name,$(DEMO_SCENARIOS),scenarios/shaoyang/$(name).toml) \
		--seeds $(DEMO_SEEDS) --scale $(DEMO_SCALE) --lang $(DEMO_LANG) -o out/demo

ADAPT_DAYS ?= 3

adapted: $(STAMP)
	for name in $(DEMO_SCENARIOS); do \
		$(BIN)/staggersim run scenarios/shaoyang/$$name.toml -o out/adapted/$$name \
			--scale $(DEMO_SCALE) --iterations $(ADAPT_DAYS) --quiet || exit 1; \
	done
	$(BIN)/staggersim kpis $(addprefix out/adapted/,$(DEMO_SCENARIOS)) | tee out/adapted/kpis.md

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

bench-sweep: $(STAMP)
	$(BIN)/python benchmarks/bench_sweep.py

clean:
	rm -rf out .pytest_cache

# Two commands: `make run` serves the app, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     := data/market.duckdb
PORT   ?= 8501

.PHONY: run test data bench lint browser clean cluster cluster-stop cluster-tools

$(VENV)/.deps: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.deps
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(DB): $(VENV)/.deps $(wildcard data/csv/*.csv) channel_conflict/schema.py channel_conflict/build.py
	$(PY) -m channel_conflict.build

data: $(VENV)/.deps
	$(PY) -m channel_conflict.build

run: $(DB)
	$(PY) -m channel_conflict.serve --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
browser:
	@scripts/ensure-debian.sh chromium fonts-noto-cjk

# Two workers, one test file each at a time: the browser tests mostly wait on a server and Chromium,
# so two files in parallel fit the 2-core machines (measured in the README's Tests section).
PYTEST_ARGS ?= -n 2 --dist loadfile
test: lint $(DB) browser cluster-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# `make cluster`: REPLICAS Streamlit replicas behind nginx on PORT (default 8600, not run's 8501),
# with a local PostgreSQL for saved scenarios; `make cluster-stop` stops exactly what it started.
REPLICAS     ?= 2
CLUSTER_PORT  = $(if $(filter file,$(origin PORT)),8600,$(PORT))

# Debian's nginx and PostgreSQL for the cluster and its test (installed with apt as root).
cluster-tools:
	@scripts/ensure-debian.sh nginx postgresql

cluster: $(DB) cluster-tools
	$(PY) -m channel_conflict.deploy.cluster start --replicas $(REPLICAS) --port $(CLUSTER_PORT)

cluster-stop:
	$(PY) -m channel_conflict.deploy.cluster stop --port $(CLUSTER_PORT)

bench: $(VENV)/.dev-deps $(DB) browser
	$(PY) -m bench $(BENCH_ARGS)

lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .

clean:
	rm -rf $(DB) test-artifacts .pytest_cache

# Portail Famille: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-tools check-infra compose-config clean bench-rush bench-invoicing bench-dashboard

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

check-infra: install
	$(BIN)/python -m deploy.check

run: install
	$(BIN)/python -m deploy.run

test-tools:
	bash deploy/test-tools.sh

test: install test-tools
	$(BIN)/python -m tests.run_suite $(PYTEST_ARGS)

compose-config:
	docker-compose -f docker-compose.yml config --quiet

clean:
	rm -rf $(VENV) var test-artifacts

bench-rush: install
	$(BIN)/python -m tests.bench.bench_rush $(BENCH_ARGS)

bench-dashboard: install
	$(BIN)/python -m tests.bench.bench_dashboard $(BENCH_ARGS)

bench-invoicing: install
	$(BIN)/python -m tests.bench.bench_invoicing $(BENCH_ARGS)

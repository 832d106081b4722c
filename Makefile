# Set-up commands: `make demo` (synthetic data -> warehouse) and `make test` (what CI runs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEMO_DIR := .demo
export DO_NOT_TRACK := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install browser spark demo bank-1999 test lint format dbt-check spark-check pytest bench bench-load clean

$(INSTALLED): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

install: $(INSTALLED)

# Debian's Chromium, for the test that opens the monthly report headless.
browser:
	bash scripts/install-test-browser.sh

demo: install
	rm -rf $(DEMO_DIR)
	$(BIN)/scorecard generate --out $(DEMO_DIR)/input --agents 40 --months 2 --start 2026-09 --bad-rows 2
	$(BIN)/scorecard build --input $(DEMO_DIR)/input --warehouse $(DEMO_DIR)/warehouse
	$(BIN)/scorecard explain --warehouse $(DEMO_DIR)/warehouse --agent A0006 --month 2026-10 --scheme call_center_kpi_cpi --rows 3
	$(BIN)/scorecard report --warehouse $(DEMO_DIR)/warehouse --month 2026-10 --lang zh

# The real Anonymous Bank logs (January and February 1999, Israel) through the whole job,
# imported month by month as a center receives them, scored with the shipped schemes applied
# from January 1999 (--schemes-from), ending with January's report.
# The exports are read where they lie (DATASETS), never copied into the project.
DATASETS ?= ../shared/datasets
BANK_DIR := .bank-1999
BANK_LOGS := $(DATASETS)/anonymous_bank_1999
bank-1999: install
	rm -rf $(BANK_DIR)
	$(BIN)/scorecard import --format anonymous-bank --derive-attendance --input $(BANK_LOGS)/january.txt --out $(BANK_DIR)/input
	$(BIN)/scorecard import --format anonymous-bank --derive-attendance --input $(BANK_LOGS)/february.txt --out $(BANK_DIR)/input
	SCORECARD_TIMEZONE=Asia/Jerusalem $(BIN)/scorecard build --input $(BANK_DIR)/input --warehouse $(BANK_DIR)/warehouse --schemes-from 1999-01
	$(BIN)/scorecard explain --warehouse $(BANK_DIR)/warehouse --agent KAZAV --month 1999-01 --scheme galaxy_securities --rows 3
	$(BIN)/scorecard report --warehouse $(BANK_DIR)/warehouse --month 1999-01 --lang en --scheme galaxy_securities

# sqlfluff with one process per core: 33 s instead of 62 s on the 2-core machine.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint --processes 0 dbt/models dbt/macros dbt/tests

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/sqlfluff fix dbt/models dbt/macros dbt/tests

# The whole job (load, dbt build with data tests, gate, publish) on a throw-away warehouse of
# small synthetic data, then the dbt unit tests (the nightly build leaves them out). `make
# test` runs the same through pytest (tests/test_pipeline.py), on a warehouse it builds anyway.
dbt-check: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN)/scorecard generate --out "$$tmp/input" --agents 15 --months 2 --bad-rows 1 > /dev/null && \
	$(BIN)/scorecard build --input "$$tmp/input" --warehouse "$$tmp/warehouse" && \
	$(BIN)/scorecard dbt --warehouse "$$tmp/warehouse" -- test --select "test_type:unit"

# Two workers (CI has two cores). A test file stays on one worker so that its module
# fixtures (a built center, each scenario state) are built once; no test depends on
# another's order (tests/warehouse_state.py).
pytest: install browser
	$(BIN)/pytest -n 2 --dist loadfile

# The same dbt project on Apache Spark (docs/scale-out.md): installs Java (Debian) and
# .venv-spark (dbt-spark, PySpark from PyPI), runs the whole job (scorecard build) on 15
# agents x 2 months on DuckDB and with --engine spark, the dbt unit tests and macro cases on
# Spark, and compares every published table (columns, types, rows); fails on any difference.
spark:
	bash scripts/install-spark.sh

spark-check: install spark
	$(BIN)/python scripts/spark_check.py --skip-install

test: lint pytest spark-check

# A center's nights against a plain scan of its exports (README "Performance"):
# `make bench` is 200 agents × 3 months, `make bench SIZE=M` 1,000 agents × 6 months (what
# issue 16 measured first), `make bench SIZE=L` 1,000 agents × 12 months.
SIZE ?= S
bench: install
	$(BIN)/python benchmarks/bench_nightly.py --size $(SIZE)

# The raw loader alone against a plain DuckDB read of the same files.
bench-load: install
	$(BIN)/python benchmarks/bench_load.py

clean:
	rm -rf $(VENV) .venv-spark $(DEMO_DIR) .bench .warehouse dbt/target dbt/logs

# The two commands of the README:  make brief   and   make test
# Both install what they need first (system libraries, a virtualenv pinned by constraints.txt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

.PHONY: install brief test lint format bench lab lock clean parser

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==26.3"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## Render the brief to report/brief.html, report/brief.pdf and report/brief.ipynb.
brief: install
	$(BIN)/brief render $(ARGS)

## Lint, then every test: unit tests of src/helpers and real notebook executions.
test: install
	bash scripts/install-test-deps.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest $(ARGS)

lint: install
	$(BIN)/ruff check src tests benchmarks

format: install
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: install
	$(BIN)/python benchmarks/render_cost.py

## JupyterLab on the notebooks (installs the optional `lab` extra first). As root (a container,
## CI), jupyter refuses to start without --allow-root: it is added then.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
lab: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,lab]'
	$(BIN)/jupyter lab $(LAB_ARGS) notebooks/

## Train the extractor's tagger + dependency parser on UD English EWT (../shared/data/ud-english-ewt)
## into src/helpers/extract/model/en_ewt_parser (slow: see README).
parser: install
	$(BIN)/python scripts/train_parser.py

## Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf /tmp/brief-lock && $(PYTHON) -m venv /tmp/brief-lock
	/tmp/brief-lock/bin/pip install --quiet -e '.[dev,lab]'
	{ sed -n '1,3p' constraints.txt; /tmp/brief-lock/bin/pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) report/*.html report/*.pdf report/*.ipynb report/tables

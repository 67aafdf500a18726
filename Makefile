# Two commands: `make run` (full protocol) and `make test` (test suite). Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.sgdlab-installed
DATASET_DIR := /usr/share/datasets/fashion-mnist

.PHONY: setup dataset graphviz run quick test lint format bench rulegraph clean

setup: $(STAMP) dataset graphviz

# Reinstall only when the pins or the package metadata change, so a second `make setup` is instant.
$(STAMP): envs/requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r envs/requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Debian's dataset-fashion-mnist package, when missing and apt-get can be used (root);
# otherwise the data rule falls back to torchvision's download.
dataset:
	@if [ ! -d $(DATASET_DIR) ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian package dataset-fashion-mnist"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; \
	elif [ ! -d $(DATASET_DIR) ]; then \
		echo "Note: $(DATASET_DIR) is absent; the pipeline will download FashionMNIST with torchvision."; \
	fi

# Debian's graphviz: `dot` draws the autodiff computation graphs and the rule graph.
graphviz:
	@if ! command -v dot >/dev/null && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian package graphviz"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; \
	elif ! command -v dot >/dev/null; then \
		echo "Note: graphviz (dot) is absent; install it to draw the computation graphs."; \
	fi

# The full protocol, then the Snakemake report (results/report.html, the answer book first).
run: setup
	$(BIN)/snakemake --cores all
	$(BIN)/snakemake --report results/report.html

quick: setup
	$(BIN)/snakemake --cores all --configfile presets/quick.yaml
	$(BIN)/snakemake --report results/report.html --configfile presets/quick.yaml

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check src scripts tests bench
	$(BIN)/ruff format --check src scripts tests bench
	$(BIN)/snakefmt --check Snakefile workflow
	$(BIN)/snakemake --lint

format: setup
	$(BIN)/ruff format src scripts tests bench
	$(BIN)/ruff check --fix src scripts tests bench
	$(BIN)/snakefmt Snakefile workflow

bench: setup
	$(BIN)/python bench/engine.py

clean:
	rm -rf results .snakemake

# The rule graph picture README shows (needs Debian's graphviz for `dot`).
rulegraph: setup
	$(BIN)/snakemake --rulegraph | dot -Tsvg > docs/rulegraph.svg

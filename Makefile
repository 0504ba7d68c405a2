# CivicGraph: the two commands of the README, and their set-up.
#   make dashboard   set everything up, load the demo region, open the dashboard
#   make test        set everything up (incl. Debian's chromium), run all tests
#   make test-fast   the quick tier: no browser, no slow tests
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STORE ?= civicgraph-data
PORT ?= 8501

.PHONY: dashboard test test-fast setup dev browser benchmarks clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# re-install when the requirements change
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

dev: $(VENV)/.installed-dev browser

# Debian's chromium for the browser tests (never a downloaded browser)
browser:
	@{ command -v chromium >/dev/null 2>&1 && [ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; } || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-color-emoji >/dev/null; }

dashboard: setup
	CIVICGRAPH_STORE=$(STORE) $(BIN)/civicgraph dashboard --demo --port $(PORT)

test: dev
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2

# the quick tier while you work: no browser, nothing marked slow
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -p no:cacheprovider -n 2 -m "not browser and not slow"

# The speed goals (issue 21 and the other speed issues), each printed by its script, then one summary
# table: measured, goal, ratio, met. SIZE=demo is a smoke run (112 s of CPU; 21 min wall at load 12-21);
# the goals are for SIZE=benchmark (alone on the machine: it takes ~10 GiB and about half an hour).
#   make benchmarks [SIZE=demo|medium|benchmark] [NEO4J=bolt://127.0.0.1:7687]
SIZE ?= benchmark
NEO4J ?=
BENCH_OUT := benchmarks/out/$(SIZE)
BENCH_CSV := /tmp/civicgraph-$(SIZE)-csv
BENCH_SUMMARY := $(BENCH_OUT)/goals.jsonl
RESOLVE_RECORDS := $(if $(filter benchmark,$(SIZE)),100000,10000)
MAIL_MESSAGES := $(if $(filter benchmark,$(SIZE)),20000,3000)

benchmarks: dev
	rm -rf $(BENCH_OUT) && mkdir -p $(BENCH_OUT)
	export CIVICGRAPH_BENCH_SUMMARY=$(BENCH_SUMMARY) CIVICGRAPH_TODAY=2026-11-15; set -e; \
	echo "== import"; $(BIN)/python benchmarks/bench_import.py --size $(SIZE) --csv $(BENCH_CSV) \
	  --keep $(BENCH_OUT)/store $(if $(NEO4J),--store $(NEO4J)); \
	echo "== named queries"; $(BIN)/python benchmarks/bench_queries.py --store $(BENCH_OUT)/store --size $(SIZE); \
	echo "== analytics"; $(BIN)/python benchmarks/bench_analytics.py --from-csv $(BENCH_CSV) \
	  --store $(BENCH_OUT)/store --skip-nx-louvain; \
	echo "== entity resolution"; $(BIN)/python benchmarks/bench_resolve.py --records $(RESOLVE_RECORDS); \
	echo "== mail"; $(BIN)/python benchmarks/bench_mail.py --messages $(MAIL_MESSAGES); \
	$(BIN)/python benchmarks/summary.py $(BENCH_SUMMARY) --size $(SIZE)

clean:
	rm -rf $(VENV) $(STORE) rejected .pytest_cache

# A real Neo4j Community 5 server (+ GDS) on 127.0.0.1 from neo4j/pom.xml (Maven fetches the GPLv3
# jars into ~/.m2; nothing is committed). JAVA_HOME defaults to Java 17.
#   make neo4j        start one for local use, print its URI (Ctrl-C stops it)
#   make test-neo4j   start one, run the Neo4j suites against it with nothing skipped, stop it
JAVA_HOME ?= /usr/lib/jvm/java-17-openjdk-amd64
export JAVA_HOME
NEO4J_TESTS ?= tests/store_contract tests/test_neo4j_pipeline.py tests/test_neo4j_queries.py tests/test_neo4j_app.py tests/test_neo4j_server.py \
  tests/test_neo4j_offline.py tests/test_neo4j_store.py tests/test_engagement_history_pending.py tests/test_neo4j_analytics.py

.PHONY: neo4j test-neo4j java

# Java 17 and Maven from Debian's packages, when the machine lacks them
java:
	@{ [ -x "$(JAVA_HOME)/bin/java" ] && command -v mvn >/dev/null 2>&1; } || { \
	  echo "installing Debian's Java 17 and Maven for the Neo4j server"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; }

neo4j: setup java
	$(BIN)/python -m tests.neo4j_server

test-neo4j: dev java
	CIVICGRAPH_NEO4J_REQUIRED=1 $(BIN)/python -m tests.neo4j_server -- \
	  $(BIN)/python -m pytest -q -p no:cacheprovider -m neo4j $(NEO4J_TESTS)

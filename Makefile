# plantrack — setup, run, test.  `make help` lists the targets.
#
# Everything runs from the virtualenv in .venv; nothing is installed into the system Python.
# System packages (chromium for PNG export and the browser tests, Noto CJK so Chinese renders as text and not
# boxes) are installed with apt-get only when missing, and only where apt-get exists.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV  := .venv
PY    := $(VENV)/bin/python
# Python 3.11 when it runs (a pyenv shim can exist without its version installed), else python3.
PYTHON ?= $(shell for p in python3.11 python3; do $$p -c 'import sys' >/dev/null 2>&1 && { command -v $$p; break; }; done)
# Holds a hash of requirements.txt and the interpreter: pip runs again only when one of them changed.
STAMP := $(VENV)/.req-stamp
# fonts-noto-cjk: Noto Sans/Serif CJK (charts, the deck, 小标宋/仿宋 stand-ins); fonts-arphic-ukai: a 楷体 stand-in;
# fonts-liberation: Times New Roman / Arial metrics. The DOCX names the official fonts (方正小标宋简体, 黑体,
# 楷体_GB2312, 仿宋_GB2312); plantrack/export/fonts.conf maps them to these when LibreOffice renders here.
APT_PACKAGES := chromium fonts-noto-cjk fonts-arphic-ukai fonts-liberation

.PHONY: help setup venv requirements system-deps run test lint e2e bench clean-store

help:
	@echo "make setup        create .venv, install requirements.txt when it changed, apt-get chromium + fonts if missing"
	@echo "make run          setup, load the sample data into an empty store, serve on http://127.0.0.1:8501"
	@echo "make test         setup, lint, then the whole test suite (unit, page and e2e tests), 3 workers"
	@echo "make lint         ruff (pycodestyle, pyflakes, import order) over the repository; mypy (mypy.ini)"
	@echo "make e2e          only the browser tests (tests/e2e)"
	@echo "make bench        benchmarks (bench/run_all.py)"
	@echo "make clean-store  delete the local DuckDB store (data/plantrack.duckdb*)"

setup: requirements system-deps

venv: $(PY)

$(PY):
	@test -n "$(PYTHON)" || { echo "no python3.11 or python3 found" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

requirements: $(PY)
	@want="$$(cat requirements.txt; $(PY) -c 'import sys; print(sys.version)')"; \
	want="$$(printf '%s' "$$want" | sha256sum | cut -d' ' -f1)"; \
	if [ "$$(cat $(STAMP) 2>/dev/null)" != "$$want" ]; then \
	  echo "installing requirements.txt into $(VENV)"; \
	  $(PY) -m pip install --disable-pip-version-check -q -r requirements.txt && echo "$$want" > $(STAMP); \
	fi

system-deps:
	@if command -v apt-get >/dev/null 2>&1; then \
	  have_font=no; \
	  if command -v fc-list >/dev/null 2>&1; then \
	    fc-list | grep -q "Noto Sans CJK" && fc-list | grep -q "AR PL UKai" && fc-list | grep -q "Liberation Serif" \
	      && have_font=yes; \
	  elif compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null \
	       && compgen -G "/usr/share/fonts/truetype/arphic/ukai*" >/dev/null \
	       && compgen -G "/usr/share/fonts/truetype/liberation*/LiberationSerif*" >/dev/null; then \
	    have_font=yes; \
	  fi; \
	  if [ ! -x /usr/bin/chromium ] || [ "$$have_font" = no ]; then \
	    sudo=""; \
	    if [ "$$(id -u)" -ne 0 ]; then \
	      if command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	      else echo "warning: $(APT_PACKAGES) missing and neither root nor sudo; PNG export and e2e tests need them" >&2; exit 0; fi; \
	    fi; \
	    echo "installing $(APT_PACKAGES) with apt-get"; \
	    $$sudo apt-get update && \
	    $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PACKAGES); \
	  fi; \
	fi

run: setup
	$(PY) -m plantrack load-sample
	$(VENV)/bin/streamlit run serve.py --server.address 127.0.0.1 --server.port 8501 --server.headless true

# Three pytest-xdist workers on 2 cores: much of the suite waits (CLI subprocesses, the app server, Chromium),
# so a third worker fills the idle time. --dist loadgroup keeps the tests that share a module-scoped fixture
# (a built briefing pack, a browser module's own app server) in one worker, so it is built once
# (tests/conftest.py); the rest go to whichever worker is free. The sample store is imported once per run and
# copied per test (tests/_run_cache.py). A plain `pytest` (targeted runs) stays in one process.
TEST_WORKERS ?= 3
test: setup lint
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup

# ruff.toml holds the rules (and why tests/ and bench/ may put imports after a sys.path line).
lint: setup
	$(PY) -m ruff check .
	$(PY) -m mypy

e2e: setup
	$(PY) -m pytest -q tests/e2e

bench: setup
	$(PY) bench/run_all.py

clean-store:
	rm -f data/plantrack.duckdb data/plantrack.duckdb.*

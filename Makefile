# Two commands do all the set-up on a fresh machine:
#   make serve   build the site and serve it at http://127.0.0.1:8000
#   make test    run every check and test
# Both create the virtual environment from the pinned requirements.txt first.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
ADDR   ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check check-strict links test schema bench clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $@

# A preview: while the content has problems, every page shows them (file:line and a hint)
# and the preview comes back by itself once they are fixed.
serve: $(STAMP)
	$(MKDOCS) serve --strict --dev-addr $(ADDR)

build: $(STAMP)
	$(PY) -m guidance check
	$(MKDOCS) build --strict

check: $(STAMP)
	$(PY) -m guidance check

# What the Pages workflow runs before it publishes: also fails on overdue reviews, ignored
# files and sample contacts left in local.yml.
check-strict: $(STAMP)
	$(PY) -m guidance check --strict

links: build
	$(PY) -m guidance links site

schema: $(STAMP)
	$(PY) -m guidance schema --out schema

test: $(STAMP)
	$(PY) -m guidance check
	$(PY) -m pytest

# How fast the build is, against plain Material building the same pages (README, "Speed"):
# about 4 minutes on an idle machine; a benchmark, never part of `make test` or CI. `make bench BENCH=--quick`
# takes about 1; `make bench BENCH="--runs 5"` more rounds.
BENCH ?=
bench: $(STAMP)
	$(PY) -m guidance.bench $(BENCH)

clean:
	rm -rf site .site.staging-* .site.old-* .site.staging .site.old .site.lock

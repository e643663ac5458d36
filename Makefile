# Only python3 is assumed on the machine; everything else lives in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= kb.db
PORT ?= 8001
STAMP := $(VENV)/.installed

.PHONY: install browser test lint serve build bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's chromium through Playwright (which cannot download
# its own browsers here), with a CJK font so screenshots show Chinese. Installed
# once; needs root or sudo for apt-get.
CHROMIUM ?= /usr/bin/chromium
CJK_FONT ?= /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
browser: $(CHROMIUM) $(CJK_FONT)

$(CHROMIUM) $(CJK_FONT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-zenhei

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

test: install browser
	$(BIN)/ruff check kb tests bench
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check kb tests bench

$(DB): install $(wildcard corpus/*)
	$(BIN)/kb build --db $(DB)

build: $(DB)

serve: $(DB)
	$(BIN)/kb serve --db $(DB) --port $(PORT)

bench: install
	$(BIN)/python bench/build.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache

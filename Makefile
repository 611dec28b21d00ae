# news-warehouse: `make demo` and `make test` set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_WAREHOUSE := demo-warehouse
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: demo test lint clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP_INSTALL) -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/newswh run examples/ --warehouse $(DEMO_WAREHOUSE)
	$(BIN)/newswh sql "SELECT speaker, count(*) AS statements FROM speech WHERE speaker IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8" --warehouse $(DEMO_WAREHOUSE)
	$(BIN)/newswh sql "SELECT a.outlet, n.text, n.kind, n.unit, n.counted FROM numbers n JOIN articles a USING (article_id) WHERE n.kind <> 'count' ORDER BY n.value DESC LIMIT 8" --warehouse $(DEMO_WAREHOUSE)
	$(BIN)/newswh sql "SELECT n.text, n.counted, n.approximate, n.in_quote FROM numbers n WHERE n.kind = 'count' AND n.counted IS NOT NULL ORDER BY n.value DESC LIMIT 8" --warehouse $(DEMO_WAREHOUSE)
	$(BIN)/newswh stories --warehouse $(DEMO_WAREHOUSE) --limit 5
	$(BIN)/newswh sql "SELECT left(text, 70) AS passage, speaker, article_count, outlet_count, quoted_article_count FROM shared_quotes ORDER BY article_count DESC" --warehouse $(DEMO_WAREHOUSE)
	$(BIN)/newswh search "casual workers permanent contracts deal" --warehouse $(DEMO_WAREHOUSE) --limit 5
	$(BIN)/newswh report --warehouse $(DEMO_WAREHOUSE) -o $(DEMO_WAREHOUSE)/report.html

# The report's tests open it in headless Chromium: Debian's package, installed here when missing.
browser:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || \
	{ SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; } || \
	echo "Chromium is missing and cannot be installed here: the tests that open pages in it will be skipped"

test: $(VENV)/.installed-dev browser
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) $(DEMO_WAREHOUSE) *.egg-info

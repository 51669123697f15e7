# 川崎市の政策ポータル
#   make site   … 必要なものを入れて（Python は uv.lock、CSS とスクリプトを小さくする npm の道具は package-lock.json から）、policies.yaml を検査し、site/ を作る
#   make test   … テストに必要なもの（Debian の chromium, chromium-driver, fonts-noto-cjk, openjdk-17-jre-headless、npm の axe-core, vnu-jar, pa11y-ci、.venv-zensical の Zensical）も入れて、全テストを実行する
#   make serve  … プレビュー（policies.yaml を保存するとブラウザが更新される）
#   make a11y   … アクセシビリティの自動チェック: 前回の全ページ試験（accessibility/results.json）から変わったページと、ページの種類ごとに1ページ
#   make a11y-full … アクセシビリティの自動チェック: すべてのページ（axe-core と pa11y の HTML_CodeSniffer の両方）
#   make a11y-pa11y-ci … pa11y-ci コマンドそのものですべてのページを試験する（監査する人が使うもの。結果は a11y-full の pa11y と同じ）
#   make a11y-publish … すべてのページを試験し、accessibility/results.json（試験結果のページのもと）を書き直す
#   make mutation … generator/ の変異テスト（mutmut。CI では実行しない。結果は docs/mutation.md）

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Python の依存はすべて uv.lock（ハッシュつき）から入れる。uv 自身は requirements/uv.txt（ハッシュつき）から。
UV     := .venv-tools/bin/uv
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium chromium-driver fonts-noto-cjk openjdk-17-jre-headless

export NO_MKDOCS_2_WARNING := 1
export SE_OFFLINE := true
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: lock site test setup setup-test apt-packages serve validate golden a11y a11y-full a11y-pa11y-ci a11y-publish bench bench-full mutation clean

$(UV): requirements/uv.txt
	$(PYTHON) -m venv .venv-tools
	.venv-tools/bin/pip install --quiet --require-hashes -r requirements/uv.txt
	touch $@

# --locked: fails (and installs nothing) when uv.lock does not match pyproject.toml
$(BIN)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --extra test --python $(PYTHON) --quiet
	touch $@

lock: $(UV)   # pyproject.toml か requirements/*.in を変えたら実行し、差分を確かめてコミットする
	$(UV) lock --python $(PYTHON)
	$(UV) pip compile requirements/uv.in --python-version 3.11 --generate-hashes --quiet -o requirements/uv.txt
	$(UV) pip compile requirements/zensical.in --python-version 3.11 --generate-hashes --quiet -o requirements/zensical.txt

setup: $(BIN)/.installed

site: setup node_modules/.build-installed
	$(BIN)/portal build

validate: setup
	$(BIN)/portal validate

serve: setup
	$(BIN)/portal serve

apt-packages:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi

# vnu-jar's install step looks for Java: install the Debian packages first.
# PUPPETEER_SKIP_DOWNLOAD: pa11y-ci's puppeteer must not download a browser (it runs Debian's chromium,
# tests/accessibility/pa11y-ci.json).
node_modules/.installed: package.json package-lock.json | apt-packages
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	test -f node_modules/axe-core/axe.min.js && test -f node_modules/vnu-jar/build/dist/vnu.jar && test -x node_modules/.bin/pa11y-ci
	touch $@ node_modules/.build-installed

# What `portal build` needs from npm (PurgeCSS, lightningcss, terser: package.json's dependencies), without the
# test tools (devDependencies) and so without Java; nothing to do when the full install is newer.
node_modules/.build-installed: package.json package-lock.json
	@if [ -f node_modules/.installed ] && [ node_modules/.installed -nt package-lock.json ] && [ node_modules/.installed -nt package.json ]; then \
	  touch $@; \
	else \
	  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch $@; \
	fi

.venv-zensical/bin/zensical: requirements/zensical.txt
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install --quiet --require-hashes -r requirements/zensical.txt
	touch $@

setup-test: setup apt-packages node_modules/.installed .venv-zensical/bin/zensical

test: setup-test site
	$(BIN)/pytest

golden: setup
	$(BIN)/python tools/update_golden.py

# the pages whose HTML changed since the recorded full run (accessibility/results.json) and one page of each
# kind, all in full (every page when the CSS/JS, the suite or the browser changed: tests/accessibility/README.md);
# both engines: axe-core and the suite's checks, and pa11y's HTML_CodeSniffer in the same page loads (pa11y_page.py)
a11y: setup-test site
	$(BIN)/python -m tests.accessibility.run --site site --changed-only

a11y-full: setup-test site   # both engines on every page (axe-core + the suite's checks, pa11y's HTML_CodeSniffer)
	$(BIN)/python -m tests.accessibility.run --site site

# the pa11y-ci command itself on every page (what an auditor runs; the gate gives the same issues: test_pa11y_equivalence.py)
a11y-pa11y-ci: setup-test site
	$(BIN)/python -m tests.accessibility.pa11y --site site --report reports/pa11y.json

a11y-publish: setup-test site
	$(BIN)/python -m tests.accessibility.run --site site --publish
	$(BIN)/portal build

# Benchmarks (bench/README.md): a quick run writes build/benchmarks-quick.md and never touches
# docs/benchmarks.md; a full run rewrites only its own sections of docs/benchmarks.md.
bench/lighthouse/node_modules/.installed: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

bench: setup-test
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/build_time.py --quick
	$(BIN)/python bench/weight.py --quick
	$(BIN)/python bench/engines.py --quick

bench-full: setup-test bench/lighthouse/node_modules/.installed   # about an hour on a quiet machine
	$(BIN)/python bench/build_time.py
	$(BIN)/python bench/weight.py
	$(BIN)/python bench/engines.py
	$(BIN)/python bench/search_query.py
	$(BIN)/python bench/stock_material.py

# Not in CI (it takes tens of minutes on 2 shared cores): module by module, each with its own fast unit
# tests, in build/mutation/; kept results make a second run quick. Writes docs/mutation.md and
# docs/mutation-survivors.md. MODULES="validate render" limits it; ARGS="--survivors" re-tests survivors only.
mutation: setup
	$(BIN)/python tools/mutation.py $(MODULES) $(ARGS)

clean:
	rm -rf build site reports .portal-tmp-*

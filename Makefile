# 川崎市の政策ポータル
#   make site   … 必要なものを入れて、policies.yaml を検査し、site/ を作る
#   make test   … テストに必要なもの（Debian の chromium, chromium-driver, fonts-noto-cjk, openjdk-17-jre-headless、npm の axe-core, vnu-jar、.venv-zensical の Zensical）も入れて、全テストを実行する
#   make serve  … プレビュー（policies.yaml を保存するとブラウザが更新される）

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium chromium-driver fonts-noto-cjk openjdk-17-jre-headless

export NO_MKDOCS_2_WARNING := 1
export SE_OFFLINE := true
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site test setup setup-test apt-packages serve validate golden a11y a11y-publish bench bench-full clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

site: setup
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
node_modules/.installed: package.json package-lock.json | apt-packages
	npm ci --no-audit --no-fund --loglevel=error
	test -f node_modules/axe-core/axe.min.js && test -f node_modules/vnu-jar/build/dist/vnu.jar
	touch $@

.venv-zensical/bin/zensical:
	$(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install --quiet 'zensical>=0.0.10'

setup-test: setup apt-packages node_modules/.installed .venv-zensical/bin/zensical

test: setup-test site
	$(BIN)/pytest

golden: setup
	$(BIN)/python tools/update_golden.py

a11y: setup-test site
	$(BIN)/python -m tests.accessibility.run --site site

a11y-publish: setup-test site
	$(BIN)/python -m tests.accessibility.run --site site --publish
	$(BIN)/portal build

bench: setup-test
	$(BIN)/python bench/validate_bench.py
	$(BIN)/python bench/benchmark.py --quick

bench-full: setup-test   # about 17 minutes; rewrites docs/benchmarks.md
	$(BIN)/python bench/benchmark.py

clean:
	rm -rf build site reports .portal-tmp-*

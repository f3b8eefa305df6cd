# netpki.ios: everything starts from a fresh machine with Python 3.11, pip and make.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COLL_ROOT := build/collections
COLL_LINK := $(COLL_ROOT)/ansible_collections/netpki/ios
SANITY_ROOT := build/sanity/ansible_collections/netpki/ios
WHEELS := build/wheels
PIP_BOOTSTRAP := $(HOME)/.ansible/test/cache/get_pip_24_2.py
N ?= 20

export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(COLL_ROOT)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg

.PHONY: all venv collection-link system-deps generate lint docs unit parsers integration sanity sanity-bootstrap test demo bench ee clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Ansible finds the collection through a symlink named the way it expects.
collection-link:
	mkdir -p $(dir $(COLL_LINK))
	ln -sfn $(CURDIR) $(COLL_LINK)

# Debian packages the tests use (tests/system-packages.txt): installed when root, else the
# command that installs them is printed and the run stops.
system-deps:
	bash tests/system_deps.sh

# The RETURN structures several modules share are declared once, in docs/schema/, and written
# into the modules' literal RETURN strings (tests/sanity/test_return_docs.py fails when stale).
generate: venv collection-link
	$(BIN)/python tools/generate_return_docs.py
	$(BIN)/python tools/generate_attribute_files.py
	$(BIN)/python tools/generate_step_docs.py

# ansible-lint on the whole repository, offline: community.crypto and cisco.ios come from PyPI's
# ansible package in the bench venv (tools/with_collections.py), since Galaxy cannot be reached.
lint: venv collection-link
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/with_collections.py ansible-lint --offline --profile production

# The HTML docs site (antsibull-docs + Sphinx, offline, warnings are errors) in build/docs;
# tests/sanity/test_docs_build.py builds it too.
docs: venv collection-link
	$(BIN)/python tools/build_docs.py build/docs

unit: venv collection-link
	$(BIN)/python -m pytest -q -n 2 tests/unit tests/sanity

parsers: venv collection-link
	$(BIN)/python -m pytest -q tests/parsers

integration: venv collection-link
	$(BIN)/python -m pytest -q -n 4 --dist loadfile --durations=20 tests/integration

# ansible-test wants the tree at .../ansible_collections/netpki/ios as real files, and fetches
# get-pip.py from outside the package registry: give it a pip wheel from PyPI instead.
sanity-bootstrap: venv
	mkdir -p $(WHEELS) $(dir $(PIP_BOOTSTRAP))
	test -n "$$(ls $(WHEELS)/pip-24.2-*.whl 2>/dev/null)" || \
	  $(BIN)/pip download --quiet --no-deps --only-binary=:all: -d $(WHEELS) pip==24.2
	sed 's|@WHEEL_DIR@|$(CURDIR)/$(WHEELS)|' tests/sanity/get_pip_offline.py > $(PIP_BOOTSTRAP)

sanity: sanity-bootstrap
	rm -rf $(SANITY_ROOT) && mkdir -p $(SANITY_ROOT)
	# Sanity covers what the collection ships (galaxy.yml build_ignore): not the simulator, the
	# demo, the benchmarks, CI, the test suites or the doc generator, which ruff lints and pytest
	# runs.
	git ls-files -z --cached --others --exclude-standard -- . ':!mockios' ':!demo' ':!bench' ':!.ci' ':!tests' ':!tools' | \
	  tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C $(SANITY_ROOT)
	# build/ is git-ignored here, so the copy gets a repository of its own for ansible-test to list.
	cd $(SANITY_ROOT) && git init -q && git add -A && \
	  $(CURDIR)/$(BIN)/ansible-test sanity --venv --python 3.11 --color no

test: system-deps lint unit parsers integration sanity

demo: venv collection-link
	$(BIN)/python -m demo --count $(N)

bench: venv collection-link
	$(BIN)/python bench/run_all.py

# The execution environment's build context (build/ee/context), named from galaxy.yml's
# version; fails when the tarball of `ansible-galaxy collection build` is not in EE_DIST.
EE_DIST ?= .
EE_OUT ?= build/ee
ee: venv
	$(BIN)/python ee/create.py --dist $(EE_DIST) --out $(EE_OUT)

clean:
	rm -rf build reports tests/output

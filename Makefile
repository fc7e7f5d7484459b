# The README's commands. `make demo` and `make test` each install missing system packages and
# build first, so on a fresh Debian 12 machine each is the only command needed.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
THREADS ?= 0

.PHONY: all deps configure build test test-fast python-test venv demo bench reproduce confirm fuzz sanitize lint clean

all: build

deps:
	@scripts/install-deps.sh

# Always re-run: a cached build folder must still take CMAKE_FLAGS (CI's -DAUTOSMOTE_WERROR=ON);
# cmake keeps the cache and rebuilds only what the flags change.
# ccache, where the machine has it (not a dependency: CI's fresh machine builds without it).
configure:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CCACHE) $(CMAKE_FLAGS)

build: deps configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

# Unit tests only (skips the end-to-end CLI tests labelled "slow").
test-fast: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) -LE slow

# The Python package's pytest suite alone (python/tests, docs/python.md; `make test` runs it too,
# as ctest's python_tests), against the package built in BUILD_DIR/python.
python-test: build
	@cd $(BUILD_DIR) && if ctest -N -R '^python_tests$$' | grep -q 'Total Tests: 1'; then \
	  ctest --output-on-failure -R '^python_tests$$'; else \
	  echo "python-test: skipped: no Python module or test packages at configure time (see cmake's messages)"; fi

# A virtual environment (VENV) that sees Debian's numpy / pandas / scikit-learn / imbalanced-learn,
# with autosmote installed by `pip install .` from this checkout, offline (setup.py builds with CMake
# in build-pip/): then `.venv/bin/python -c "from autosmote.over_sampling import SMOTE"`.
VENV ?= .venv
PYTHON ?= /usr/bin/python3
venv: deps
	test -x $(VENV)/bin/python || $(PYTHON) -m venv --system-site-packages $(VENV)
	CMAKE_ARGS="$(CCACHE) $(CMAKE_FLAGS)" JOBS=$(JOBS) $(VENV)/bin/pip install --no-build-isolation .

demo: build
	@scripts/demo.sh $(BUILD_DIR)/autosmote $(THREADS)

bench: build
	$(BUILD_DIR)/benchmarks/autosmote_bench

# The paper's experiment (scripts/reproduce.sh): writes docs/results.md and docs/figures/.
reproduce: build
	@scripts/reproduce.sh $(BUILD_DIR)/autosmote $(JOBS) $(THREADS)

# The confirmation experiment (scripts/confirm.sh): the 22 datasets the choices never saw, every
# method with its operating point tuned, the tuned baselines and xgboost. Resumable
# (docs/confirm/runs.csv); writes docs/results-confirmation.md. Hours on 2 cores.
confirm: build
	@scripts/confirm.sh $(BUILD_DIR)/autosmote $(JOBS) $(THREADS)

# libFuzzer (fuzz/, docs/fuzzing.md): clang, the library and the harnesses instrumented with
# ASan + UBSan (LibTorch, prebuilt, is not); each target runs FUZZ_SECONDS; a crash, leak, timeout
# or out-of-memory input is copied to fuzz/findings/ and fails the target. FUZZ_TARGETS picks some.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv spec model_file bench_runs
CCACHE := $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

fuzz:
	@scripts/install-deps.sh fuzz
	cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ $(CCACHE) \
	  -DAUTOSMOTE_FUZZ=ON -DAUTOSMOTE_BUILD_TESTS=OFF -DAUTOSMOTE_BUILD_BENCH=OFF
	cmake --build $(FUZZ_DIR) -j$(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# AddressSanitizer + UndefinedBehaviorSanitizer (gcc): the library, CLI, unit tests and fuzz
# replays built in SANITIZE_DIR; runs the unit tests, the fuzz replays and the CLI bad-input tests.
# Any report fails: UBSan does not recover, and every report is also logged to
# SANITIZE_DIR/sanitizer-logs/ (so one in a process whose exit code a test expected to be non-zero
# still counts). Leaks are checked. LibTorch needed no ASan workaround (no ODR, shadow-gap or leak
# reports from it in the unit, replay and CLI tests), so none is set; add one here, with its reason, if
# a LibTorch or OpenMP version ever needs it.
SANITIZE_DIR ?= build-sanitize
SANITIZE_TESTS ?= -E '^cli_bench$$'
SANITIZER_LOGS = $(CURDIR)/$(SANITIZE_DIR)/sanitizer-logs
SANITIZER_ENV = ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:log_path=$(SANITIZER_LOGS)/asan \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(SANITIZER_LOGS)/ubsan

sanitize: deps
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CCACHE) -DAUTOSMOTE_SANITIZE=ON -DAUTOSMOTE_BUILD_BENCH=OFF
	rm -rf $(SANITIZER_LOGS) && mkdir -p $(SANITIZER_LOGS)
	$(SANITIZER_ENV) cmake --build $(SANITIZE_DIR) -j$(JOBS)
	cd $(SANITIZE_DIR) && $(SANITIZER_ENV) ctest --output-on-failure -j$(JOBS) $(SANITIZE_TESTS); status=$$?; \
	  if ls $(SANITIZER_LOGS)/* >/dev/null 2>&1; then \
	    echo "sanitize: sanitizer reports in $(SANITIZER_LOGS):" >&2; head -n 40 $(SANITIZER_LOGS)/*; exit 1; fi; \
	  exit $$status

# Style and lint: clang-format (.clang-format) over every C++ file, then clang-tidy (.clang-tidy:
# bug-finding checks, warnings are errors) over the library and the CLI, with the build's
# compile_commands.json. A few minutes on 2 cores (the LibTorch headers dominate).
lint: configure
	@scripts/install-deps.sh lint
	git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror
	git ls-files 'src/*.cpp' 'apps/*.cpp' | xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR)

# The README's commands. `make demo` and `make test` each install missing system packages and
# build first, so on a fresh Debian 12 machine each is the only command needed.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
THREADS ?= 0

.PHONY: all deps configure build test test-fast demo bench reproduce clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

# Unit tests only (skips the end-to-end CLI tests labelled "slow").
test-fast: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) -LE slow

demo: build
	@scripts/demo.sh $(BUILD_DIR)/autosmote $(THREADS)

bench: build
	$(BUILD_DIR)/bench/autosmote_bench

# The paper's experiment (scripts/reproduce.sh): writes docs/results.md and docs/figures/.
reproduce: build
	@scripts/reproduce.sh $(BUILD_DIR)/autosmote $(JOBS) $(THREADS)

clean:
	rm -rf $(BUILD_DIR)

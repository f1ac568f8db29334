# annals - the two commands a newcomer needs are `make demo` and `make test`.
# Both install missing Debian packages first (scripts/install-deps.sh).

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
STORE      ?= $(BUILD)/demo.db

.PHONY: all deps build asan test test-fast demo bench bench-ingest bench-t17 fuzz format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DANNALS_SANITIZE=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# The full suite: an optimized build and an ASan+UBSan build, warnings as errors.
test: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANNALS_WERROR=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DANNALS_SANITIZE=ON -DANNALS_WERROR=ON $(CMAKE_ARGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@echo "== optimized build"
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@echo "== ASan + UBSan build"
	@cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# The optimized build's suite only, for quick iterations.
test-fast: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	@rm -f $(STORE) $(STORE)-wal $(STORE)-shm
	$(BUILD)/annals ingest --store $(STORE) examples/
	$(BUILD)/annals stats --store $(STORE)
	$(BUILD)/annals timeline --store $(STORE) "Harbor bridge collapse" --dates 6 --sentences 2

bench: bench-ingest bench-t17

bench-ingest: build
	@scripts/install-deps.sh --bench
	bench/ingest.sh $(BUILD)/annals

bench-t17: build
	$(BUILD)/annals bench t17 --loto --data ../shared/data/timeline17

fuzz: deps
	@cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DANNALS_SANITIZE=ON -DANNALS_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@echo "fuzzers are in build-fuzz/: e.g. build-fuzz/fuzz_reader fuzz/corpus/fuzz_reader"

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz

# normsim: the two commands of the README, and a few more.
#   make run       install what is missing, build, run the built-in UN scenario
#   make check     install what is missing, build, run every test (CTest)
#   make sanitize  the same tests built with AddressSanitizer and UBSan
#   make install   install under PREFIX (default /usr/local), staged under DESTDIR if set
#   make python    the shared library and the Python package for /usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later

BUILD ?= build
SANBUILD ?= build-san
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
PREFIX ?= /usr/local
DESTDIR ?=
# The Python package runs on Debian's interpreter, which has python3-cffi and pandas.
PYTHON ?= /usr/bin/python3

.PHONY: all deps test-deps build run check sanitize bench install python format clean

all: build

deps:
	@bash scripts/deps.sh

test-deps:
	@bash scripts/deps.sh --test

build: deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) --target normsim_cli -j $(JOBS)
	./$(BUILD)/normsim run

check: test-deps build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

sanitize: test-deps
	@cmake -S . -B $(SANBUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNS_SANITIZE=ON >/dev/null
	@cmake --build $(SANBUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ctest --test-dir $(SANBUILD) --output-on-failure -j $(JOBS)

bench: deps
	@cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build-bench --target bench normsim_shared -j $(JOBS)
	@for b in build-bench/bench/bench_*; do [ -x "$$b" ] && "$$b"; done
	@$(PYTHON) bench/bench_python.py build-bench/bench/bench_forecast193 \
	    build-bench/libnormsim.so.0

.PHONY: fuzz
# Every fuzz target for FUZZ_TIME seconds (default 60); see scripts/fuzz.sh.
fuzz: test-deps
	bash scripts/fuzz.sh

install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# Builds libnormsim.so and makes `import normsim` work for $(PYTHON) from this tree: a
# .pth file in its user site names python/, and python/normsim/_libpath.txt the library.
python: build
	@bash scripts/python.sh "$(PYTHON)" "$(CURDIR)/python" "$(CURDIR)/$(BUILD)/libnormsim.so.0"

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(SANBUILD)

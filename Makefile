# Thin wrapper over Meson.  `make demo` and `make test` work on a fresh Debian 12
# machine: they install what is missing, build, and run.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
MESON_OPTS ?=

.PHONY: all deps setup build demo test test-asan test-valgrind fuzz bench clean

all: build

deps:
	./scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) $(MESON_OPTS)

setup: deps $(BUILD)/build.ninja

build: setup
	ninja -C $(BUILD)

# Scan the deliberately insecure sample project.  bulkhead exits 1 when it
# finds problems and 2 when an input could not be fully scanned: examples/
# has both on purpose (examples/legacy/Dockerfile), so 1 and 2 are the
# expected outcomes; anything else (a crash) fails the target.
demo: build
	@./$(BUILD)/src/cli/bulkhead scan examples/; rc=$$?; \
	  echo "(bulkhead exit code $$rc: 1 = findings, 2 = a file it could not fully scan; both on purpose)"; \
	  test $$rc -ge 1 && test $$rc -le 2
	@./scripts/demo-vuln $(BUILD)

test: build
	@meson test -C $(BUILD) --no-rebuild --print-errorlogs > $(BUILD)/test-output.txt 2>&1; rc=$$?; \
	  tail -n 30 $(BUILD)/test-output.txt; \
	  /usr/bin/python3 tests/summary.py $(BUILD)/meson-logs/testlog.json || rc=1; exit $$rc

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug $(MESON_OPTS)

test-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	@ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:print_summary=1:halt_on_error=1 \
	  meson test -C $(ASAN_BUILD) --no-rebuild --print-errorlogs > $(ASAN_BUILD)/test-output.txt 2>&1; rc=$$?; \
	  tail -n 30 $(ASAN_BUILD)/test-output.txt; \
	  /usr/bin/python3 tests/summary.py $(ASAN_BUILD)/meson-logs/testlog.json || rc=1; exit $$rc

test-valgrind: build
	@meson test -C $(BUILD) --no-rebuild --print-errorlogs --suite unit --suite frontend --suite rules --suite report \
	  --wrap='valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --quiet' \
	  > $(BUILD)/valgrind-output.txt 2>&1; rc=$$?; tail -n 30 $(BUILD)/valgrind-output.txt; exit $$rc

$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzzing=true -Dtests=false

# Bounded fuzzing run of every target (FUZZ_SECONDS each).
FUZZ_SECONDS ?= 60
fuzz: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	./scripts/run-fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: build
	./bench/run $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)

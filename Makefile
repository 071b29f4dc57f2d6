# wrr — build. `make` builds the optimized tree in build/release; `make asan`
# builds the sanitized tree in build/asan (ASan + UBSan, stop at first report).
# `make test` builds both trees and runs every test in each (`make check` runs
# them in $(BUILD) only); see docs/testing.md. Sources are found by wildcard:
# add a file under src/<part>/ and it is built; add tests/unit/test_x.c and it
# becomes build/<mode>/tests/test_x; add tests/<suite>/run.sh and it is run.

CC := clang
BUILD ?= release
OUT := build/$(BUILD)

WARN := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Werror=implicit-function-declaration
CFLAGS_COMMON := -std=gnu11 -g $(WARN) -Iinclude -Isrc -D_GNU_SOURCE \
	-fno-math-errno
ifeq ($(BUILD),asan)
CFLAGS_MODE := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
LDFLAGS_MODE := -fsanitize=address,undefined
else
CFLAGS_MODE := -O2
LDFLAGS_MODE :=
endif
CFLAGS += $(CFLAGS_COMMON) $(CFLAGS_MODE)
LDLIBS := -lzstd -ljson-c -lmd -lm

LIB_SRC := $(wildcard src/*.c src/binary/*.c src/valid/*.c src/exec/*.c \
	src/wasi/*.c src/rr/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(OUT)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(OUT)/obj/%.o)

# Tests: one cmocka program per tests/unit/test_*.c, and the spec runner.
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%)
SPEC_SRC := $(wildcard tests/spec/*.c)
SPEC_OBJ := $(SPEC_SRC:%.c=$(OUT)/obj/%.o)
SPEC_RUNNER := $(OUT)/tests/spec_runner

.PHONY: all asan clean tests check test
all: $(OUT)/libwrr.a
ifneq ($(CLI_SRC),)
all: $(OUT)/wrr
endif

asan:
	$(MAKE) BUILD=asan

$(OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(OUT)/libwrr.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(OUT)/wrr: $(CLI_OBJ) $(OUT)/libwrr.a
	$(CC) $(LDFLAGS_MODE) -o $@ $^ $(LDLIBS)

# Builds every test program of $(BUILD).
tests: $(UNIT_BIN) $(SPEC_RUNNER)
.SECONDARY: $(UNIT_SRC:%.c=$(OUT)/obj/%.o)

$(OUT)/tests/test_%: $(OUT)/obj/tests/unit/test_%.o $(OUT)/libwrr.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_MODE) -o $@ $^ -lcmocka $(LDLIBS)

$(SPEC_RUNNER): $(SPEC_OBJ) $(OUT)/libwrr.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_MODE) -o $@ $^ $(LDLIBS)

# Runs every test suite (tests/*/run.sh) against $(BUILD).
check: all tests
	./scripts/run-tests $(BUILD)

# Builds the optimized and the sanitized trees and runs every suite in both;
# the last line is the sum, "N passed, N failed, N skipped".
test:
	$(MAKE) BUILD=release all tests
	$(MAKE) BUILD=asan all tests
	./scripts/run-tests release asan

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(SPEC_OBJ:.o=.d) \
	$(UNIT_SRC:%.c=$(OUT)/obj/%.d)

# Benchmarks (not timed tests): prints a table of wrr run / record / replay
# against node; options pass through, e.g. make bench BENCH="-n 3 fib nbody".
.PHONY: bench
bench: all
	bench/run.sh $(BENCH)

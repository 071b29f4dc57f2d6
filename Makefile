# wrr — build. `make` builds the optimized tree in build/release; `make asan`
# builds the sanitized tree in build/asan (ASan + UBSan, stop at first report).
# `make test` runs every test in both. Sources are found by wildcard: add a
# file under src/<part>/ and it is built.

CC := clang
BUILD ?= release
OUT := build/$(BUILD)

WARN := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Werror=implicit-function-declaration
CFLAGS_COMMON := -std=gnu11 -g $(WARN) -Iinclude -Isrc -D_GNU_SOURCE
ifeq ($(BUILD),asan)
CFLAGS_MODE := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
LDFLAGS_MODE := -fsanitize=address,undefined
else
CFLAGS_MODE := -O2
LDFLAGS_MODE :=
endif
CFLAGS += $(CFLAGS_COMMON) $(CFLAGS_MODE)
LDLIBS := -lm

LIB_SRC := $(wildcard src/*.c src/binary/*.c src/valid/*.c src/exec/*.c \
	src/wasi/*.c src/rr/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(OUT)/obj/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(OUT)/obj/%.o)

.PHONY: all asan clean
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

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

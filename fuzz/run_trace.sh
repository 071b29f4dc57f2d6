#!/bin/sh
# fuzz/run_trace.sh — build the trace-reader libFuzzer harness, seed a corpus
# with real traces and fuzz (see fuzz/trace.md).
#
# Usage: fuzz/run_trace.sh [seconds] [jobs]   (default 300 seconds, 1 job)
# Builds build/fuzz/fuzz_trace (clang -fsanitize=fuzzer,address,undefined,
# linked with libzstd so compressed chunks are fuzzed too). Seeds
# build/fuzz-trace-corpus from traces recorded with build/release/wrr (if it
# exists) of the tests/rr programs, without the embedded module, plain and
# --compress. Crashing inputs land in build/fuzz-trace-crashes.
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-300}
JOBS=${2:-1}
OUT=build/fuzz
CORPUS=build/fuzz-trace-corpus
CRASHES=build/fuzz-trace-crashes
WRR=${WRR:-build/release/wrr}
mkdir -p "$OUT" "$CORPUS" "$CRASHES"

clang -g -O1 -std=gnu11 -D_GNU_SOURCE \
	-DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Iinclude -Isrc fuzz/fuzz_trace.c src/rr/trace_reader.c \
	src/rr/trace_util.c src/rr/sha256.c src/error.c -lzstd -lmd -lm \
	-o "$OUT/fuzz_trace"

if [ -z "$(ls -A "$CORPUS")" ] && [ -x "$WRR" ]; then
	echo "seeding $CORPUS" >&2
	TMP=$(mktemp -d)
	for src in tests/rr/programs/nondet.c tests/rr/programs/trap.c \
		tests/rr/programs/diverge.c tests/rr/programs/calls.c; do
		b=$(basename "$src" .c)
		clang --target=wasm32-wasi -O2 "$src" -o "$TMP/$b.wasm" || continue
		echo data | "$WRR" record --no-embed-module -o "$CORPUS/$b.wrr" \
			"$TMP/$b.wasm" 20 >/dev/null 2>&1 || true
		echo data | "$WRR" record --no-embed-module --compress \
			-o "$CORPUS/$b-z.wrr" "$TMP/$b.wasm" 20 \
			>/dev/null 2>&1 || true
	done
	rm -rf "$TMP"
fi

exec "$OUT/fuzz_trace" "$CORPUS" -max_total_time="$SECS" \
	-fork="$JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
	-artifact_prefix="$CRASHES/" -max_len=65536 -rss_limit_mb=2560 \
	-timeout=20 -print_final_stats=1

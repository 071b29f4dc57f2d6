#!/bin/sh
# fuzz/run.sh — build the libFuzzer harness, seed a corpus and fuzz.
#
# Usage: [FUZZ_DIR=dir] fuzz/run.sh [seconds] [jobs]
#        (default 300 seconds, 1 job, FUZZ_DIR=build)
# Builds build/fuzz/fuzz_module (clang -fsanitize=fuzzer,address,undefined),
# seeds build/fuzz-corpus from the spec testsuite (wast2json output) and from
# random valid modules made by binaryen's `wasm-opt --translate-to-fuzz`
# (without reference types: binaryen 108 then emits typed function
# references, which are not Wasm 2.0; the spec modules cover them; every
# other one with --enable-simd), then runs for the given time. Crashing
# inputs land in build/fuzz-crashes; copy the ones worth keeping into tests/regress/.
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-300}
JOBS=${2:-1}
# FUZZ_DIR: where the binary, corpus and crashes go (default build; set it
# elsewhere to survive `make clean`).
FUZZ_DIR=${FUZZ_DIR:-build}
OUT=$FUZZ_DIR/fuzz
CORPUS=$FUZZ_DIR/fuzz-corpus
CRASHES=$FUZZ_DIR/fuzz-crashes
SPEC=${SPEC_DIR:-/work/shared/spec-testsuite}
mkdir -p "$OUT" "$CORPUS" "$CRASHES"

# Every library source except the CLI, the WASI host and record/replay,
# instrumented for coverage and sanitized.
SRCS="src/*.c src/binary/*.c src/valid/*.c src/exec/*.c"
# shellcheck disable=SC2086
clang -g -O1 -std=gnu11 -D_GNU_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Iinclude -Isrc fuzz/fuzz_module.c $SRCS -lm -o "$OUT/fuzz_module"

if [ -z "$(ls -A "$CORPUS")" ]; then
	echo "seeding $CORPUS" >&2
	TMP=$(mktemp -d)
	if command -v wast2json >/dev/null && [ -d "$SPEC" ]; then
		for w in "$SPEC"/*.wast; do
			b=$(basename "$w" .wast)
			wast2json "$w" -o "$TMP/$b.json" >/dev/null 2>&1 || true
		done
		for m in "$TMP"/*.wasm; do
			[ -f "$m" ] && cp "$m" "$CORPUS/spec-$(basename "$m")"
		done
	fi
	if command -v wasm-opt >/dev/null; then
		i=0
		while [ $i -lt 200 ]; do
			head -c $((500 + i * 37)) /dev/urandom >"$TMP/r.dat"
			simd=
			[ $((i % 2)) = 1 ] && simd=--enable-simd
			wasm-opt -ttf "$TMP/r.dat" -o "$CORPUS/ttf-$i.wasm" \
				--mvp-features --enable-sign-ext $simd \
				--enable-mutable-globals \
				--enable-nontrapping-float-to-int \
				--enable-bulk-memory --enable-multivalue >/dev/null 2>&1 || true
			i=$((i + 1))
		done
	fi
	rm -rf "$TMP"
fi
# A corpus seeded before SIMD was supported gets the SIMD spec modules.
if ! ls "$CORPUS"/spec-simd_* >/dev/null 2>&1 &&
   command -v wast2json >/dev/null && [ -d "$SPEC" ]; then
	TMP=$(mktemp -d)
	for w in "$SPEC"/simd_*.wast; do
		wast2json --debug-names "$w" \
			-o "$TMP/$(basename "$w" .wast).json" >/dev/null 2>&1 || true
	done
	for m in "$TMP"/*.wasm; do
		[ -f "$m" ] && cp "$m" "$CORPUS/spec-$(basename "$m")"
	done
	rm -rf "$TMP"
fi

# Fork mode keeps going after a crash (each crash is saved in $CRASHES);
# it writes its per-job logs (fuzz-<n>.log) into the current directory.
CORPUS=$(cd "$CORPUS" && pwd)
CRASHES=$(cd "$CRASHES" && pwd)
cd "$OUT"
exec ./fuzz_module "$CORPUS" -max_total_time="$SECS" \
	-fork="$JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
	-artifact_prefix="$CRASHES/" -max_len=65536 -rss_limit_mb=2560 \
	-timeout=20 -print_final_stats=1

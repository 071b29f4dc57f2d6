#!/bin/bash
# tests/simd/run.sh [WRR] — a C program auto-vectorised by clang
# (`clang --target=wasm32-wasi -O2 -msimd128`, tests/simd/simdprog.c) under
# wrr: its output must equal node:wasi's and that of the same program built
# without -msimd128 (also under wrr), and `wrr record` / `wrr replay` must
# reproduce it bit-exactly (stdout, exit status, final memory hash). A
# relaxed SIMD module must fail validation with a clear message.
#
# WRR is the wrr binary (first argument, or $WRR_BIN as scripts/run-tests
# sets it, or $WRR, or build/release/wrr). The wasm files are built at test
# time into build/simd-tests/. With SIMD_TIME=1, also prints the median
# user CPU time of 3 runs of each build under wrr (SIMD_SIZE sets the matrix
# size, default 160). Last line: "N passed, N failed, N skipped"; exits non-zero on a
# failure.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WRR=${1:-${WRR_BIN:-${WRR:-$ROOT/build/release/wrr}}}
case $WRR in /*) ;; *) WRR=$PWD/$WRR ;; esac
SRC=$ROOT/tests/simd
OUT=$ROOT/build/simd-tests
SIZE=${SIMD_SIZE:-160}
T=$(mktemp -d "${TMPDIR:-/tmp}/wrr-simd.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

if [ ! -x "$WRR" ]; then
	echo "FAIL wrr binary '$WRR' not found (build it first)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
if ! command -v clang >/dev/null 2>&1; then
	echo "skip: clang not found"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

# build FLAGS OUTPUT: (re)builds simdprog.c when OUTPUT is missing or older;
# writes a temporary file and renames it (concurrent release/asan runs).
mkdir -p "$OUT"
build() {
	local out=$2
	if [ -f "$out" ] && [ "$out" -nt "$SRC/simdprog.c" ]; then
		return 0
	fi
	clang --target=wasm32-wasi -O2 $1 "$SRC/simdprog.c" -o "$out.tmp.$$" &&
		mv "$out.tmp.$$" "$out"
}
build "-msimd128" "$OUT/simd.wasm" || bad "build with -msimd128"
build "" "$OUT/scalar.wasm" || bad "build without -msimd128"
[ -f "$OUT/simd.wasm" ] && [ -f "$OUT/scalar.wasm" ] || {
	echo "$pass passed, $fail failed, $skip skipped"
	exit 1
}
check "the -msimd128 build contains SIMD instructions" \
	grep -q . <(wasm-objdump -d "$OUT/simd.wasm" 2>/dev/null |
		grep -E 'f32x4\.mul|i32x4\.add')

# wrr run: SIMD and scalar builds agree
"$WRR" run "$OUT/simd.wasm" "$SIZE" >"$T/simd.out" 2>"$T/simd.err"
rc=$?
check "wrr run simd.wasm exits 0 (rc $rc: $(head -c 200 "$T/simd.err"))" \
	[ "$rc" = 0 ]
check "simd.wasm prints 5 results" [ "$(wc -l <"$T/simd.out")" = 5 ]
"$WRR" run "$OUT/scalar.wasm" "$SIZE" >"$T/scalar.out" 2>&1
check "scalar and SIMD builds print the same under wrr" \
	cmp -s "$T/simd.out" "$T/scalar.out"

# node:wasi gives the same output
if command -v node >/dev/null 2>&1; then
	node --no-warnings --single-threaded-gc "$ROOT/tests/wasi/node_run.mjs" \
		"$OUT/simd.wasm" "$SIZE" >"$T/node.out" 2>&1
	check "wrr and node print the same for simd.wasm" \
		cmp -s "$T/simd.out" "$T/node.out"
else
	skip=$((skip + 1))
	echo "skip node not found"
fi

# record / replay, bit-exact
mkdir -p "$T/empty"
"$WRR" record -o "$T/t.wrr" "$OUT/simd.wasm" "$SIZE" >"$T/rec.out" \
	2>"$T/rec.err"
rec_rc=$?
(cd "$T/empty" && "$WRR" replay --stats "$T/t.wrr" <&- >"$T/rep.out" \
	2>"$T/rep.err")
rep_rc=$?
check "record exit status 0 ($rec_rc)" [ "$rec_rc" = 0 ]
check "replay exit status equals record's ($rep_rc)" [ "$rec_rc" = "$rep_rc" ]
check "replayed stdout equals recorded" cmp -s "$T/rec.out" "$T/rep.out"
check "recorded stdout equals wrr run's" cmp -s "$T/rec.out" "$T/simd.out"
info=$("$WRR" info "$T/t.wrr" 2>/dev/null | awk '
	/^events:/ { e = $2 } /^final memory hash:/ { h = $4 }
	END { print e, h }')
check "replay events and final memory hash equal the trace's ($info)" \
	grep -q "^wrr: replayed ${info% *} events, final memory hash ${info#* }" \
	"$T/rep.err"

# relaxed SIMD is not supported: a clear validation error, not a crash
if wat2wasm --enable-relaxed-simd - -o "$T/relaxed.wasm" 2>/dev/null <<'WAT'
(module (func (export "_start")
  (drop (f32x4.relaxed_madd (v128.const i64x2 0 0) (v128.const i64x2 0 0)
                            (v128.const i64x2 0 0)))))
WAT
then
	"$WRR" run "$T/relaxed.wasm" >/dev/null 2>"$T/relaxed.err"
	rc=$?
	check "relaxed SIMD rejected by name ($(head -c 160 "$T/relaxed.err"))" \
		grep -q "invalid: relaxed SIMD instruction f32x4.relaxed_madd is not supported" \
		"$T/relaxed.err"
	[ "$rc" = 1 ] || bad "relaxed SIMD: exit status $rc, expected 1"
else
	skip=$((skip + 1))
	echo "skip wat2wasm cannot assemble relaxed SIMD"
fi

# optional timing: median of 3 runs of each build, user CPU seconds (less
# sensitive to a loaded machine than wall time)
median3() { # median3 MODULE → seconds
	local t=() TIMEFORMAT=%3U
	for _ in 1 2 3; do
		t+=("$({ time "$WRR" run "$1" "$SIZE" >/dev/null 2>&1; } 2>&1)")
	done
	printf '%s\n' "${t[@]}" | sort -n | sed -n 2p
}
if [ "${SIMD_TIME:-0}" = 1 ]; then
	ts=$(median3 "$OUT/simd.wasm")
	tn=$(median3 "$OUT/scalar.wasm")
	echo "user CPU time (median of 3, size $SIZE): -msimd128 ${ts}s," \
		"scalar ${tn}s"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]

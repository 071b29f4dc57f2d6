#!/bin/bash
# tests/unit/run.sh — runs every cmocka unit test program of one build tree
# (build/<mode>/tests/test_*, built by `make tests` from tests/unit/test_*.c)
# and prints "N passed, N failed, N skipped" last. Counts come from cmocka's
# TAP output; a program that crashes or exits non-zero without a failing
# test counts one failure.
#
# Usage: tests/unit/run.sh [-v]   (WRR_BUILD_DIR selects the tree)
set -u
cd "$(dirname "$0")/../.."
dir=${WRR_BUILD_DIR:-build/release}
verbose=0
[ "${1:-}" = -v ] && verbose=1

pass=0 fail=0 skip=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for src in tests/unit/test_*.c; do
	[ -e "$src" ] || continue
	name=$(basename "$src" .c)
	bin=$dir/tests/$name
	if [ ! -x "$bin" ]; then
		echo "  FAIL $name: $bin not built (run make BUILD=... tests)"
		fail=$((fail + 1))
		continue
	fi
	CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	s=$(grep -c '^not ok .*# SKIP' "$out")
	f=$(($(grep -c '^not ok ' "$out") - s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "  FAIL $name: exit status $rc"
	fi
	if [ "$f" -ne 0 ] || [ $verbose -eq 1 ]; then
		cat "$out"
	fi
	echo "$name: $p passed, $f failed, $s skipped"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

#!/bin/bash
# tests/regress/run.sh [WRR] — regression checks for bugs found by
# adversarial testing (bad input must give a one-line error and a non-zero
# exit, never a crash, a hang or the loss of a file). Input files live next
# to this script. WRR: first argument, $WRR_BIN, or build/release/wrr.
# Last line: "N passed, N failed".
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WRR=${1:-${WRR_BIN:-$ROOT/build/release/wrr}}
case $WRR in /*) ;; *) WRR=$PWD/$WRR ;; esac
T=$(mktemp -d /tmp/wrr-regress.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }
one_line_error() { # RC STDERR: non-zero, below 128, exactly one line
	[ "$1" -ne 0 ] && [ "$1" -lt 128 ] && [ "$(wc -l < "$2")" -eq 1 ]
}

cd "$T" || exit 1
cp "$HERE/hello.wasm" "$HERE/noimport.wasm" .

# record -o EXISTING with a module that does not exist: the existing trace
# must survive (it used to be truncated, then removed).
"$WRR" record -o keep.wrr hello.wasm > /dev/null 2>&1
cp keep.wrr keep.orig
"$WRR" record -o keep.wrr missing.wasm 2> err; rc=$?
check "record -o existing, missing module: one-line error" \
	one_line_error $rc err
check "record -o existing, missing module: trace kept" cmp -s keep.wrr keep.orig

# record -o a device with a module that fails to load or link: the device
# node must not be removed (as root, -o /dev/null used to delete /dev/null).
if mknod devnull c 1 3 2> /dev/null; then
	"$WRR" record -o devnull missing.wasm 2> err; rc=$?
	check "record -o device, missing module: error" one_line_error $rc err
	check "record -o device, missing module: node kept" test -c devnull
	"$WRR" record -o devnull noimport.wasm 2> err; rc=$?
	check "record -o device, link error: error" one_line_error $rc err
	check "record -o device, link error: node kept" test -c devnull
	"$WRR" record -o devnull hello.wasm > out 2> err; rc=$?
	check "record -o device: runs" test $rc -eq 0
	check "record -o device: node kept after a run" test -c devnull
fi

# record -o MODULE (or a link to it): refused, module untouched.
cp hello.wasm hello.orig
"$WRR" record -o hello.wasm hello.wasm 2> err; rc=$?
check "record -o MODULE: one-line error" one_line_error $rc err
check "record -o MODULE: module untouched" cmp -s hello.wasm hello.orig
ln -s hello.wasm link.wasm
"$WRR" record -o link.wasm hello.wasm 2> err; rc=$?
check "record -o link-to-MODULE: one-line error" one_line_error $rc err
check "record -o link-to-MODULE: module untouched" cmp -s hello.wasm hello.orig

# record -o an existing non-trace file: overwritten with a valid trace.
echo precious > old.txt
"$WRR" record -o old.txt hello.wasm > /dev/null 2>&1
check "record -o existing file: valid trace" \
	sh -c "'$WRR' replay -q old.txt > /dev/null 2>&1"

# A failed new trace is still removed.
"$WRR" record -o fresh.wrr noimport.wasm 2> /dev/null
check "record -o new, link error: no trace left" test ! -e fresh.wrr

# Every syntax error in an option value is a usage error: exit 2, one line
# naming the option, for run and record alike (the module is never read).
while IFS='|' read -r opt val; do
	for cmd in run record; do
		"$WRR" $cmd "$opt" "$val" hello.wasm > out 2> err; rc=$?
		check "$cmd $opt '$val': exit status $rc, want 2" test $rc -eq 2
		check "$cmd $opt '$val': one line naming the option: $(cat err)" \
			sh -c "[ \$(wc -l < err) -eq 1 ] && grep -q -- '$opt' err"
		check "$cmd $opt '$val': ran" test ! -s out
	done
done <<'OPTS'
--tcplisten|127.0.0.1:0
--tcplisten|127.0.0.1:65536
--tcplisten|127.0.0.1:99999999999999999999
--tcplisten|127.0.0.1:80x
--tcplisten|127.0.0.1:-1
--tcplisten|127.0.0.1:
--tcplisten|:8080
--tcplisten|nonsense
--tcplisten|[::1:8080
--fuel|-1
--fuel|18446744073709551616
--fuel|10x
--fuel|
--fuel| 5
--fuel|010
--max-memory|-64K
--max-memory|1T
--max-memory|17179869184G
--max-memory|64KB
--max-stack|0
--max-stack|4294967296
--max-stack|-5
--max-stack|12abc
--max-stack-slots|0
--max-stack-slots|99999999999999999999999
--max-stack-slots|1e6
--invoke|
--dir|
--env|=x
OPTS
# and the well-formed edge values are accepted
"$WRR" run --tcplisten 127.0.0.1:65535 --fuel 0xffffffffffffffff \
	--max-memory 4G --max-stack 1 hello.wasm > out 2> err; rc=$?
check "edge option values accepted: rc $rc: $(head -1 err)" test $rc -eq 0
"$WRR" record -o '' hello.wasm > out 2> err; rc=$?
check "record -o '': exit status $rc, want 2" test $rc -eq 2

# A trace read from an endless non-file (/dev/zero) stops at the wrong
# magic instead of reading until memory runs out.
for cmd in info dump replay; do
	timeout 60 "$WRR" $cmd /dev/zero > /dev/null 2> err; rc=$?
	check "$cmd /dev/zero: one-line error, no hang" one_line_error $rc err
done
# The same for a module: run/record stop at the wrong magic.
for cmd in run record; do
	timeout 60 "$WRR" $cmd /dev/zero > /dev/null 2> err; rc=$?
	check "$cmd /dev/zero: one-line error, no hang" one_line_error $rc err
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

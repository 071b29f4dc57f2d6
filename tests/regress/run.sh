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

# record -o EXISTING with a module that loads but does not link, or whose
# preopen cannot be opened: the existing trace survives byte for byte (the
# trace goes to a temporary beside it, renamed only when the run starts),
# and no temporary is left behind.
"$WRR" record -o keep.wrr noimport.wasm > /dev/null 2> err; rc=$?
check "record -o existing, link error: one-line error" one_line_error $rc err
check "record -o existing, link error: trace kept" cmp -s keep.wrr keep.orig
"$WRR" record -o keep.wrr --dir no-such-dir hello.wasm > /dev/null 2> err
rc=$?
check "record -o existing, bad preopen: one-line error" one_line_error $rc err
check "record -o existing, bad preopen: trace kept" cmp -s keep.wrr keep.orig
check "record -o existing: no temporary left: $(ls -A | grep '^\.')" \
	test -z "$(ls -A | grep '^\.')"
# a successful run replaces it, keeping its permissions; through a symbolic
# link the link stays and its target gets the trace
chmod 600 keep.wrr
"$WRR" record -o keep.wrr hello.wasm > /dev/null 2>&1
check "record -o existing: replaced by a new trace" \
	sh -c "! cmp -s keep.wrr keep.orig && '$WRR' replay -q keep.wrr"
check "record -o existing: mode kept ($(stat -c %a keep.wrr))" \
	test "$(stat -c %a keep.wrr)" = 600
ln -s keep.wrr keep-link.wrr
cp keep.wrr keep.orig
"$WRR" record -o keep-link.wrr noimport.wasm > /dev/null 2>&1
check "record -o symlink, link error: target kept" cmp -s keep.wrr keep.orig
"$WRR" record -o keep-link.wrr --env X=1 hello.wasm > /dev/null 2>&1
check "record -o symlink: still a link" test -L keep-link.wrr
check "record -o symlink: target replaced" \
	sh -c "! cmp -s keep.wrr keep.orig && '$WRR' dump keep.wrr | grep -q X=1"
check "record -o: no temporary left: $(ls -A | grep '^\.')" \
	test -z "$(ls -A | grep '^\.')"
rm -f keep-link.wrr

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

# --invoke with v128 parameters (tests/regress/v128.wat): the .wast lane
# form, 0x hex and the 128-bit decimal that results are printed in; run,
# record and replay print the same; a malformed v128 is a one-line error.
if wat2wasm "$HERE/v128.wat" -o v128.wasm 2> err; then
	v128_case() { # WANT ARGS...
		local want=$1
		shift
		"$WRR" run --invoke "$@" > out 2> err; rc=$?
		check "run --invoke $*: rc $rc, out $(tr '\n' ' ' < out)" \
			test $rc -eq 0 -a "$(tr '\n' ' ' < out)" = "$want"
		"$WRR" record -o v.wrr --invoke "$@" > rec.out 2> err
		check "record --invoke $*: same output" cmp -s out rec.out
		"$WRR" replay v.wrr > rep.out 2> err; rc=$?
		check "replay --invoke $*: rc $rc, same output" \
			test $rc -eq 0 && cmp -s out rep.out
	}
	v128_case "237684488151535567307536334859 " \
		add v128.wasm i32x4:1,2,3,4 i32x4:10,20,30,-1
	v128_case "340282366920938463463374607427473244160 " \
		add v128.wasm 0x1 340282366920938463463374607431768211455
	v128_case "-1 340282366920938463444927863358058659845 " \
		lane v128.wasm i64x2:5,0xffffffffffffffff 3
	v128_case "-9219134463004702199 170219352900774983647073449939621315073 " \
		lane v128.wasm i8x16:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,-128 0
	v128_case "1.5 " fl v128.wasm f64x2:1.5,nan
	v128_case "2.000000473111868 " fl v128.wasm f32x4:1,2,3,4
	for v in i8x16:1,2,3 i16x8:1,2,3,4,5,6,7,65536 i32x4:1,2,3,4, \
		340282366920938463463374607431768211456 \
		0x000000000000000000000000000000001 0x i32x4: v128:1 -1; do
		"$WRR" run --invoke fl v128.wasm "$v" > out 2> err; rc=$?
		check "run --invoke fl '$v': rc $rc, want 1" test $rc -eq 1
		check "run --invoke fl '$v': one-line error: $(cat err)" \
			sh -c "[ \$(wc -l < err) -eq 1 ] && grep -q 'cannot parse' err"
	done
else
	bad "wat2wasm v128.wat: $(head -1 err)"
fi

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

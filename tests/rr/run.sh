#!/bin/bash
# tests/rr/run.sh [WRR] — record, replay, compare: the oracle for `wrr record`
# and `wrr replay` (docs/trace-format.md).
#
# WRR is the wrr binary (first argument, or $WRR, or $WRR_BIN as
# scripts/run-tests sets it, or build/release/wrr). The programs are
# tests/rr/programs/*.c, built for wasm32-wasi with clang at test time, and
# the whole WASI suite (tests/wasi/run.sh, every `wrr run` of it recorded
# through tests/rr/wrr-recording.sh). Each run is recorded, then replayed in
# an empty directory with no preopens and stdin closed; stdout, stderr, exit
# status, event count and final memory hash must be identical. Then:
# nondeterminism captured, divergence reported at the first differing event,
# module check, truncated / bit-flipped / foreign / garbage traces (clear
# errors, never a crash), a recorder killed with SIGKILL, --compress,
# --no-embed-module, and a real program (Yosys). Last line: "N passed,
# N failed, N skipped".
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WRR=${1:-${WRR:-${WRR_BIN:-$ROOT/build/release/wrr}}}
case $WRR in /*) ;; *) WRR=$PWD/$WRR ;; esac
T=$(mktemp -d /tmp/wrr-rr.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
skip=0

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}
differ() { ! cmp -s "$1" "$2"; }
check() { # check DESCRIPTION COMMAND...: passes when the command succeeds
	local what=$1
	shift
	if "$@"; then ok; else bad "$what"; return 1; fi
}
# A crash is a signal exit status or a sanitizer report.
no_crash() { # no_crash RC STDERR-FILE
	[ "$1" -lt 128 ] || return 1
	! grep -q -e 'AddressSanitizer' -e 'runtime error:' \
		-e 'LeakSanitizer' "$2"
}

if [ ! -x "$WRR" ]; then
	echo "wrr binary not found: $WRR"
	echo "0 passed, 1 failed"
	exit 1
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

# ------------------------------------------------------------------ build
mkdir -p "$T/bin"
for src in "$ROOT"/tests/rr/programs/*.c; do
	name=$(basename "$src" .c)
	if ! clang --target=wasm32-wasi -O2 "$src" \
		-o "$T/bin/$name.wasm" 2>"$T/cc.err"; then
		bad "build $src: $(head -1 "$T/cc.err")"
	fi
done
clang --target=wasm32-wasi -O2 -DVARIANT "$ROOT/tests/rr/programs/diverge.c" \
	-o "$T/bin/diverge_variant.wasm" 2>/dev/null
# retrace: rewrites a trace with another header (tests/rr/retrace.c), linked
# with the library next to WRR (sanitized like it in the asan tree).
SAN=
case $WRR in */asan/*) SAN=-fsanitize=address,undefined ;; esac
if ! clang -std=gnu11 $SAN -I"$ROOT/include" -I"$ROOT/src" -D_GNU_SOURCE \
	"$ROOT/tests/rr/retrace.c" "$(dirname "$WRR")/libwrr.a" \
	-lzstd -ljson-c -lmd -lm -o "$T/bin/retrace" 2>"$T/cc.err"; then
	bad "build tests/rr/retrace.c: $(head -1 "$T/cc.err")"
fi

# ------------------------------------------------- record / replay / compare

# summary TRACE → "EVENTS HASH" from `wrr info`
summary() {
	"$WRR" info "$1" 2>/dev/null | awk '
		/^events:/ { e = $2 }
		/^final memory hash:/ { h = $4 }
		END { print e, h }'
}

# trace size: at most the bytes written plus 16 per event (before
# compression; chunk headers, function definitions and END included), for
# every trace however short (docs/trace-format.md, "Size")
size_bar() { # LABEL TRACE
	local per
	per=$("$WRR" info "$2" | sed -n 's/.*overhead per event: \([0-9.]*\) bytes.*/\1/p')
	check "$1: trace overhead per event $per > 16 bytes" \
		awk -v p="$per" 'BEGIN { exit !(p != "" && p <= 16) }'
}

# rr_case NAME STDIN-FILE [RUN-OPTIONS...] MODULE [ARGS...]
# Records the run (stdin from STDIN-FILE, in a fresh directory with a "dir"
# subdirectory for preopens), replays it in an empty directory with stdin
# closed, and compares.
rr_case() {
	local name=$1 input=$2
	shift 2
	local c="$T/case-$name"
	mkdir -p "$c/run/dir" "$c/empty"
	(cd "$c/run" && "$WRR" record -o "$c/t.wrr" "$@" <"$input" \
		>"$c/rec.out" 2>"$c/rec.err.raw")
	echo $? >"$c/rec.rc"
	grep -v '^wrr: recording to ' "$c/rec.err.raw" >"$c/rec.err"
	# replay elsewhere: no preopens, stdin closed
	rm -rf "${c:?}/run"
	(cd "$c/empty" && "$WRR" replay --stats "$c/t.wrr" <&- \
		>"$c/rep.out" 2>"$c/rep.err.raw")
	echo $? >"$c/rep.rc"
	grep -v '^wrr: replayed ' "$c/rep.err.raw" >"$c/rep.err"
	local rec_rc rep_rc
	rec_rc=$(cat "$c/rec.rc")
	rep_rc=$(cat "$c/rep.rc")
	check "$name: replay exit status $rep_rc, recorded $rec_rc" \
		[ "$rec_rc" = "$rep_rc" ]
	check "$name: stdout differs" cmp -s "$c/rec.out" "$c/rep.out"
	check "$name: stderr differs ($(diff "$c/rec.err" "$c/rep.err" |
		sed -n 2p))" cmp -s "$c/rec.err" "$c/rep.err"
	local s events hash
	s=$(summary "$c/t.wrr")
	events=${s% *}
	hash=${s#* }
	check "$name: events/hash ($s) vs replay ($(grep '^wrr: replayed' \
		"$c/rep.err.raw"))" \
		grep -q "^wrr: replayed $events events, final memory hash $hash" \
		"$c/rep.err.raw"
	check "$name: no files left by replay" \
		[ -z "$(ls -A "$c/empty")" ]
	size_bar "$name" "$c/t.wrr"
}

B=$T/bin
printf 'data\n' >"$T/stdin.txt"
: >"$T/empty.txt"

for p in compute nondet trap diverge; do
	rr_case "$p" "$T/stdin.txt" "$B/$p.wasm"
done
rr_case calls "$T/empty.txt" "$B/calls.wasm" 20000
# Options that change the trace but not the run.
rr_case nondet_compressed "$T/stdin.txt" --compress "$B/nondet.wasm"

# ------------------------------------------- the WASI suite, all recorded
# tests/wasi/run.sh runs with tests/rr/wrr-recording.sh as its wrr: every
# `wrr run` there is a `wrr record` (which must pass the suite's checks as
# run does), then replayed and compared (see wrr-recording.sh). Skipped with
# RR_SKIP_WASI=1.
if [ -x "$ROOT/tests/wasi/run.sh" ] && [ -z "${RR_SKIP_WASI:-}" ]; then
	: >"$T/wasi.log"
	WRR_RR_REAL=$WRR WRR_RR_LOG=$T/wasi.log \
		"$ROOT/tests/wasi/run.sh" "$ROOT/tests/rr/wrr-recording.sh" \
		>"$T/wasi.out" 2>&1
	while IFS= read -r line; do
		bad "wasi suite under record: $line"
	done < <(grep '^FAIL' "$T/wasi.out")
	check "wasi suite under record: no summary" \
		grep -qE '^[0-9]+ passed, [0-9]+ failed' "$T/wasi.out"
	n=0
	while IFS= read -r line; do
		n=$((n + 1))
		case $line in
		ok*) ok ;;
		*) bad "wasi suite replay: $line" ;;
		esac
	done <"$T/wasi.log"
	check "wasi suite: only $n recordings" [ $n -ge 10 ]
	# every trace was held to the size bar by wrr-recording.sh; the
	# largest overhead per event among them, for the record
	sized=$(grep -c '^ok \[' "$T/wasi.log")
	check "wasi suite: only $sized traces measured" [ "$sized" -ge 10 ]
	worst=$(sed -n 's/^ok \[\([0-9]*\) events, \([0-9.]*\) B\/event\] \(.*\)/\2 B\/event (\1 events): \3/p' \
		"$T/wasi.log" | sort -n | tail -1)
	echo "wasi suite: $sized traces within 16 B/event; largest: $worst"
fi

# ------------------------------------------------------- nondeterminism
N=$T/nondet
mkdir -p "$N"
(cd "$N" && echo one | "$WRR" record -o 1.wrr "$B/nondet.wasm" >1.out 2>/dev/null)
(cd "$N" && echo two | "$WRR" record -o 2.wrr "$B/nondet.wasm" >2.out 2>/dev/null)
check "nondet: two recordings print the same" differ "$N/1.out" "$N/2.out"
for i in 1 2; do
	(cd "$N" && "$WRR" replay "$i.wrr" <&- >"$i.rep" 2>/dev/null)
	check "nondet: replay $i differs from its recording" \
		cmp -s "$N/$i.out" "$N/$i.rep"
done
check "nondet: stdin bytes recorded" grep -q 'stdin 4: one' "$N/1.rep"

# ------------------------------------------------------------ divergence
D=$T/div
mkdir -p "$D"
(cd "$D" && "$WRR" record -o d.wrr "$B/diverge.wasm" >/dev/null 2>&1)
# the first differing event: the third clock_time_get of the recording
first=$("$WRR" dump "$D/d.wrr" | grep 'clock_time_get' | sed -n 3p |
	sed 's/^#\([0-9]*\).*/\1/')
"$WRR" replay --unsafe-skip-module-check "$D/d.wrr" \
	"$B/diverge_variant.wasm" >/dev/null 2>"$D/err"
rc=$?
check "divergence: exit status $rc, want 3" [ $rc -eq 3 ]
check "divergence: not reported at event $first: $(head -1 "$D/err")" \
	grep -q "^wrr: divergence at event $first: .*clock_time_get called with (0, .*the trace has (1, " "$D/err"
check "divergence: no backtrace" grep -q '^  #0: ' "$D/err"
"$WRR" replay "$D/d.wrr" "$B/diverge_variant.wasm" >/dev/null 2>"$D/err2"
rc=$?
check "module check: exit status $rc, want 1" [ $rc -eq 1 ]
check "module check: message" grep -q 'is not the recorded module' "$D/err2"
check "module check: one line" [ "$(wc -l <"$D/err2")" -eq 1 ]
"$WRR" replay "$D/d.wrr" "$B/diverge.wasm" >/dev/null 2>&1
check "replay with the right MODULE" [ $? -eq 0 ]

# A trace from another engine version (src/rr/engine_version.h) is refused
# before running, in one line naming both versions; a trace without the
# field counts as engine version 0.
ev=$("$WRR" dump "$D/d.wrr" | sed -n 's/^engine version: //p')
check "engine version printed by dump ($ev)" [ -n "$ev" ] && [ "$ev" -ge 1 ]
check "engine version printed by info" \
	sh -c "'$WRR' info '$D/d.wrr' | grep -q '(engine version $ev)'"
for other in $((ev + 1)) 0; do
	"$T/bin/retrace" "$D/d.wrr" "$D/ev.wrr" engine-version $other
	"$WRR" replay "$D/ev.wrr" >"$D/ev.out" 2>"$D/ev.err"
	rc=$?
	check "engine version $other: exit status $rc, want 1" [ $rc -eq 1 ]
	check "engine version $other: message: $(cat "$D/ev.err")" \
		grep -q "recorded by engine version $other.*this wrr has engine version $ev: instruction counts would differ; replay it with the wrr that recorded it (wrr [0-9.]*)$" "$D/ev.err"
	check "engine version $other: one line" [ "$(wc -l <"$D/ev.err")" -eq 1 ]
	check "engine version $other: ran" [ ! -s "$D/ev.out" ]
done
"$T/bin/retrace" "$D/d.wrr" "$D/ev.wrr" engine-version "$ev"
"$WRR" replay "$D/ev.wrr" >/dev/null 2>&1
check "retrace with the same engine version replays" [ $? -eq 0 ]

# --no-embed-module
(cd "$D" && "$WRR" record --no-embed-module -o ne.wrr "$B/diverge.wasm" \
	>/dev/null 2>&1)
"$WRR" replay "$D/ne.wrr" >/dev/null 2>"$D/err3"
check "no-embed: replay without MODULE refused" \
	grep -q 'does not embed its module' "$D/err3"
"$WRR" replay "$D/ne.wrr" "$B/diverge.wasm" >"$D/ne.out" 2>/dev/null
check "no-embed: replay with MODULE" [ $? -eq 0 -a -s "$D/ne.out" ]
check "no-embed: trace smaller than the module" \
	[ "$(stat -c %s "$D/ne.wrr")" -lt "$(stat -c %s "$B/diverge.wasm")" ]

# ------------------------------------------------------------ robustness
R=$T/robust
mkdir -p "$R"
(cd "$R" && "$WRR" record -o full.wrr "$B/calls.wasm" 200000 >/dev/null \
	2>&1)
size=$(stat -c %s "$R/full.wrr")
# the guest output of a full replay, to compare prefixes with
"$WRR" replay "$R/full.wrr" >"$R/full.out" 2>/dev/null
robust_one() { # robust_one LABEL TRACE: replay must end cleanly
	"$WRR" replay "$2" >"$R/cut.out" 2>"$R/cut.err"
	local rc=$?
	check "$1: crash (rc $rc): $(head -3 "$R/cut.err")" no_crash $rc "$R/cut.err"
	check "$1: not a one-line error (rc $rc)" \
		[ $rc -eq 0 -o "$(grep -c . "$R/cut.err")" -eq 1 ]
}
offsets=$("$WRR" dump --chunks "$R/full.wrr" | awk '{print $2}')
nchunks=0
for off in $offsets; do
	nchunks=$((nchunks + 1))
	head -c "$off" "$R/full.wrr" >"$R/cut.wrr"
	robust_one "cut at chunk boundary $off" "$R/cut.wrr"
	if [ "$off" -gt 12 -a "$off" -lt "$size" ]; then
		check "cut at $off: message: $(cat "$R/cut.err")" \
			grep -q '^wrr: error: .*: trace ends after event [0-9]* (recording was cut short)$' \
			"$R/cut.err"
		check "cut at $off: output is not a prefix" \
			cmp -s "$R/cut.out" <(head -c "$(stat -c %s "$R/cut.out")" "$R/full.out")
		for cmd in info dump; do
			"$WRR" $cmd "$R/cut.wrr" >"$R/cut.$cmd" 2>"$R/cut.err"
			rc=$?
			check "$cmd cut at $off: exit status $rc, want 1" [ $rc -eq 1 ]
			check "$cmd cut at $off: stderr: $(cat "$R/cut.err")" \
				grep -q '^wrr: error: .*cut.wrr: trace ends after event [0-9]* (recording was cut short)$' \
				"$R/cut.err"
			check "$cmd cut at $off: not one line on stderr" \
				[ "$(wc -l <"$R/cut.err")" -eq 1 ]
		done
		check "info cut at $off: summary says it" \
			grep -q '^ended: trace ends after event' "$R/cut.info"
	fi
done
check "trace has several chunks ($nchunks)" [ $nchunks -ge 4 ]
for i in $(seq 1 15); do
	off=$(( (RANDOM * 32768 + RANDOM) % size ))
	head -c "$off" "$R/full.wrr" >"$R/cut.wrr"
	robust_one "cut at random offset $off" "$R/cut.wrr"
done
for i in $(seq 1 15); do
	cp "$R/full.wrr" "$R/flip.wrr"
	off=$(( (RANDOM * 32768 + RANDOM) % size ))
	byte=$(od -An -tu1 -j "$off" -N1 "$R/flip.wrr" | tr -d ' ')
	printf "$(printf '\\%03o' $(( byte ^ (1 << (RANDOM % 8)) )))" |
		dd of="$R/flip.wrr" bs=1 seek="$off" conv=notrunc 2>/dev/null
	robust_one "bit flip at $off" "$R/flip.wrr"
	check "bit flip at $off: not reported with an offset: $(cat "$R/cut.err")" \
		grep -q -e 'offset' -e 'trace ends after event' "$R/cut.err"
done
# bytes after the END event: replay refuses them as dump and info do
for tail in x 0123456789abcdef0123456789abcdef0123456789; do
	cp "$R/full.wrr" "$R/tail.wrr"
	printf '%s' "$tail" >>"$R/tail.wrr"
	for cmd in replay dump info; do
		"$WRR" $cmd "$R/tail.wrr" >/dev/null 2>"$R/cut.err"
		rc=$?
		check "$cmd with ${#tail} bytes after END: exit status $rc, want 1" \
			[ $rc -eq 1 ]
		check "$cmd with ${#tail} bytes after END: message: $(cat "$R/cut.err")" \
			grep -q "^wrr: error: .*tail.wrr: bad trace at byte offset $size: data after the end of the trace$" \
			"$R/cut.err"
		check "$cmd with ${#tail} bytes after END: one line" \
			[ "$(wc -l <"$R/cut.err")" -eq 1 ]
	done
done
# the same trace read from a pipe (read whole into memory) replays as from
# the file (read chunk by chunk with pread)
"$WRR" replay --stats "$R/full.wrr" >"$R/file.out" 2>"$R/file.err"
rc1=$?
cat "$R/full.wrr" | "$WRR" replay --stats /dev/stdin >"$R/pipe.out" 2>"$R/pipe.err"
rc2=$?
check "replay from a pipe: rc $rc2, from the file $rc1" [ $rc1 -eq 0 -a $rc2 -eq 0 ]
check "replay from a pipe: output differs" cmp -s "$R/file.out" "$R/pipe.out"
check "replay from a pipe: $(cat "$R/pipe.err"), from the file: $(cat "$R/file.err")" \
	cmp -s "$R/file.err" "$R/pipe.err"
head -c $((size / 2)) "$R/full.wrr" | "$WRR" replay /dev/stdin >/dev/null 2>"$R/cut.err"
check "cut trace from a pipe: message: $(cat "$R/cut.err")" \
	grep -q '^wrr: error: .*: trace ends after event [0-9]* (recording was cut short)$' "$R/cut.err"
# another module's trace with this module
"$WRR" replay "$R/full.wrr" "$B/compute.wasm" >/dev/null 2>"$R/cut.err"
check "foreign module refused" grep -q 'is not the recorded module' "$R/cut.err"
# garbage, empty, wrong magic, a future version
head -c 5000 /dev/urandom >"$R/garbage.wrr"
robust_one garbage "$R/garbage.wrr"
check "garbage: wrong magic" grep -q 'wrong magic' "$R/cut.err"
: >"$R/empty.wrr"
robust_one empty "$R/empty.wrr"
cp "$R/full.wrr" "$R/future.wrr"
printf '\011' | dd of="$R/future.wrr" bs=1 seek=8 conv=notrunc 2>/dev/null
robust_one "future version" "$R/future.wrr"
check "future version: message" grep -q 'newer wrr needed' "$R/cut.err"
"$WRR" dump "$R/garbage.wrr" >/dev/null 2>"$R/cut.err"
check "dump garbage: rc" [ $? -eq 1 ]
"$WRR" info "$R/flip.wrr" >/dev/null 2>"$R/cut.err"
check "info on a flipped trace: crash" no_crash $? "$R/cut.err"

# trace size (size_bar, above) of the calls program, plain and compressed
size_bar "calls" "$R/full.wrr"
(cd "$R" && "$WRR" record -o z.wrr --compress "$B/calls.wasm" 200000 \
	>/dev/null 2>&1)
size_bar "calls --compress (raw size)" "$R/z.wrr"
check "--compress: smaller" \
	[ "$(stat -c %s "$R/z.wrr")" -lt "$(stat -c %s "$R/full.wrr")" ]
# an old-format trace (1.x, 2.x) is refused in one line naming both versions
for old in 1 2; do
	cp "$R/full.wrr" "$R/old.wrr"
	printf "\\00$old" | dd of="$R/old.wrr" bs=1 seek=8 conv=notrunc 2>/dev/null
	robust_one "format $old.x" "$R/old.wrr"
	check "format $old.x: message: $(cat "$R/cut.err")" \
		grep -q "bad trace at byte offset 8: trace format version $old\.[0-9]*, this wrr reads 3\.x (an older wrr wrote it: read it with that wrr)\$" "$R/cut.err"
done

# ------------------------------------------------------------ dump / info
"$WRR" dump --json "$T/case-nondet/t.wrr" >"$R/d.json" 2>"$R/d.err"
rc=$?
if check "dump --json: rc $rc" [ $rc -eq 0 ] &&
	command -v node >/dev/null; then
	check "dump --json: not one JSON object per line" \
		node --single-threaded-gc -e '
		const lines = require("fs").readFileSync(process.argv[1], "utf8")
			.trim().split("\n");
		for (const l of lines) JSON.parse(l);
		if (JSON.parse(lines[0]).type !== "header") process.exit(1);
		if (JSON.parse(lines[lines.length - 1]).type !== "end")
			process.exit(1);' "$R/d.json"
fi
"$WRR" dump "$T/case-nondet/t.wrr" >"$R/d.txt" 2>/dev/null
check "dump: fd_read with the stdin bytes" grep -q 'wrote 5 bytes at 0x[0-9a-f]*: "data\\n"' "$R/d.txt"
"$WRR" info "$T/case-nondet/t.wrr" >"$R/i.txt" 2>/dev/null
check "info: by import" grep -q 'wasi_snapshot_preview1.random_get *1 calls' "$R/i.txt"
check "info: exit status" grep -q '^ended: [a-z]*, exit status [0-9]' "$R/i.txt"

# ------------------------------------------------- a real program: Yosys
# The Yosys run of tests/yosys (YoWASP's plain WASI build, installed by
# scripts/yosys-install into build/npm): recorded, then the Verilog input and
# the output directory are deleted; the replay prints exactly the recorded
# output and exits the same way; `wrr dump` shows the reads and writes.
PKG=$ROOT/build/npm/node_modules/@yowasp/yosys
if [ -z "${RR_SKIP_YOSYS:-}" ] && "$ROOT/scripts/yosys-install" >/dev/null; then
	Y=$T/yosys
	mkdir -p "$Y/work" "$Y/empty"
	node --no-warnings --single-threaded-gc "$ROOT/tests/yosys/share.mjs" \
		"$PKG" "$Y/share" 2>/dev/null
	ln -s "$PKG/gen/yosys.core.wasm" "$Y/yowasp-yosys"
	cp "$ROOT/tests/yosys/counter.v" "$Y/work/counter.v"
	(cd "$Y/work" && "$WRR" record -o "$Y/y.wrr" --dir .::/ \
		--dir "$Y/share::/share" "$Y/yowasp-yosys" -p \
		"read_verilog counter.v; proc; opt; stat; write_json out.json; write_verilog out.v" \
		>"$Y/rec.out" 2>"$Y/rec.err")
	rc=$?
	check "yosys: record exit status $rc" [ $rc -eq 0 ]
	check "yosys: no statistics" grep -q 'Number of cells' "$Y/rec.out"
	check "yosys: out.v not written" [ -s "$Y/work/out.v" ]
	rm -rf "${Y:?}/work" "${Y:?}/share"
	(cd "$Y/empty" && "$WRR" replay --stats "$Y/y.wrr" <&- >"$Y/rep.out" \
		2>"$Y/rep.err")
	rrc=$?
	check "yosys: replay exit status $rrc, recorded $rc" [ $rrc -eq $rc ]
	check "yosys: replay output differs" cmp -s "$Y/rec.out" "$Y/rep.out"
	check "yosys: replay stderr: $(head -3 "$Y/rep.err")" \
		[ "$(grep -vc '^wrr: replayed' "$Y/rep.err")" -eq 0 ]
	"$WRR" dump "$Y/y.wrr" >"$Y/dump" 2>&1
	check "yosys: dump lacks the Verilog read" \
		grep -q 'wrote [0-9]* bytes at 0x[0-9a-f]*: "module counter(' "$Y/dump"
	check "yosys: dump lacks the output files opened" \
		[ "$(grep -c 'path_open' "$Y/dump")" -ge 3 ]
	size_bar yosys "$Y/y.wrr"
else
	if [ -n "${RR_SKIP_YOSYS:-}" ]; then
		echo "SKIP: yosys (RR_SKIP_YOSYS is set)"
		skip=$((skip + 1))
	else
		echo "FAIL: yosys: @yowasp/yosys could not be installed (scripts/yosys-install)"
		fail=$((fail + 1))
	fi
fi

# --------------------------------------------------------- killed recorder
K=$T/kill
mkdir -p "$K"
# k.wrr exists (an older trace): the new trace replaces it as soon as the
# run starts, so the killed recorder's trace is under the name given to -o.
cp "$T/case-compute/t.wrr" "$K/k.wrr"
(cd "$K" && exec "$WRR" record -o k.wrr "$B/slow.wasm" >k.out 2>/dev/null) &
pid=$!
sleep 1.5
kill -KILL $pid
wait $pid 2>/dev/null
"$WRR" replay "$K/k.wrr" >"$K/k.rep" 2>"$K/k.err"
rc=$?
check "killed recorder: replay rc $rc, want 1" [ $rc -eq 1 ]
check "killed recorder: message: $(cat "$K/k.err")" \
	grep -q '^wrr: error: .*: trace ends after event [0-9]* (recording was cut short)$' "$K/k.err"
check "killed recorder: replay output not a prefix of the recording's" \
	cmp -s "$K/k.rep" <(head -c "$(stat -c %s "$K/k.rep")" "$K/k.out")
check "killed recorder: replayed too little ($(wc -l <"$K/k.rep") lines)" \
	[ "$(wc -l <"$K/k.rep")" -ge 20 ]
check "killed recorder: temporary left behind: $(ls -A "$K" | grep '^\.')" \
	[ -z "$(ls -A "$K" | grep '^\.')" ]

# default trace name: <module>-N.wrr in the current directory
mkdir -p "$T/name"
(cd "$T/name" && "$WRR" record "$B/compute.wasm" 10 >/dev/null 2>err &&
	"$WRR" record "$B/compute.wasm" 10 >/dev/null 2>>err)
check "default trace names" [ -f "$T/name/compute-0.wrr" -a -f "$T/name/compute-1.wrr" ]
check "default trace name printed" grep -q 'compute-1.wrr' "$T/name/err"

echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]

#!/bin/bash
# tests/wasi/run.sh — end-to-end tests of `wrr run` and the WASI host.
#
# Usage: tests/wasi/run.sh [-k NAME] [--record] [WRR]
#   WRR        the binary (default: $WRR_BIN, $WRR, build/release/wrr)
#   -k NAME    only the tests whose name contains NAME
#   --record   (or WASI_TEST_RECORD=1) every `wrr run` becomes `wrr record`
#              followed by `wrr replay` of the trace, which must print the
#              same stdout and exit with the same status
#
# C programs in tests/wasi/*.c are compiled at test time with
# `clang --target=wasm32-wasi -O2` (wasi-libc; linked without wasm-opt, so
# the name section stays) into build/wasi-tests/, the
# Rust programs in tests/wasi/rust/*.rs with /usr/bin/rustc (if installed,
# with the wasm32-wasi std), invoke.wat with wat2wasm. Each test runs the
# module under `wrr run` with its own directories, environment, arguments
# and stdin, and checks the exit status and stdout (an .expected file, or
# "ok" printed by the assertions in the program). Where node:wasi is known
# to behave correctly, the same command also runs under node
# (tests/wasi/node_run.mjs) and must give the same stdout and exit status.
# Prints one line per test and ends with "N passed, N failed, N skipped";
# exits non-zero if anything failed.
set -u
cd "$(dirname "$0")/../.."

only=""
record=${WASI_TEST_RECORD:-0}
while [ $# -gt 0 ]; do
	case $1 in
	-k) only=$2; shift 2 ;;
	--record) record=1; shift ;;
	*) break ;;
	esac
done
WRR=${1:-${WRR_BIN:-${WRR:-build/release/wrr}}}
SRC=tests/wasi
OUT=build/wasi-tests
TIMEOUT=${WASI_TEST_TIMEOUT:-300}
mkdir -p "$OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wrr-wasi.XXXXXX")
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT

pass=0 fail=0 skip=0
NODE=""
if command -v node >/dev/null 2>&1; then
	NODE="node --no-warnings --single-threaded-gc $SRC/node_run.mjs"
fi

if [ ! -x "$WRR" ]; then
	echo "FAIL wrr binary '$WRR' not found (build it first)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

# ---------------------------------------------------------------- building

# build KIND SOURCE OUTPUT: compiles SOURCE (KIND c, wat or rust) when
# OUTPUT is missing or older than SOURCE or check.h; writes a temporary file
# and renames it, so concurrent runs (release, asan) never see half a file.
CLANG=${WASI_CC:-clang}
RUSTC=${WASI_RUSTC:-/usr/bin/rustc}
build() {
	local kind=$1 src=$2 out=$3
	if [ -f "$out" ] && [ "$out" -nt "$src" ] &&
	   [ "$out" -nt "$SRC/check.h" ]; then
		return 0
	fi
	local tmp="$out.tmp.$$"
	case $kind in
	# Compile and link separately: with -O at link time clang runs
	# wasm-opt (when installed), which inlines and drops the name section
	# that backtraces need.
	c|c2|csimd)
		local flags=()
		# Wasm 2.0 features beyond the MVP, for compiler output that
		# uses bulk memory, saturating conversions, sign extension
		# (c2) and SIMD (csimd).
		[ $kind = c ] || flags=(-mbulk-memory -mnontrapping-fptoint
					-msign-ext)
		[ $kind != csimd ] || flags+=(-msimd128)
		"$CLANG" --target=wasm32-wasi -O2 "${flags[@]}" -Wall -Werror \
			-c "$src" -o "$tmp.o" &&
			"$CLANG" --target=wasm32-wasi "$tmp.o" -o "$tmp" &&
			rm -f "$tmp.o" ;;
	wat) wat2wasm --debug-names "$src" -o "$tmp" ;;
	# Binaryen's optimizer reshapes the code (other block/loop/local
	# patterns than clang's), with every Wasm 2.0 feature it may use.
	wopt) wasm-opt -O3 --enable-bulk-memory --enable-sign-ext \
		--enable-nontrapping-float-to-int --enable-multivalue \
		--enable-reference-types --enable-mutable-globals \
		"$src" -o "$tmp" ;;
	rust) "$RUSTC" --target wasm32-wasi -O -C strip=debuginfo "$src" \
		-o "$tmp" ;;
	esac >"$TMP/build.log" 2>&1
	if [ $? -ne 0 ]; then
		echo "FAIL build $(basename "$out"): $(head -c 2000 "$TMP/build.log")"
		fail=$((fail + 1))
		rm -f "$tmp"
		return 1
	fi
	mv -f "$tmp" "$out"
}

if echo 'int main(void){return 0;}' |
	"$CLANG" --target=wasm32-wasi -O2 -x c - -o "$TMP/probe.wasm" \
	>/dev/null 2>&1; then
	for c in "$SRC"/*.c; do
		build c "$c" "$OUT/$(basename "$c" .c).wasm"
	done
	build c2 "$SRC/compute.c" "$OUT/compute_2.0.wasm"
	build csimd "$SRC/compute.c" "$OUT/compute_simd.wasm"
	if command -v wasm-opt >/dev/null 2>&1; then
		build wopt "$OUT/compute_2.0.wasm" "$OUT/compute_wopt.wasm"
		build wopt "$OUT/fs.wasm" "$OUT/fs_wopt.wasm"
	fi
else
	echo "FAIL cannot compile for wasm32-wasi with '$CLANG' (needs clang, wasi-libc, libclang-rt-14-dev-wasm32)"
	fail=$((fail + 1))
fi
if command -v wat2wasm >/dev/null 2>&1; then
	build wat "$SRC/invoke.wat" "$OUT/invoke.wasm"
fi
have_rust=0
if [ -x "$RUSTC" ]; then
	have_rust=1
	for r in "$SRC"/rust/*.rs; do
		build rust "$r" "$OUT/rust_$(basename "$r" .rs).wasm" ||
			have_rust=0
	done
fi

# ------------------------------------------------------------------ helpers

cur=""
reasons=""
selected() { [ -z "$only" ] || [[ $1 == *"$only"* ]]; }
begin() { cur=$1; reasons=""; }
bad() { reasons+="    $*"$'\n'; }
end() {
	if [ -z "$reasons" ]; then
		echo "PASS $cur${1:+ $1}"
		pass=$((pass + 1))
	else
		echo "FAIL $cur"
		printf '%s' "$reasons"
		fail=$((fail + 1))
	fi
}
skipped() {
	echo "SKIP $1: $2"
	skip=$((skip + 1))
}

# wrr_run ARGS...: `wrr run ARGS` with stdin from $STDIN (default
# /dev/null); sets $rc, stdout in $TMP/out, stderr in $TMP/err.
# With WASI_TEST_RECORD=1 (tests/wasi/run.sh --record), `wrr record`
# instead, then `wrr replay` of the trace, which must give the same stdout
# and exit status.
wrr_run() {
	if [ "$record" = 1 ]; then
		wrr_record_replay "$@"
		return
	fi
	timeout "$TIMEOUT" "$WRR" run "$@" >"$TMP/out" 2>"$TMP/err" \
		<"${STDIN:-/dev/null}"
	rc=$?
	[ $rc -ne 124 ] || bad "timed out after ${TIMEOUT}s"
	sanitizer_check "$TMP/err"
}
wrr_record_replay() {
	rm -f "$TMP/trace.wrr"
	timeout "$TIMEOUT" "$WRR" record -o "$TMP/trace.wrr" "$@" \
		>"$TMP/out" 2>"$TMP/err" <"${STDIN:-/dev/null}"
	rc=$?
	sed -i '/^wrr: recording to /d' "$TMP/err"
	[ $rc -ne 124 ] || bad "record timed out after ${TIMEOUT}s"
	sanitizer_check "$TMP/err"
	[ -f "$TMP/trace.wrr" ] || return 0 # nothing ran (load error)
	timeout "$TIMEOUT" "$WRR" replay "$TMP/trace.wrr" >"$TMP/rout" \
		2>"$TMP/rerr" </dev/null
	local rrc=$?
	sanitizer_check "$TMP/rerr"
	[ "$rrc" = "$rc" ] ||
		bad "replay exit status $rrc, recorded $rc: $(head -c 300 "$TMP/rerr" | tr '\n' '|')"
	cmp -s "$TMP/out" "$TMP/rout" ||
		bad "replay stdout differs: $(cmp "$TMP/out" "$TMP/rout" 2>&1 | head -2 | tr '\n' '|')"
}
# A sanitizer report in a wrr's stderr fails the test and is shown (so
# scripts/run-tests sees it too), whatever the exit status looked like.
sanitizer_check() {
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1"; then
		bad "sanitizer report:"
		grep -E -A12 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1" |
			head -40 | sed 's/^/      /'
	fi
}
# node_same ARGS...: runs ARGS under node:wasi and wants wrr's stdout and
# exit status (call after wrr_run with the same ARGS, and the same state).
node_same() {
	[ -n "$NODE" ] || return 0
	timeout "$TIMEOUT" $NODE "$@" >"$TMP/nout" 2>"$TMP/nerr" \
		<"${STDIN:-/dev/null}"
	local nrc=$?
	[ "$nrc" = "$rc" ] || bad "node exit status $nrc, wrr $rc"
	cmp -s "$TMP/out" "$TMP/nout" ||
		bad "stdout differs from node: $(diff "$TMP/nout" "$TMP/out" | head -5 | tr '\n' '|')"
}
want_rc() {
	[ "$rc" = "$1" ] ||
		bad "exit status $rc, want $1; stderr: $(head -c 400 "$TMP/err" | tr '\n' '|')"
}
want_out() {
	[ "$(cat "$TMP/out")" = "$1" ] ||
		bad "stdout: $(head -c 600 "$TMP/out" | tr '\n' '|') want: $(printf '%s' "$1" | head -c 200 | tr '\n' '|')"
}
want_out_file() {
	cmp -s "$TMP/out" "$1" ||
		bad "stdout differs from $1: $(diff "$1" "$TMP/out" | head -6 | tr '\n' '|')"
}
want_err() {
	grep -qE -- "$1" "$TMP/err" ||
		bad "stderr lacks /$1/: $(head -c 600 "$TMP/err" | tr '\n' '|')"
}
fresh_dir() { rm -rf "$TMP/$1"; mkdir -p "$TMP/$1"; echo "$TMP/$1"; }
have() { [ -f "$OUT/$1.wasm" ]; }

# ------------------------------------------------------------ the tests

t_cli() {
	begin cli
	"$WRR" --version >"$TMP/out" 2>&1; rc=$?
	want_rc 0
	grep -qE '^wrr [0-9]+\.[0-9]+\.[0-9]+' "$TMP/out" || bad "--version: $(cat "$TMP/out")"
	"$WRR" --help >"$TMP/out" 2>&1; rc=$?
	want_rc 0
	grep -q 'run' "$TMP/out" || bad "--help lacks run"
	"$WRR" run --help >"$TMP/out" 2>&1; rc=$?
	want_rc 0
	grep -q -- '--dir' "$TMP/out" || bad "run --help lacks --dir"
	"$WRR" frobnicate >"$TMP/out" 2>"$TMP/err"; rc=$?
	want_rc 2
	[ "$(wc -l <"$TMP/err")" = 1 ] || bad "unknown command: not one line"
	"$WRR" run --bogus x.wasm >/dev/null 2>"$TMP/err"; rc=$?
	want_rc 2
	"$WRR" run >/dev/null 2>"$TMP/err"; rc=$?
	want_rc 2
	wrr_run "$TMP/does-not-exist.wasm"
	want_rc 1
	want_err "^wrr: error: .*does-not-exist.wasm: cannot read module: No such file or directory$"
	wrr_run --dir "$TMP/no-such-dir::/x" "$OUT/hello.wasm"
	want_rc 1
	want_err "^wrr: error: .*no-such-dir"
	"$WRR" run --dir "$TMP::" "$OUT/hello.wasm" >/dev/null 2>"$TMP/err"
	rc=$?
	want_rc 2
	want_err "^wrr: error: --dir: empty host or guest directory in '.*::'$"
	# Closed stdio: the guest sees /dev/null, nothing lands on fd 0-2.
	"$WRR" run "$OUT/cat.wasm" <&- >"$TMP/out" 2>"$TMP/err"
	rc=$?
	want_rc 0
	want_err '^0 bytes$'
	printf '\0asm\1\0\0\0\1\5' >"$TMP/bad.wasm"
	wrr_run "$TMP/bad.wasm"
	want_rc 1
	want_err "bad.wasm: malformed"
	[ "$(wc -l <"$TMP/err")" = 1 ] || bad "malformed: not one line"
	printf '\0asm\1\0\0\0' >"$TMP/empty.wasm"
	wrr_run "$TMP/empty.wasm"
	want_rc 1
	want_err "_start"
	if command -v wat2wasm >/dev/null; then
		echo '(module (import "env" "f" (func)) (func (export "_start")))' >"$TMP/l.wat"
		wat2wasm "$TMP/l.wat" -o "$TMP/link.wasm"
		wrr_run "$TMP/link.wasm"
		want_rc 1
		want_err 'link'
		echo '(module (func (export "_start") (i32.add (i32.const 1) (f32.const 1)) drop))' >"$TMP/i.wat"
		wat2wasm --no-check "$TMP/i.wat" -o "$TMP/invalid.wasm"
		wrr_run "$TMP/invalid.wasm"
		want_rc 1
		want_err 'invalid.wasm: invalid'
	fi
	end
}

t_corrupt() {
	begin corrupt
	# Truncated and bit-flipped modules: a one-line error (exit 1), or
	# for a flip that keeps the module valid any normal outcome; never a
	# crash or a sanitizer report.
	local m=$OUT/hello.wasm size n i flips=0
	size=$(stat -c %s "$m")
	for n in $(seq 0 397 "$size") 8 9 10 11 12; do
		head -c "$n" "$m" >"$TMP/cut.wasm"
		wrr_run "$TMP/cut.wasm"
		[ $rc = 1 ] || bad "cut at $n: exit status $rc"
	done
	for i in $(seq 1 60); do
		cp "$m" "$TMP/flip.wasm"
		local off=$(( (i * 7919 * 13) % size ))
		printf "\\x$(printf %02x $(( (i * 37) % 256 )))" |
			dd of="$TMP/flip.wasm" bs=1 seek="$off" conv=notrunc \
			status=none
		cmp -s "$m" "$TMP/flip.wasm" && continue
		flips=$((flips + 1))
		# Fuel: a flipped branch may loop forever.
		wrr_run --fuel 100000000 "$TMP/flip.wasm"
		case $rc in
		0|1|134) ;;
		*) bad "flip at $off: exit status $rc" ;;
		esac
	done
	[ $flips -gt 50 ] || bad "only $flips flips changed the module"
	end
}

t_hello() {
	begin hello
	wrr_run "$OUT/hello.wasm"
	want_rc 0
	want_out_file "$SRC/hello.expected"
	node_same "$OUT/hello.wasm"
	end "[node agrees]"
}

t_args() {
	begin args
	wrr_run "$OUT/args.wasm" "a b" "" "ünïcödé" -- --dir x
	want_rc 0
	want_out "argc=7
argv[1]=[a b]
argv[2]=[]
argv[3]=[ünïcödé]
argv[4]=[--]
argv[5]=[--dir]
argv[6]=[x]
ok"
	node_same "$OUT/args.wasm" "a b" "" "ünïcödé" -- --dir x
	# Many and long arguments (Linux caps one argument at 128 KiB).
	local many=() long
	long=$(head -c 100000 /dev/zero | tr '\0' L)
	for i in $(seq 2000); do many+=("arg$i"); done
	wrr_run "$OUT/args.wasm" "$long" "${many[@]}"
	want_rc 0
	[ "$(tail -1 "$TMP/out")" = ok ] || bad "long/many args: $(tail -c 300 "$TMP/out")"
	[ "$(sed -n 2p "$TMP/out" | wc -c)" = 100011 ] || bad "long arg mangled"
	node_same "$OUT/args.wasm" "$long" "${many[@]}"
	end "[node agrees]"
}

t_environ() {
	begin environ
	local e=(--env A=1 --env B= --env C=x=y --env WRR_TEST_INHERIT
		 --env WRR_TEST_UNSET_VAR --env A=2)
	WRR_TEST_INHERIT=inherited wrr_run "${e[@]}" "$OUT/environ.wasm"
	want_rc 0
	want_out "[A=2]
[B=]
[C=x=y]
[WRR_TEST_INHERIT=inherited]
ok"
	WRR_TEST_INHERIT=inherited node_same "${e[@]}" "$OUT/environ.wasm"
	local i many=()
	for i in $(seq 1000); do many+=(--env "V$i=value$i"); done
	wrr_run "${many[@]}" "$OUT/environ.wasm"
	want_rc 0
	[ "$(wc -l <"$TMP/out")" = 1001 ] || bad "1000 variables: $(wc -l <"$TMP/out") lines"
	[ "$(sed -n 1000p "$TMP/out")" = "[V1000=value1000]" ] || bad "order"
	node_same "${many[@]}" "$OUT/environ.wasm"
	wrr_run "$OUT/environ.wasm"
	want_rc 0
	want_out "ok"
	end "[node agrees]"
}

t_clocks() {
	begin clocks
	local now
	now=$(date +%s)
	wrr_run "$OUT/clocks.wasm" "$now"
	want_rc 0
	want_out "ok"
	# Not compared with node: node:wasi (uvwasi) sometimes ends a 20 ms
	# nanosleep before 20 ms of monotonic time have passed (seen 1 run in 6).
	end
}

t_fs() {
	begin fs
	local d
	d=$(fresh_dir fs)
	wrr_run --dir "$d::/sandbox" "$OUT/fs.wasm"
	want_rc 0
	want_out "ok"
	[ -z "$(ls -A "$d")" ] || bad "sandbox not left empty: $(ls -A "$d")"
	end
}

t_readdir() {
	begin readdir
	local d
	d=$(fresh_dir big)
	wrr_run --dir "$d::/big" "$OUT/readdir.wasm" modify
	want_rc 0
	want_out "ok"
	[ -z "$(ls -A "$d")" ] || bad "directory not left empty"
	d=$(fresh_dir big)
	wrr_run --dir "$d::/big" "$OUT/readdir.wasm"
	d=$(fresh_dir big)
	node_same --dir "$d::/big" "$OUT/readdir.wasm"
	end "[node agrees]"
}

t_poll() {
	begin poll
	local d
	d=$(fresh_dir poll)
	# stdin must be a pipe that stays open and empty after "data\n".
	(printf 'data\n'; sleep 2) | timeout "$TIMEOUT" "$WRR" run \
		--dir "$d::/p" "$OUT/poll.wasm" >"$TMP/out" 2>"$TMP/err"
	rc=${PIPESTATUS[1]}
	sanitizer_check "$TMP/err"
	want_rc 0
	want_out "ok"
	end
}

t_iov() {
	begin iov
	local d
	d=$(fresh_dir iov)
	wrr_run --dir "$d::/io" "$OUT/iov.wasm"
	want_rc 0
	want_out "ok"
	d=$(fresh_dir iov)
	node_same --dir "$d::/io" "$OUT/iov.wasm"
	end "[node agrees]"
}

t_cat() {
	begin cat
	head -c 3000000 /dev/urandom >"$TMP/rand"
	STDIN="$TMP/rand" wrr_run "$OUT/cat.wasm"
	want_rc 0
	cmp -s "$TMP/out" "$TMP/rand" || bad "file stdin: output differs"
	want_err '^3000000 bytes$'
	# From a pipe fed in small pieces (partial reads) into a pipe.
	(for i in 1 2 3 4 5; do head -c 70001 "$TMP/rand"; sleep 0.05; done) |
		timeout "$TIMEOUT" "$WRR" run "$OUT/cat.wasm" 1 2>"$TMP/err" |
		cat >"$TMP/out"
	sanitizer_check "$TMP/err"
	want_err '^350005 bytes$'
	[ "$(wc -c <"$TMP/out")" = 350005 ] || bad "pipe: $(wc -c <"$TMP/out") bytes out"
	STDIN="$TMP/rand" wrr_run "$OUT/cat.wasm" 1000000
	cmp -s "$TMP/out" "$TMP/rand" || bad "1 MB chunks: output differs"
	STDIN="$TMP/rand" node_same "$OUT/cat.wasm" 1000000
	end "[node agrees]"
}

t_epipe() {
	begin epipe
	timeout "$TIMEOUT" "$WRR" run "$OUT/epipe.wasm" 2>"$TMP/err" |
		head -c 100 >/dev/null
	rc=${PIPESTATUS[0]}
	sanitizer_check "$TMP/err"
	want_rc 0
	want_err 'got EPIPE'
	end
}

t_sandbox() {
	begin sandbox
	local t=$TMP/sbx
	rm -rf "$t"
	mkdir -p "$t/sandbox/sub" "$t/outside"
	echo inside >"$t/sandbox/sub/file.txt"
	echo secret >"$t/outside/secret.txt"
	ln -s .. "$t/sandbox/up"
	ln -s /etc "$t/sandbox/abs"
	ln -s ../outside/secret.txt "$t/sandbox/out"
	ln -s ../outside "$t/sandbox/outdir"
	ln -s loop "$t/sandbox/loop"
	ln -s sub/file.txt "$t/sandbox/inside"
	ln -s ../sub/file.txt "$t/sandbox/sub/back"
	ln -s ../../outside/secret.txt "$t/sandbox/sub/esc"
	touch -d '2001-01-01' "$t/outside/secret.txt" "$t/outside"
	# Everything but the sandbox's own contents must stay as it was.
	local before after
	before=$(cd "$t" && find . -path ./sandbox -prune -o \
		-printf '%p %s %T@ %y\n' | sort)
	wrr_run --dir "$t/sandbox::/sb" "$OUT/sandbox.wasm"
	want_rc 0
	want_out "ok"
	after=$(cd "$t" && find . -path ./sandbox -prune -o \
		-printf '%p %s %T@ %y\n' | sort)
	[ "$before" = "$after" ] ||
		bad "tree changed: $(diff <(echo "$before") <(echo "$after") | head -5 | tr '\n' '|')"
	[ "$(cat "$t/outside/secret.txt")" = secret ] || bad "secret changed"
	end
}

t_dir_ro() {
	begin dir_ro
	local d
	d=$(fresh_dir ro)
	printf 'read me' >"$d/file.txt"
	mkdir "$d/sub"
	local before
	before=$(cd "$d" && find . -printf '%p %s %T@\n' | sort)
	wrr_run --dir-ro "$d::/ro" "$OUT/dir_ro.wasm"
	want_rc 0
	want_out "ok"
	[ "$before" = "$(cd "$d" && find . -printf '%p %s %T@\n' | sort)" ] ||
		bad "read-only directory changed"
	end
}

t_memgrow() {
	begin memgrow
	wrr_run "$OUT/memgrow.wasm" 200
	want_rc 0
	want_out "200 blocks, 0 bad"
	node_same "$OUT/memgrow.wasm" 200
	# 16 MiB: the data, stack and heap overhead leave room for 14-15.
	wrr_run --max-memory 16M "$OUT/memgrow.wasm" 1000
	want_rc 0
	grep -qE '^1[345] blocks, 0 bad$' "$TMP/out" ||
		bad "--max-memory 16M: $(cat "$TMP/out")"
	end "[node agrees]"
}

t_twodirs() {
	begin twodirs
	local a b
	a=$(fresh_dir two-a)
	b=$(fresh_dir two-b)
	mkdir "$a/inner"
	echo ro >"$b/ro.txt"
	wrr_run --dir "$a::/a" --dir-ro "$b::/b" --dir "$a/inner::/a/inner" \
		"$OUT/twodirs.wasm"
	want_rc 0
	want_out "ok"
	[ "$(ls -A "$b")" = ro.txt ] || bad "read-only dir changed: $(ls -A "$b")"
	end
}

t_misc() {
	begin misc
	wrr_run "$OUT/misc.wasm"
	want_rc 0
	want_out "ok"
	# (node:wasi's proc_raise really raises the signal: no comparison.)
	end
}

t_efault() {
	begin efault
	local d
	d=$(fresh_dir ef)
	wrr_run --dir "$d::/e" "$OUT/efault.wasm"
	want_rc 0
	want_out "ok"
	end
}

t_exit() {
	begin exit
	local how code
	for how in exit return raw; do
		for code in 0 1 3 42 125 126 255; do
			wrr_run "$OUT/exit.wasm" $how $code
			want_rc $code
			want_out "exiting"
		done
	done
	# Beyond 8 bits: an error, not a truncated (256 → 0) success.
	wrr_run "$OUT/exit.wasm" raw 256
	want_rc 1
	want_err 'guest exit status 256 is outside 0..255'
	wrr_run "$OUT/exit.wasm" raw -1
	want_rc 1
	want_err 'guest exit status 4294967295'
	wrr_run "$OUT/exit.wasm" raw 4294967295
	want_rc 1
	wrr_run "$OUT/exit.wasm" exit 42
	node_same "$OUT/exit.wasm" exit 42
	wrr_run "$OUT/exit.wasm" abort
	want_rc 134
	want_err '^wasm trap: unreachable'
	end "[node agrees]"
}

t_trap() {
	begin trap
	wrr_run "$OUT/trap.wasm"
	want_rc 134
	want_out "before trap"
	want_err '^wasm trap: unreachable$'
	want_err '^  #0: crash_here \(function [0-9]+, code offset 0x[0-9a-f]+\)$'
	want_err '^  #1: middle_frame \(function [0-9]+, code offset 0x[0-9a-f]+\)$'
	want_err '^  #[0-9]+: (main|__main_void|__original_main|_start) '
	wrr_run "$OUT/trap.wasm" divzero
	want_rc 134
	want_err '^wasm trap: integer divide by zero$'
	wrr_run "$OUT/trap.wasm" oob
	want_rc 134
	want_err '^wasm trap: out of bounds memory access$'
	want_err '^  #0: crash_here '
	wrr_run "$OUT/trap.wasm" stack
	want_rc 134
	want_err '^wasm trap: call stack exhausted$'
	want_err '^  #0: recurse_forever '
	wrr_run --max-stack 100 "$OUT/trap.wasm" stack
	want_rc 134
	want_err '^wasm trap: call stack exhausted$'
	want_err 'more frames'
	end
}

t_invoke() {
	begin invoke
	have invoke || { skipped invoke "wat2wasm missing"; return; }
	local m=$OUT/invoke.wasm
	wrr_run --invoke add "$m" 2 40; want_rc 0; want_out 42
	wrr_run --invoke add "$m" -1 0xffffffff; want_rc 0; want_out -2
	wrr_run --invoke add "$m" 2147483647 1; want_out -2147483648
	wrr_run --invoke mul64 "$m" 4294967296 -3; want_out -12884901888
	wrr_run --invoke fadd "$m" 1.5 2.25; want_out 3.75
	wrr_run --invoke fdiv "$m" 1 3; want_out 0.3333333333333333
	wrr_run --invoke fdiv "$m" 1 0; want_out inf
	wrr_run --invoke fdiv "$m" 0 0; want_out NaN
	wrr_run --invoke fdiv "$m" -10 4; want_out -2.5
	wrr_run --invoke multi "$m"; want_out "-1
9223372036854775807
0.1
100000000000000000000"
	wrr_run --invoke get_init "$m"; want_out 42
	wrr_run --invoke none "$m"; want_rc 0; want_out ""
	wrr_run --invoke add "$m" 1; want_rc 1; want_err 'expects 2'
	wrr_run --invoke add "$m" 1 x; want_rc 1; want_err "cannot parse 'x'"
	wrr_run --invoke add "$m" 1 4294967296; want_rc 1
	wrr_run --invoke nope "$m"; want_rc 1; want_err "no exported function 'nope'"
	wrr_run --invoke recurse "$m" 0; want_rc 134
	want_err '^wasm trap: call stack exhausted$'
	want_err '^  #0: recurse '
	wrr_run --invoke divzero "$m"; want_rc 134
	want_err '^wasm trap: integer divide by zero$'
	want_err '^  #0: inner \(function [0-9]+, code offset 0x[0-9a-f]+\)$'
	want_err '^  #1: divzero '
	wrr_run --fuel 100000 --invoke spin "$m"; want_rc 1
	want_err 'fuel'
	wrr_run --fuel 100000 --invoke add "$m" 1 2; want_rc 0; want_out 3
	wrr_run "$m"; want_rc 1; want_err "no '_start' export"
	end
}

t_limits() {
	begin limits
	have invoke || { skipped limits "wat2wasm missing"; return; }
	cat >"$TMP/grow.wat" <<'EOF'
(module (memory 1)
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0))))
EOF
	wat2wasm "$TMP/grow.wat" -o "$TMP/grow.wasm"
	wrr_run --max-memory 1M --invoke grow "$TMP/grow.wasm" 15; want_out 1
	wrr_run --max-memory 1M --invoke grow "$TMP/grow.wasm" 16; want_out -1
	wrr_run --max-memory 0x20000 --invoke grow "$TMP/grow.wasm" 1; want_out 1
	wrr_run --max-memory 0x20000 --invoke grow "$TMP/grow.wasm" 2; want_out -1
	wrr_run --invoke grow "$TMP/grow.wasm" 100; want_out 1
	wrr_run --max-memory junk --invoke grow "$TMP/grow.wasm" 1; want_rc 2
	wrr_run --max-stack 0 "$TMP/grow.wasm"; want_rc 2
	wrr_run --fuel -1 "$TMP/grow.wasm"; want_rc 2
	end
}

t_tcp() {
	begin tcp
	local port=$((20000 + RANDOM % 20000))
	timeout 60 "$WRR" run --tcplisten "127.0.0.1:$port" "$OUT/tcp.wasm" \
		>"$TMP/out" 2>"$TMP/err" &
	local pid=$!
	# The client, in bash (/dev/tcp): connect (retrying while wrr starts),
	# send a line, read the reply until the guest shuts its side down.
	(
		for i in $(seq 200); do
			exec 5<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null && break
			sleep 0.05
		done
		printf 'hello\n' >&5 && timeout 30 cat <&5
	) >"$TMP/client" 2>"$TMP/client.err"
	wait $pid
	rc=$?
	sanitizer_check "$TMP/err"
	want_rc 0
	want_out "ok"
	[ "$(cat "$TMP/client")" = HELLO ] || bad "client got: $(cat "$TMP/client")"
	# a malformed address is a usage error (exit 2), port 0 included
	wrr_run --tcplisten nonsense "$OUT/tcp.wasm"
	want_rc 2
	wrr_run --tcplisten "127.0.0.1:0" "$OUT/hello.wasm"
	want_rc 2
	end
}

t_compute() {
	begin compute
	wrr_run "$OUT/compute.wasm"
	want_rc 0
	want_out_file "$SRC/compute.expected"
	node_same "$OUT/compute.wasm"
	wrr_run "$OUT/compute_2.0.wasm"
	want_rc 0
	want_out_file "$SRC/compute.expected"
	node_same "$OUT/compute_2.0.wasm"
	if have compute_wopt; then
		wrr_run "$OUT/compute_wopt.wasm"
		want_rc 0
		want_out_file "$SRC/compute.expected"
	fi
	if have fs_wopt; then
		local d
		d=$(fresh_dir fsw)
		wrr_run --dir "$d::/sandbox" "$OUT/fs_wopt.wasm"
		want_rc 0
		want_out "ok"
	fi
	end "[node agrees; MVP, Wasm 2.0 and wasm-opt -O3 builds]"
	begin compute_simd
	wrr_run "$OUT/compute_simd.wasm"
	if [ $rc = 1 ] && grep -q 'illegal opcode' "$TMP/err" &&
	   [ "$(wasm-objdump -d "$OUT/compute_simd.wasm" 2>/dev/null |
		grep -E "^ 0*$(grep -oE 'at offset 0x[0-9a-f]+' "$TMP/err" |
		sed 's/at offset 0x//'):" | grep -c 'v128\|x[0-9]\+\.')" != 0 ]; then
		skipped compute_simd "the engine does not decode SIMD (0xfd) yet: $(head -1 "$TMP/err")"
		return
	fi
	want_rc 0
	want_out_file "$SRC/compute.expected"
	node_same "$OUT/compute_simd.wasm"
	end "[node agrees]"
}

t_rust() {
	begin rust_std
	local d
	d=$(fresh_dir rust)
	printf 'line a\nline b\n' >"$TMP/rin"
	STDIN="$TMP/rin" wrr_run --dir "$d::/data" --env GREETING=hi \
		"$OUT/rust_std.wasm" one two
	want_rc 0
	want_out_file "$SRC/rust/std.expected"
	# node:wasi differs here (its remove_dir_all fails with ENOTEMPTY),
	# so only the checked-in expectation is compared.
	end
	begin rust_panic
	wrr_run "$OUT/rust_panic.wasm"
	want_rc 134
	want_out start
	want_err "^thread 'main' panicked at 'deliberate panic at depth 0'"
	want_err '^wasm trap: unreachable$'
	want_err '^  #0: __rust_start_panic \(function [0-9]+, code offset 0x[0-9a-f]+\)$'
	want_err '^  #[0-9]+: panic::main \(function '
	want_err '^  #[0-9]+: std::rt::lang_start::\{\{closure\}\} \(function '
	wrr_run "$OUT/rust_panic.wasm" overflow
	want_rc 134
	want_err "panicked at 'multiplication overflowed'"
	want_err '^  #[0-9]+: core::option::expect_failed '
	end "[Rust names demangled]"
}

run_test() {
	local name=$1 wasm=${2:-$1}
	selected "$name" || return 0
	if [ -n "$wasm" ] && [ "$wasm" != - ] && ! have "$wasm"; then
		echo "FAIL $name: $OUT/$wasm.wasm was not built"
		fail=$((fail + 1))
		return
	fi
	"t_$name"
}

run_test cli -
run_test corrupt hello
run_test hello
run_test args
run_test environ
run_test clocks
run_test fs
run_test readdir
run_test poll
run_test iov
run_test cat
run_test epipe
run_test sandbox
run_test dir_ro
run_test twodirs
run_test memgrow
run_test misc
run_test efault
run_test exit
run_test trap
run_test invoke -
run_test limits -
run_test tcp
run_test compute
if [ $have_rust = 1 ]; then
	run_test rust rust_std
elif selected rust; then
	skipped rust_std "no $RUSTC with the wasm32-wasi target (apt-get install rustc libstd-rust-dev-wasm32)"
fi

echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]

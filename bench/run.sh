#!/usr/bin/env bash
# bench/run.sh — wrr's benchmark suite (`make bench`). See bench/README.md.
#
# Builds bench/programs/*.c with clang --target=wasm32-wasi -O2 into
# build/bench/, generates the input data, then runs each program side by
# side under `wrr run`, `wrr record`, `wrr replay` (of that recording) and
# node (node:wasi, the reference), RUNS times each, checks every engine's
# output against bench/expected/, and prints a table of medians.
#
# usage: bench/run.sh [--quick] [-n RUNS] [--wrr PATH] [--node PATH]
#                     [--timeout SECS] [--no-wrr] [--list] [PROGRAM...]
set -u

usage() {
	cat <<'EOF'
usage: bench/run.sh [OPTIONS] [PROGRAM...]

Runs the benchmark programs (all, or the ones named) under wrr run, wrr
record, wrr replay and node, and prints a table of median times.

options:
  -n, --runs N      runs per engine and program (default 5; --quick: 1)
  --quick           small scales and one run: a smoke test of the suite
  --wrr PATH        wrr binary (default build/release/wrr)
  --node PATH       node binary (default node)
  --timeout SECS    kill a single run after SECS seconds (default 300)
  --cpu             compare CPU time (user+sys) instead of wall time: steadier
                    on a busy machine (node's background compiler threads
                    count too)
  --no-wrr          node only (wrr columns show n/a)
  --probe           stop-gap before `wrr run` existed: run the compute
                    programs on libwrr through bench/tools/interp_probe.c
                    (engine only, minimal WASI; record/replay n/a)
  --update-expected rewrite bench/expected/ from node's output, then exit
  --list            list the programs and exit
  (environment: BENCH_OUT=DIR puts the built modules and data in DIR
   instead of build/bench)
  -h, --help        this help
EOF
}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
OUT=${BENCH_OUT:-build/bench}  # built modules, tools and input data
DATA=$OUT/data
NPM_DIR=build/npm
YOSYS_WASM=$NPM_DIR/node_modules/@yowasp/yosys/gen/yosys.core.wasm

RUNS=
QUICK=0
WRR=build/release/wrr
NODE=node
TIMEOUT=300
USE_WRR=1
USE_CPU=0
USE_PROBE=0
UPDATE=0
SELECTED=()

# The programs: name | kind | default scale | quick scale.
# kind: compute (in the geometric mean), bulk (memory.copy/fill: host
# memmove speed, not interpreter speed), io, host, real (Yosys).
PROGRAMS="
coremix compute 5000 200
sha256 compute 64 4
nbody compute 4000 200
fib compute 37 27
memtraffic compute 40 4
memtraffic_bulk bulk 40 4
hashmap compute 10 2
readfile io 100 10
hostcalls host 1000 50
yosys real 100 10
"

while [ $# -gt 0 ]; do
	case $1 in
	-n|--runs) RUNS=$2; shift 2 ;;
	--runs=*) RUNS=${1#*=}; shift ;;
	--quick) QUICK=1; shift ;;
	--wrr) WRR=$2; shift 2 ;;
	--node) NODE=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--no-wrr) USE_WRR=0; shift ;;
	--cpu) USE_CPU=1; shift ;;
	--probe) USE_PROBE=1; shift ;;
	--update-expected) UPDATE=1; shift ;;
	--list) echo "$PROGRAMS" | awk 'NF { printf "%-16s %s\n", $1, $2 }'
		exit 0 ;;
	-h|--help) usage; exit 0 ;;
	-*) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) SELECTED+=("$1"); shift ;;
	esac
done
if [ -z "$RUNS" ]; then
	if [ $QUICK = 1 ]; then RUNS=1; else RUNS=5; fi
fi
case $RUNS in ''|*[!0-9]*|0) echo "bench: bad run count '$RUNS'" >&2; exit 2 ;; esac

# Programs to run, in table order.
NAMES=()
for name in $(echo "$PROGRAMS" | awk 'NF { print $1 }'); do
	if [ ${#SELECTED[@]} -eq 0 ]; then
		NAMES+=("$name")
		continue
	fi
	for s in "${SELECTED[@]}"; do
		[ "$s" = "$name" ] && NAMES+=("$name")
	done
done
for s in "${SELECTED[@]}"; do
	if ! echo "$PROGRAMS" | awk '{ print $1 }' | grep -qx -- "$s"; then
		echo "bench: no program '$s' (try --list)" >&2
		exit 2
	fi
done

prog_field() { # NAME FIELD(2=kind 3=scale 4=quick scale)
	echo "$PROGRAMS" | awk -v n="$1" -v f="$2" '$1 == n { print $f }'
}

die() { echo "bench: $*" >&2; exit 1; }

# ---- build ---------------------------------------------------------------

WASM_CC=${WASM_CC:-clang}
WASM_CFLAGS="--target=wasm32-wasi -O2 -Wall -Wextra"

build_wasm() { # NAME SOURCE EXTRA_FLAGS...
	local name=$1 src=$2
	shift 2
	local wasm=$OUT/$name.wasm
	if [ "$wasm" -nt "$src" ] && [ "$wasm" -nt bench/programs/bench_util.h ] &&
	   [ "$wasm" -nt bench/run.sh ]; then
		return 0
	fi
	echo "bench: building $wasm" >&2
	# shellcheck disable=SC2086
	$WASM_CC $WASM_CFLAGS "$@" "$src" -o "$wasm" ||
		die "cannot build $wasm (needs clang, wasi-libc, libclang-rt-14-dev-wasm32)"
}

build_tool() { # NAME
	local exe=$OUT/tools/$1 src=bench/tools/$1.c
	[ "$exe" -nt "$src" ] && return 0
	mkdir -p $OUT/tools
	cc -O2 -Wall -Wextra "$src" -o "$exe" || die "cannot build $exe"
}

build_all() {
	mkdir -p $OUT $DATA
	for name in "${NAMES[@]}"; do
		case $name in
		yosys) ;;
		memtraffic_bulk)
			build_wasm memtraffic_bulk bench/programs/memtraffic.c \
				-mbulk-memory ;;
		*) build_wasm "$name" "bench/programs/$name.c" ;;
		esac
	done
	if in_names readfile; then
		build_tool gen_data
		# 100 MiB of deterministic bytes; regenerated if the size is off.
		if [ "$(stat -c %s $DATA/readfile.dat 2>/dev/null)" != 104857600 ]; then
			echo "bench: generating $DATA/readfile.dat (100 MiB)" >&2
			$OUT/tools/gen_data $DATA/readfile.dat 100 ||
				die "cannot generate $DATA/readfile.dat"
		fi
	fi
	if in_names yosys; then
		build_tool gen_verilog
		$OUT/tools/gen_verilog $DATA/design.v "$(scale_of yosys)" ||
			die "cannot generate $DATA/design.v"
		if [ ! -f "$YOSYS_WASM" ]; then
			echo "bench: installing @yowasp/yosys into $NPM_DIR" >&2
			mkdir -p $NPM_DIR
			(cd $NPM_DIR && npm install --no-audit --no-fund \
				@yowasp/yosys >&2) ||
				echo "bench: npm install @yowasp/yosys failed" >&2
		fi
	fi
}

in_names() {
	local n
	for n in "${NAMES[@]}"; do [ "$n" = "$1" ] && return 0; done
	return 1
}

scale_of() {
	if [ $QUICK = 1 ]; then prog_field "$1" 4; else prog_field "$1" 3; fi
}

# ---- how each program is invoked ------------------------------------------

# Sets WASM, DIRS (HOST::GUEST preopens) and ARGS (guest arguments) for NAME.
program_setup() {
	local name=$1 scale
	scale=$(scale_of "$name")
	WASM=$OUT/$name.wasm
	DIRS=()
	ARGS=("$scale")
	case $name in
	readfile) DIRS=("$DATA::/data") ;;
	hostcalls) DIRS=("/dev::/dev") ;;
	yosys)
		WASM=$YOSYS_WASM
		DIRS=("$DATA::/data")
		ARGS=(-p "read_verilog /data/design.v; proc; opt; memory; opt; stat")
		;;
	esac
}

# The part of the output that is checked: everything, except for Yosys,
# whose log has timings and hashes; there the statistics lines are kept.
filter_output() { # NAME FILE
	if [ "$1" = yosys ]; then
		grep -E '^ +(Number of|\$)' "$2"
	else
		cat "$2"
	fi
}

expected_file() {
	if [ $QUICK = 1 ]; then echo bench/expected/$1.quick.out
	else echo bench/expected/$1.out; fi
}

# ---- measuring ------------------------------------------------------------

TMP=$(mktemp -d "${TMPDIR:-/tmp}/wrr-bench.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT

# measure STDOUT_FILE CMD... — runs CMD with a timeout; sets M_RC (exit
# status), M_SECS (wall seconds, or user+sys CPU seconds with --cpu),
# M_RSS_KB (peak resident set of CMD).
measure() {
	local out=$1 t0 t1 usage
	shift
	t0=$EPOCHREALTIME
	timeout "$TIMEOUT" /usr/bin/time -f '%M %U %S' -o "$TMP/rss" "$@" \
		>"$out" 2>"$TMP/stderr"
	M_RC=$?
	t1=$EPOCHREALTIME
	usage=$(tail -n 1 "$TMP/rss" 2>/dev/null)
	M_RSS_KB=${usage%% *}
	case $M_RSS_KB in ''|*[!0-9]*) M_RSS_KB=0 ;; esac
	if [ $USE_CPU = 1 ]; then
		M_SECS=$(echo "$usage" | awk '{ printf "%.3f", $2 + $3 }')
	else
		M_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	fi
}

# check NAME ENGINE STDOUT_FILE — after measure: sets FAIL to why the run is
# not acceptable (exit status, timeout, wrong output), or to "".
check() {
	local name=$1 engine=$2 out=$3 exp
	exp=$(expected_file "$name")
	FAIL=
	if [ "$M_RC" = 124 ]; then
		FAIL="$engine: timed out after ${TIMEOUT}s"
	elif [ "$M_RC" != 0 ]; then
		FAIL="$engine: exit status $M_RC: $(grep -v '^Command exited' "$TMP/stderr" | head -n 3 | tr '\n' ' ')"
	elif [ ! -f "$exp" ]; then
		FAIL="$engine: no expected output $exp (bench/run.sh --update-expected)"
	elif ! filter_output "$name" "$out" | cmp -s - "$exp"; then
		FAIL="$engine: wrong output: $(filter_output "$name" "$out" |
			diff "$exp" - | grep -m 1 '^[<>]')"
	fi
}

median() { # values... → median (n/a if none)
	if [ $# -eq 0 ]; then echo n/a; return; fi
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

max_of() {
	if [ $# -eq 0 ]; then echo n/a; return; fi
	printf '%s\n' "$@" | sort -g | tail -n 1
}

# ---- wrr command lines ------------------------------------------------------

wrr_dir_flags() {
	local d
	WRR_DIRS=()
	for d in "${DIRS[@]}"; do WRR_DIRS+=(--dir "$d"); done
}

WRR_WHY=
PROBE=$OUT/tools/interp_probe
if [ $USE_WRR = 0 ]; then
	WRR_WHY="wrr disabled by --no-wrr"
elif [ $USE_PROBE = 1 ]; then
	lib=$(dirname "$WRR")/libwrr.a
	if [ ! -f "$lib" ]; then
		WRR_WHY="--probe: no $lib (run make first)"
	else
		mkdir -p $OUT/tools
		cc -O2 -Iinclude bench/tools/interp_probe.c "$lib" -lm \
			-o "$PROBE" 2>"$TMP/probe.log" ||
			WRR_WHY="--probe: cannot link interp_probe with $lib: $(head -n 2 "$TMP/probe.log" | tr '\n' ' ')"
	fi
elif [ ! -x "$WRR" ]; then
	WRR_WHY="no wrr binary at $WRR (run make first)"
fi

# ---- main -----------------------------------------------------------------

build_all

if [ $UPDATE = 1 ]; then
	for name in "${NAMES[@]}"; do
		program_setup "$name"
		node_dirs=()
		for d in "${DIRS[@]}"; do node_dirs+=(--dir "$d"); done
		measure "$TMP/out" "$NODE" --single-threaded-gc --no-warnings \
			bench/node_run.mjs "${node_dirs[@]}" "$WASM" "${ARGS[@]}"
		if [ "$M_RC" != 0 ]; then
			echo "bench: $name failed under node (exit $M_RC)" >&2
			cat "$TMP/stderr" >&2
			exit 1
		fi
		filter_output "$name" "$TMP/out" >"$(expected_file "$name")"
		echo "bench: wrote $(expected_file "$name")" >&2
	done
	exit 0
fi

echo "wrr benchmark suite — $(date -u '+%Y-%m-%d %H:%M UTC'), $RUNS run(s) each$([ $QUICK = 1 ] && echo ', quick scales'), $([ $USE_CPU = 1 ] && echo 'CPU (user+sys)' || echo 'wall') seconds"
echo "machine: $(nproc) CPUs, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "wrr source: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([ -n "$(git status --porcelain -- src include 2>/dev/null)" ] && echo ' + uncommitted changes in src/')   binary: $(stat -c '%y' "$WRR" 2>/dev/null | cut -d. -f1 || echo none)"
echo "node: $("$NODE" --version 2>/dev/null || echo missing)   wrr: $WRR$([ -n "$WRR_WHY" ] && echo " (n/a: $WRR_WHY)")$([ $USE_PROBE = 1 ] && echo " — wrr run column: $PROBE (engine only)")"
echo

REPORT=()  # failure notes printed under the table
ROWS=()
GEO_SUM=0
GEO_N=0
GEO_MAX=0
GEO_MAX_NAME=
RSS_WORST_NAME=
HOST_RATIO=
RSS_WORST=

fmt() { # number with 2 decimals, or the text as is
	case $1 in
	''|n/a|FAIL*) echo "${1:-n/a}" ;;
	*) awk -v v="$1" 'BEGIN { printf "%.2f", v }' ;;
	esac
}

for name in "${NAMES[@]}"; do
	program_setup "$name"
	kind=$(prog_field "$name" 2)
	if [ ! -f "$WASM" ]; then
		REPORT+=("$name: skipped: $WASM missing")
		ROWS+=("$(printf '%-16s %s' "$name" "skipped (module missing)")")
		continue
	fi
	echo "bench: $name ($RUNS run(s) each engine)..." >&2
	node_dirs=()
	for d in "${DIRS[@]}"; do node_dirs+=(--dir "$d"); done
	wrr_dir_flags

	t_node=() t_run=() t_rec=() t_rep=() rss_run=() rss_node=() trace_bytes=
	linmem=0
	fail_node= fail_run= fail_rec= fail_rep=
	[ -n "$WRR_WHY" ] && { fail_run="n/a"; fail_rec="n/a"; fail_rep="n/a"; }
	RUN_CMD=("$WRR" run "${WRR_DIRS[@]}")
	if [ $USE_PROBE = 1 ]; then
		RUN_CMD=("$PROBE")
		fail_rec="n/a" fail_rep="n/a"
		case $kind in compute|bulk) ;; *) fail_run="n/a" ;; esac
	fi

	for ((i = 1; i <= RUNS; i++)); do
		if [ -z "$fail_node" ]; then
			measure "$TMP/out.node" "$NODE" --single-threaded-gc \
				--no-warnings bench/node_run.mjs \
				--memsize-out "$TMP/memsize" "${node_dirs[@]}" \
				"$WASM" "${ARGS[@]}"
			check "$name" node "$TMP/out.node"
			if [ -n "$FAIL" ]; then fail_node=$FAIL; else
				t_node+=("$M_SECS"); rss_node+=("$M_RSS_KB")
				linmem=$(cat "$TMP/memsize" 2>/dev/null || echo 0)
			fi
		fi
		if [ -z "$fail_run" ]; then
			measure "$TMP/out.run" "${RUN_CMD[@]}" "$WASM" "${ARGS[@]}"
			check "$name" "wrr run" "$TMP/out.run"
			if [ -n "$FAIL" ]; then fail_run=$FAIL; else
				t_run+=("$M_SECS"); rss_run+=("$M_RSS_KB")
			fi
		fi
		if [ -z "$fail_rec" ]; then
			rm -f "$TMP/trace"
			measure "$TMP/out.rec" "$WRR" record -o "$TMP/trace" \
				"${WRR_DIRS[@]}" "$WASM" "${ARGS[@]}"
			check "$name" "wrr record" "$TMP/out.rec"
			if [ -n "$FAIL" ]; then
				fail_rec=$FAIL
				fail_rep="n/a"  # nothing to replay
			else
				t_rec+=("$M_SECS")
				trace_bytes=$(stat -c %s "$TMP/trace" 2>/dev/null || echo n/a)
			fi
		fi
		if [ -z "$fail_rep" ]; then
			measure "$TMP/out.rep" "$WRR" replay "$TMP/trace"
			check "$name" "wrr replay" "$TMP/out.rep"
			if [ -n "$FAIL" ]; then fail_rep=$FAIL; else
				t_rep+=("$M_SECS")
			fi
		fi
		rm -f "$TMP/trace"
	done

	m_node=$(median "${t_node[@]}")
	m_run=$(median "${t_run[@]}")
	m_rec=$(median "${t_rec[@]}")
	m_rep=$(median "${t_rep[@]}")
	[ -n "$fail_node" ] && { m_node=FAIL; REPORT+=("$name: $fail_node"); }
	# "n/a": not run (reason in the header); anything else is a failure.
	for v in run rec rep; do
		eval "f=\$fail_$v"
		[ -z "$f" ] && continue
		if [ "$f" = n/a ]; then
			eval "m_$v=n/a"
		else
			eval "m_$v=FAIL"
			REPORT+=("$name: $f")
		fi
	done

	ratio=n/a rec_pct=n/a rep_ratio=n/a rss=n/a rss_over=n/a
	if [ -z "$fail_run" ] && [ -z "$fail_node" ]; then
		ratio=$(awk -v a="$m_run" -v b="$m_node" 'BEGIN { printf "%.2f", a / b }')
		if [ "$kind" = compute ]; then
			GEO_SUM=$(awk -v s="$GEO_SUM" -v r="$ratio" 'BEGIN { print s + log(r) }')
			GEO_N=$((GEO_N + 1))
			if awk -v m="$GEO_MAX" -v r="$ratio" 'BEGIN { exit !(r > m) }'; then
				GEO_MAX=$ratio GEO_MAX_NAME=$name
			fi
		fi
		[ "$kind" = host ] && HOST_RATIO=$ratio
	fi
	if [ -z "$fail_run" ]; then
		[ -z "$fail_rec" ] && rec_pct=$(awk -v a="$m_rec" -v b="$m_run" 'BEGIN { printf "%+.0f%%", (a / b - 1) * 100 }')
		[ -z "$fail_rep" ] && rep_ratio=$(awk -v a="$m_rep" -v b="$m_run" 'BEGIN { printf "%.2f", a / b }')
		rss_kb=$(max_of "${rss_run[@]}")
		rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
		rss_over=$(awk -v k="$rss_kb" -v m="$linmem" 'BEGIN { printf "%.1f", k / 1024 - m / 1048576 }')
		if [ "$linmem" != 0 ] && awk -v w="${RSS_WORST:--1e9}" -v o="$rss_over" 'BEGIN { exit !(o > w) }'; then
			RSS_WORST=$rss_over RSS_WORST_NAME=$name
		fi
	fi
	node_rss=$(max_of "${rss_node[@]}")
	[ "$node_rss" != n/a ] && node_rss=$(awk -v k="$node_rss" 'BEGIN { printf "%.1f", k / 1024 }')
	[ -z "$trace_bytes" ] && trace_bytes=n/a
	ROWS+=("$(printf '%-16s %-8s %8s %8s %7s %8s %7s %12s %9s %9s %8s %9s' \
		"$name" "$kind" "$(fmt "$m_run")" "$(fmt "$m_node")" "$ratio" \
		"$rec_pct" "$rep_ratio" "$trace_bytes" "$rss" "$rss_over" \
		"$node_rss" "$(awk -v m="$linmem" 'BEGIN { printf "%.1f", m / 1048576 }')")")
done

printf '%-16s %-8s %8s %8s %7s %8s %7s %12s %9s %9s %8s %9s\n' \
	program kind "run s" "node s" wrr/node "rec ovh" rep/run "trace B" \
	"RSS MiB" "RSS-mem" "node RSS" "mem MiB"
printf '%s\n' "${ROWS[@]}"
echo
if [ $GEO_N -gt 0 ]; then
	geo=$(awk -v s="$GEO_SUM" -v n="$GEO_N" 'BEGIN { printf "%.2f", exp(s / n) }')
	echo "geometric mean wrr/node over $GEO_N compute programs: ${geo}x (target <= 3.5x); worst: ${GEO_MAX}x, $GEO_MAX_NAME (target <= 6x)"
else
	echo "geometric mean wrr/node: n/a (no compute program ran under both wrr and node)"
fi
[ -n "$HOST_RATIO" ] && echo "host-call loop wrr run / node: ${HOST_RATIO}x (target <= 1x)"
[ -n "$RSS_WORST" ] && echo "worst peak RSS of wrr run above linear memory: ${RSS_WORST} MiB, $RSS_WORST_NAME (target <= 16 MiB)"
if [ ${#REPORT[@]} -gt 0 ]; then
	echo
	echo "notes:"
	printf '  %s\n' "${REPORT[@]}"
	exit 1
fi
exit 0

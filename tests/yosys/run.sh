#!/bin/bash
# tests/yosys/run.sh — a real program under `wrr run`: Yosys (the YoWASP
# build from npm, @yowasp/yosys: gen/yosys.core.wasm is a ~30 MB plain WASI
# preview1 command) synthesises small Verilog designs; stdout (minus the
# CPU-time lines) and every file written must equal those of the same module
# run under node:wasi.
#
# Usage: tests/yosys/run.sh [WRR]   (default: $WRR_BIN, $WRR, build/release/wrr)
#
# The package is installed into build/npm (not committed) with `npm install`
# on first use. The suite is skipped only when the npm registry cannot be
# reached (the reason is printed); in CI it must run. How the package's JS
# runs the module (gen/bundle.js, class Application): argv[0] is
# "yowasp-yosys", one preopen "/" holding the user's files, and the
# resource tree of gen/resources-yosys.js mounted at /share; we do the same
# with two --dir preopens (share.mjs writes the resource tree out).
set -u
cd "$(dirname "$0")/../.."

WRR=${1:-${WRR_BIN:-${WRR:-build/release/wrr}}}
VERSION=${YOWASP_YOSYS_VERSION:-0.55.944}
NPM_DIR=build/npm
PKG=$NPM_DIR/node_modules/@yowasp/yosys
WASM=$PKG/gen/yosys.core.wasm
TIMEOUT=${YOSYS_TEST_TIMEOUT:-900}
NODE="node --no-warnings --single-threaded-gc"

pass=0 fail=0 skip=0
finish() {
	echo "$pass passed, $fail failed, $skip skipped"
	[ $fail -eq 0 ]
	exit
}

if [ ! -x "$WRR" ]; then
	echo "FAIL wrr binary '$WRR' not found (build it first)"
	fail=1
	finish
fi
WRR=$(realpath "$WRR")
NODE_RUN=$(realpath tests/wasi/node_run.mjs)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "FAIL node and npm are needed (the reference runner and the package)"
	fail=1
	finish
fi

# Install the package (once): scripts/yosys-install.
if ! "$(dirname "$0")/../../scripts/yosys-install" >/dev/null 2>"$NPM_DIR.err"; then
	if ! timeout 30 npm ping >/dev/null 2>&1; then
		echo "SKIP yosys: the npm registry is unreachable ($(npm config get registry)); cannot install @yowasp/yosys@$VERSION"
		skip=1
		finish
	fi
	echo "FAIL npm install @yowasp/yosys@$VERSION: $(tail -5 "$NPM_DIR.err")"
	fail=1
	finish
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/wrr-yosys.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
SHARE=$TMP/share
if ! $NODE tests/yosys/share.mjs "$PKG" "$SHARE" 2>"$TMP/share.err"; then
	echo "FAIL writing the resource tree: $(head -c 500 "$TMP/share.err")"
	fail=1
	finish
fi

cp tests/yosys/counter.v "$TMP/counter.v"
cat >"$TMP/alu.v" <<'EOF'
module alu(input [3:0] op, input [15:0] a, b, output reg [15:0] y,
           output zero);
  always @* case (op)
    0: y = a + b;  1: y = a - b;  2: y = a & b;  3: y = a | b;
    4: y = a ^ b;  5: y = a << b[3:0];  6: y = a >> b[3:0];
    7: y = (a < b) ? 16'd1 : 16'd0;  8: y = a * b[7:0];
    default: y = ~a;
  endcase
  assign zero = (y == 0);
endmodule
EOF

# case NAME DESIGN SCRIPT OUTPUTS...: runs yosys -p SCRIPT on DESIGN in a
# fresh directory under wrr and under node, then compares.
case_() {
	local name=$1 design=$2 script=$3
	shift 3
	local w=$TMP/$name-wrr n=$TMP/$name-node
	mkdir -p "$w/tmp" "$n/tmp"
	cp "$TMP/$design" "$w/" && cp "$TMP/$design" "$n/"
	local t0=$SECONDS
	# argv[0] as the package passes it: run a symlink so named.
	ln -sf "$(realpath "$WASM")" "$TMP/yowasp-yosys"
	(cd "$w" && timeout "$TIMEOUT" "$WRR" run --dir .::/ \
		--dir "$SHARE::/share" "$TMP/yowasp-yosys" -p "$script" \
		>"$w.stdout" 2>"$w.stderr")
	local rc=$? t1=$SECONDS
	(cd "$n" && timeout "$TIMEOUT" $NODE "$NODE_RUN" \
		--dir .::/ --dir "$SHARE::/share" "$TMP/yowasp-yosys" \
		-p "$script" >"$n.stdout" 2>"$n.stderr")
	local nrc=$? t2=$SECONDS
	local why=""
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$w.stderr"; then
		why+=" sanitizer report:"
		grep -E -A12 'ERROR: (Address|Leak)Sanitizer|runtime error:' \
			"$w.stderr" | head -40
	fi
	[ $rc -eq 0 ] || why+=" wrr exit status $rc ($(tail -c 300 "$w.stderr" | tr '\n' '|'));"
	[ $nrc -eq 0 ] || why+=" node exit status $nrc;"
	# Yosys prints CPU times and a time profile: not comparable.
	local filter='CPU: user|^Time spent:'
	if ! diff <(grep -Ev "$filter" "$w.stdout") \
		  <(grep -Ev "$filter" "$n.stdout") >"$TMP/diff"; then
		why+=" stdout differs: $(head -6 "$TMP/diff" | tr '\n' '|');"
	fi
	grep -q 'Number of cells' "$w.stdout" || why+=" no statistics printed;"
	for f in "$@"; do
		if [ ! -s "$w/$f" ]; then
			why+=" $f not written;"
		elif ! cmp -s "$w/$f" "$n/$f"; then
			why+=" $f differs from node's;"
		fi
	done
	if [ -z "$why" ]; then
		echo "PASS yosys $name [= node:wasi; wrr $((t1 - t0)) s, node $((t2 - t1)) s]"
		grep -E '^ +Number of cells' "$w.stdout" | tail -1 | sed 's/^ */    /'
		pass=$((pass + 1))
	else
		echo "FAIL yosys $name:$why"
		fail=$((fail + 1))
	fi
}

case_ counter counter.v \
	"read_verilog counter.v; proc; opt; stat; write_json out.json; write_verilog out.v" \
	out.json out.v
case_ alu alu.v \
	"read_verilog alu.v; synth -top alu -noabc; stat; write_json alu.json; write_verilog -noattr alu_syn.v" \
	alu.json alu_syn.v
finish

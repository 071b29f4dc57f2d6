#!/bin/bash
# tests/spec/run.sh — runs the WebAssembly spec testsuite with the spec
# runner (build/<mode>/tests/spec_runner, from tests/spec/*.c).
#
# Usage: tests/spec/run.sh [-v] [--fuel-slices] [--simd | --no-simd] [SCRIPT...]
#   SCRIPT     a top-level script name (i32, i32.wast or a path); default all
#              top-level scripts, the simd_*.wast ones included, and the
#              project's own tests/spec/extra/*.wast
#   --simd     accepted for compatibility: SIMD scripts run by default
#   --no-simd  leave out simd_*.wast from the default set (selected by
#              name, they always run)
#   -v         list skipped commands and error-message differences
#   --fuel-slices  run every call in random slices of 1-13 instructions,
#              resumed after each stop for fuel (tests/spec-fuel uses it)
# Environment:
#   SPEC_DIR       testsuite directory (default: <repo>/../shared/spec-testsuite)
#   SPEC_JSON_DIR  conversion cache (default: build/spec-json)
#   WRR_BUILD_DIR  build tree whose runner is used (default: build/release)
#   SPEC_TIMEOUT   seconds allowed per script (default 600)
#
# Each .wast is converted with wabt's wast2json into SPEC_JSON_DIR (again only
# when the .wast is newer than its JSON). table_fill/get/grow/set/size.wast,
# which wabt 1.0.32 cannot parse (folded table.* instructions without a
# table index), are first rewritten mechanically into SPEC_JSON_DIR/src/ by
# inserting the implicit table index 0 (see README.md). The testsuite itself
# is never modified. A full run first checks the runner itself on
# tests/spec/selftest.wast (one test). The last line is
# "N passed, N failed, N skipped".
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"

spec_dir=${SPEC_DIR:-$(dirname "$repo")/shared/spec-testsuite}
json_dir=${SPEC_JSON_DIR:-build/spec-json}
build_dir=${WRR_BUILD_DIR:-build/release}
timeout_s=${SPEC_TIMEOUT:-600}
runner=$build_dir/tests/spec_runner
wast2json=${WAST2JSON:-wast2json}
rewrite_list=" table_fill table_get table_grow table_set table_size "

verbose=
slices=
simd=1
names=()
for arg in "$@"; do
	case $arg in
	-v) verbose=-v ;;
	--fuel-slices) slices="--fuel-slices 20261129" ;;
	--simd) simd=1 ;;
	--no-simd) simd=0 ;;
	-h | --help)
		sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	-*)
		echo "unknown option $arg" >&2
		exit 2
		;;
	*) names+=("$arg") ;;
	esac
done

if [ ! -d "$spec_dir" ]; then
	echo "spec testsuite not found at $spec_dir (set SPEC_DIR)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
if [ ! -x "$runner" ]; then
	echo "$runner not built (run: make BUILD=${build_dir#build/} tests)"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

scripts=()
if [ ${#names[@]} -eq 0 ]; then
	for f in "$spec_dir"/*.wast; do
		case $(basename "$f") in
		simd_*) [ $simd -eq 1 ] || continue ;;
		esac
		scripts+=("$f")
	done
	# The project's own scripts: regressions found outside the testsuite
	# (e.g. by differential fuzzing against an earlier engine).
	for f in tests/spec/extra/*.wast; do
		[ -f "$f" ] && scripts+=("$f")
	done
else
	for n in "${names[@]}"; do
		if [ -f "$n" ]; then
			scripts+=("$n")
		else
			scripts+=("$spec_dir/${n%.wast}.wast")
		fi
	done
fi

mkdir -p "$json_dir/src"
pass=0 fail=0 skip=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# convert WAST NAME: writes $json_dir/NAME.json unless it is up to date.
convert() {
	local wast=$1 name=$2 src=$1 json=$json_dir/$2.json
	case $rewrite_list in
	*" $name "*)
		src=$json_dir/src/$name.wast
		if [ ! -f "$src" ] || [ "$wast" -nt "$src" ] ||
			[ "$0" -nt "$src" ]; then
			# Folded (table.get (...)) → (table.get 0 (...)), and a bare
			# table.size) → table.size 0): the index wabt cannot omit.
			perl -0777 -pe \
				's/\b(table\.(?:get|set|grow|fill|size))(?![\w.":])(?!\s*(?:\$|\d))/$1 0/g' \
				"$wast" >"$src.tmp" && mv "$src.tmp" "$src" ||
				return 1
		fi
		;;
	esac
	if [ -f "$json" ] && [ ! "$src" -nt "$json" ]; then
		return 0
	fi
	"$wast2json" "$src" -o "$json"
}

# The runner's self-test (full runs only): tests/spec/selftest.wast marks
# the commands that must fail; the runner must report exactly those.
selftest() {
	local wast=tests/spec/selftest.wast want got
	if ! convert "$wast" selftest >"$out" 2>&1; then
		cat "$out"
		echo "  FAIL runner self-test: cannot convert $wast"
		return 1
	fi
	want=$(grep -n ';; must fail$' "$wast" | cut -d: -f1 | tr '\n' ' ')
	timeout -k 10 "$timeout_s" "$runner" "$json_dir/selftest.json" \
		>"$out" 2>&1
	got=$(sed -n 's/^  FAIL selftest\.wast:\([0-9]*\) .*/\1/p' "$out" |
		tr '\n' ' ')
	if [ "$want" != "$got" ] || ! grep -q '^selftest.wast: ' "$out"; then
		cat "$out"
		echo "  FAIL runner self-test: expected failures at lines $want"
		echo "       reported failures at lines ${got:-(none)}"
		return 1
	fi
	echo "runner self-test: ok ($(echo $want | wc -w) deliberate failures caught)"
}
if [ ${#names[@]} -eq 0 ]; then
	if selftest; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
	fi
fi

for wast in "${scripts[@]}"; do
	name=$(basename "$wast" .wast)
	if [ ! -f "$wast" ]; then
		echo "  FAIL $name.wast: no such script"
		echo "$name.wast: 0 passed, 1 failed, 0 skipped"
		fail=$((fail + 1))
		continue
	fi
	if ! convert "$wast" "$name" >"$out" 2>&1; then
		head -n 20 "$out"
		rm -f "$json_dir/$name.json"
		echo "  FAIL $name.wast: wast2json could not convert it"
		echo "$name.wast: 0 passed, 1 failed, 0 skipped"
		fail=$((fail + 1))
		continue
	fi
	timeout -k 10 "$timeout_s" "$runner" $verbose $slices "$json_dir/$name.json" \
		>"$out" 2>&1
	rc=$?
	# The runner's last line is its total; everything before is the report.
	sed '$d' "$out"
	last=$(tail -n 1 "$out")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]] &&
		{ [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; }; then
		pass=$((pass + BASH_REMATCH[1]))
		fail=$((fail + BASH_REMATCH[2]))
		skip=$((skip + BASH_REMATCH[3]))
	else
		echo "$last"
		case $rc in
		124 | 137) why="timed out after ${timeout_s}s" ;;
		*) why="crashed (exit status $rc)" ;;
		esac
		echo "  FAIL $name.wast: the runner $why"
		echo "$name.wast: 0 passed, 1 failed, 0 skipped (counted as one failure)"
		fail=$((fail + 1))
	fi
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]

#!/bin/bash
# tests/rr/wrr-recording.sh — stands in for wrr under another suite (used by
# tests/rr/run.sh with tests/wasi/run.sh): `run ARGS` becomes `record -o
# TRACE ARGS` with the same stdin, stdout and stderr (so the suite checks
# that recording behaves exactly like `wrr run`), followed by a replay of
# TRACE in an empty directory with stdin closed, compared with the
# recording: exit status, stdout and stderr (when the suite sent them to
# regular files), event count and final memory hash; and the trace's size:
# at most 16 bytes per event beyond the bytes the host wrote (`wrr info`'s
# "overhead per event"), for every trace however short. One line per
# recording is appended to $WRR_RR_LOG: "ok [N events, X B/event] ARGS" or
# "FAIL ARGS: what differs".
# Other commands go to the real wrr ($WRR_RR_REAL) unchanged.
REAL=${WRR_RR_REAL:?set WRR_RR_REAL to the wrr binary}
LOG=${WRR_RR_LOG:?set WRR_RR_LOG to a log file}
if [ "${1:-}" != run ]; then
	exec "$REAL" "$@"
fi
shift
D=$(mktemp -d "${TMPDIR:-/tmp}/wrr-rrw.XXXXXX") || exit 1
"$REAL" record -o "$D/t.wrr" "$@"
rc=$?
if [ ! -f "$D/t.wrr" ]; then
	# the run never started (load or link error): nothing to replay
	echo "ok (no trace: did not start) $*" >>"$LOG"
	rm -rf "$D"
	exit $rc
fi
out=$(readlink -f /proc/$$/fd/1)
err=$(readlink -f /proc/$$/fd/2)
mkdir "$D/empty"
(cd "$D/empty" && exec "$REAL" replay --stats "$D/t.wrr" <&- >"$D/out" \
	2>"$D/err.raw")
rrc=$?
grep -v '^wrr: replayed ' "$D/err.raw" >"$D/err"
problems=""
[ "$rc" = "$rrc" ] || problems+="replay exit status $rrc, recorded $rc; "
if [ "$out" != "$err" ]; then
	if [ -f "$out" ] && ! cmp -s "$out" "$D/out"; then
		problems+="stdout differs: $(diff "$out" "$D/out" | head -3 |
			tr '\n' '|'); "
	fi
	if [ -f "$err" ] && ! cmp -s "$err" "$D/err"; then
		problems+="stderr differs: $(diff "$err" "$D/err" | head -3 |
			tr '\n' '|'); "
	fi
fi
info=$("$REAL" info "$D/t.wrr" 2>/dev/null)
summary=$(awk '
	/^events:/ { e = $2 }
	/^final memory hash:/ { h = ", final memory hash " $4 }
	END { print "wrr: replayed " e " events" h }' <<<"$info")
# the size bar (docs/trace-format.md, "Size"): at most 16 bytes per event
# beyond the bytes the host wrote, for every trace however short
events=$(awk '/^events:/ { print $2 }' <<<"$info")
per=$(sed -n 's/.*overhead per event: \([0-9.]*\) bytes.*/\1/p' <<<"$info")
awk -v p="$per" 'BEGIN { exit !(p != "" && p <= 16) }' ||
	problems+="trace overhead $per bytes per event > 16 ($events events); "
grep -qxF "$summary" "$D/err.raw" ||
	problems+="trace says '$summary', replay '$(grep '^wrr: replayed' \
		"$D/err.raw")'; "
[ -z "$(ls -A "$D/empty")" ] || problems+="replay left files; "
if [ -n "$problems" ]; then
	echo "FAIL $*: $problems" >>"$LOG"
else
	echo "ok [$events events, $per B/event] $*" >>"$LOG"
fi
rm -rf "$D"
exit $rc

#!/bin/bash
# tests/spec-fuel/run.sh — the whole spec testsuite again, every call cut
# into random fuel slices of 1-13 instructions and resumed after each stop
# (tests/spec/run.sh --fuel-slices): checks that a run can stop after any
# instruction and continue with nothing changed, the property stepping and
# checkpoints rely on. Same environment and summary line as tests/spec.
exec "$(dirname "$0")/../spec/run.sh" --fuel-slices "$@"

#!/bin/sh
# The ONNX project's own test models (Debian libonnx-testdata, about 1 070 files): for each,
# `imsdp model describe` writes a descriptor and `imsdp model check` must accept the model
# against it. describe may refuse only what a descriptor cannot state (an input or output
# that is a sequence, map or optional, or of a complex or undefined element type:
# "unsupported"); any other refusal, and any check failure, fails the test.
# Usage: onnx-testdata.sh IMSDP WORKDIR [DATADIR]; exit 77 when the data is not installed.
set -u
imsdp=$1 work=$2
data=${3:-/usr/share/libonnx-testdata/data}
[ -d "$data" ] || { echo "no ONNX test data at $data (Debian libonnx-testdata)"; exit 77; }
mkdir -p "$work"
total=0 passed=0 refused=0 failed=0
for model in $(find "$data" -name '*.onnx' | sort); do
  total=$((total + 1))
  if ! "$imsdp" model describe "$model" >"$work/descriptor.json" 2>"$work/describe.err"; then
    if grep -q "error: unsupported:" "$work/descriptor.json" "$work/describe.err"; then
      refused=$((refused + 1))
      continue
    fi
    failed=$((failed + 1))
    echo "describe failed: $model"
    cat "$work/descriptor.json" "$work/describe.err"
    continue
  fi
  if "$imsdp" model check "$work/descriptor.json" "$model" >"$work/check.out" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "check failed: $model"
    grep "error" "$work/check.out"
  fi
done
echo "$total models: $passed pass model check against their description, $refused have" \
  "inputs or outputs a descriptor cannot state, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

# What the browser tests share, sourced after `set -u`: their arguments (IMSDP EXAMPLES
# ORACLE WORK), the skip (exit 77) when the browser oracle is not set up, and the pass/fail
# counters each test prints at its end.
imsdp=$1
examples=$2
oracle=$3
work=$4
if [ ! -x "$oracle/check-remote" ] || [ ! -d "$oracle/node_modules" ] || ! command -v chromium >/dev/null; then
  echo "browser oracle not set up in $oracle (scripts/test does it): skipped"
  exit 77
fi
mkdir -p "$work"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $1"; }
fail() { failed=$((failed + 1)); echo "FAILED: $1"; }

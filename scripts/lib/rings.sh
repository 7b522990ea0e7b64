# The test rings: each runs one suite against one build and records its counts for the summary.
# shellcheck shell=bash

RING_NAMES=()
RING_PASSED=()
RING_FAILED=()
RING_LOG_DIR="$APPNOTIFY_ROOT/build/test-logs"

record_ring() {  # name passed failed
  RING_NAMES+=("$1")
  RING_PASSED+=("$2")
  RING_FAILED+=("$3")
  printf '%-13s %s passed, %s failed\n' "$1:" "$2" "$3"
}

# A ring whose runner died before reporting counts as one failure, never as zero tests.
counts_or_failure() {  # passed failed status
  if [ -z "$1" ] || [ -z "$2" ]; then echo "0 1"; elif [ "$3" -ne 0 ] && [ "$2" -eq 0 ]; then echo "$1 1"; else echo "$1 $2"; fi
}

run_ctest_ring() {  # name build-dir [ctest args...]
  local name=$1 dir=$2 log="$RING_LOG_DIR/$1.log" status=0 total failed
  shift 2
  ctest --test-dir "$dir" --output-on-failure -j "$(jobs_count)" "$@" >"$log" 2>&1 || status=$?
  total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
  failed=$(sed -n 's/.*, \([0-9]*\) tests failed out of.*/\1/p' "$log" | tail -1)
  [ "$status" -ne 0 ] && grep -E 'Failed|\*\*\*' "$log" | head -40 >&2
  # shellcheck disable=SC2046
  record_ring "$name" $(counts_or_failure "$((${total:-0} - ${failed:-0}))" "${failed:-}" "$status")
}

run_node_ring() {  # name test-files...
  local name=$1 log="$RING_LOG_DIR/$1.log" status=0 passed failed cancelled
  shift
  node --test --test-reporter=tap "$@" >"$log" 2>&1 || status=$?
  passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -1)
  failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -1)
  cancelled=$(sed -n 's/^# cancelled \([0-9]*\)$/\1/p' "$log" | tail -1)
  [ -n "$failed" ] && failed=$((failed + ${cancelled:-0}))
  [ "$status" -ne 0 ] && grep -B2 -A20 '^ *not ok' "$log" | head -80 >&2
  # shellcheck disable=SC2046
  record_ring "$name" $(counts_or_failure "$passed" "$failed" "$status")
}

# The native suites and the server ring again, built with clang's AddressSanitizer and
# UndefinedBehaviorSanitizer (core and server): any report fails the test that triggered it.
run_sanitizer_rings() {
  local dir="$APPNOTIFY_ROOT/build/sanitize" log="$RING_LOG_DIR/sanitize-build.log"
  if ! { CC=clang CXX=clang++ cmake -S "$APPNOTIFY_ROOT" -B "$dir" -DAPPNOTIFY_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug &&
    cmake --build "$dir" -j "$(jobs_count)"; } >"$log" 2>&1; then
    tail -20 "$log" >&2
    record_ring asan-native 0 1
    return
  fi
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_ctest_ring asan-native "$dir"
  APPNOTIFYD="$dir/server/appnotifyd" ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_node_ring asan-server "$APPNOTIFY_ROOT"/tests/server/*.test.mjs
}

# A short libFuzzer run of each target (clang, ASan + UBSan): a target is one test.
run_fuzz_ring() {  # seconds-per-target
  local log="$RING_LOG_DIR/fuzz.log" status=0 passed failed
  "$APPNOTIFY_ROOT/scripts/fuzz" "$1" >"$log" 2>&1 || status=$?
  passed=$(grep -c 'no findings' "$log" || true)
  failed=$(grep -c 'FINDING' "$log" || true)
  [ "$status" -ne 0 ] && tail -20 "$log" >&2
  # shellcheck disable=SC2046
  record_ring fuzz $(counts_or_failure "$passed" "$failed" "$status")
}

# Formatting is a ring of its own: one check per formatter.
run_format_ring() {
  local log="$RING_LOG_DIR/format.log" passed=0 failed=0
  if git -C "$APPNOTIFY_ROOT" ls-files -co --exclude-standard -- '*.cc' '*.h' | xargs -r clang-format --dry-run -Werror >"$log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); head -20 "$log" >&2
  fi
  if npx --no-install prettier --check . >>"$log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); tail -20 "$log" >&2
  fi
  record_ring format "$passed" "$failed"
}

print_summary() {
  local passed=0 failed=0 i
  for i in "${!RING_NAMES[@]}"; do
    passed=$((passed + RING_PASSED[i]))
    failed=$((failed + RING_FAILED[i]))
  done
  echo
  echo "total: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

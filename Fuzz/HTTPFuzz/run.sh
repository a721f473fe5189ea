#!/usr/bin/env bash
# Builds the libFuzzer target over HTTPServer's parser and state machines, runs it for
# HTTP_FUZZ_SECONDS (default 60) from the seed corpus, and prints inputs run and crashes.
# Exits non-zero when a crash was found (its input is kept in $ARTIFACTS).
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_TO_RUN="${HTTP_FUZZ_SECONDS:-60}"
swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -v "Cannot export local symbol" | tail -3
WORK="$(mktemp -d /tmp/http-fuzz.XXXXXX)"
ARTIFACTS="${HTTP_FUZZ_ARTIFACTS:-$WORK/artifacts}"
mkdir -p "$WORK/corpus" "$ARTIFACTS"
cp corpus/* "$WORK/corpus/"
set +e
.build/debug/HTTPFuzz -max_total_time="$SECONDS_TO_RUN" -print_final_stats=1 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$ARTIFACTS/" "$WORK/corpus" > "$WORK/log" 2>&1
STATUS=$?
set -e
RUNS=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$WORK/log" | grep -Eo '[0-9]+$' || echo 0)
CRASHES=$(find "$ARTIFACTS" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
tail -n 5 "$WORK/log"
echo "fuzz-http: ${RUNS} inputs run in ${SECONDS_TO_RUN}s, ${CRASHES} crashes (libFuzzer exit ${STATUS}; artifacts in ${ARTIFACTS})"
if [ "$CRASHES" -ne 0 ] || [ "$STATUS" -ne 0 ]; then
    grep -m 20 -E 'ERROR|Fatal|precondition' "$WORK/log" || true
    exit 1
fi

#!/bin/sh
# Runs every fuzz target for RUNS inputs (default 1 000 000), one after another, from fuzz/.
# The growing corpus goes to work/<target> (gitignored), seeded from corpus/<target>; crash
# inputs go to artifacts/<target>/. Logs: work/<target>.log (the last line has the exec count).
set -u
cd "$(dirname "$0")"
RUNS=${RUNS:-1000000}
MAX_TIME=${MAX_TIME:-1200}
for target in ${TARGETS:-filter patch request_body scenario_loader fixture_matcher}; do
    mkdir -p "work/$target"
    dict=""
    [ -f "dict/$target.dict" ] && dict="-dict=dict/$target.dict"
    start=$(date +%s)
    cargo +nightly fuzz run --sanitizer none "$target" "work/$target" "corpus/$target" -- \
        -runs="$RUNS" -max_total_time="$MAX_TIME" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 $dict > "work/$target.log" 2>&1
    echo "$target: exit $? after $(( $(date +%s) - start ))s"
done

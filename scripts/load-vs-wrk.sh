#!/usr/bin/env bash
# Is `scimulate load` the bottleneck? Its steady-state GET throughput against the reference
# server, next to wrk's on the same endpoint, at the same concurrency, in the same run
# (issue 18 item 2: load must reach at least 0.8 of wrk). Needs wrk (apt-get install wrk) and a
# release build (cargo build --release).
#
#   scripts/load-vs-wrk.sh [CONCURRENCY] [SECONDS] [ROUNDS]      # default 16 10 3
#
# The server runs as its own process (`scimulate serve --quiet`), so that both clients meet the
# same server; each round runs load's steady phase (1 000 users read in turn), then wrk on one
# of them (GET /Users/{id} with Okta's headers), and prints both figures and their ratio.
set -euo pipefail
C=${1:-16}
SECONDS_EACH=${2:-10}
ROUNDS=${3:-3}
BIN=${SCIMULATE:-target/release/scimulate}
PORT=${PORT:-18480}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "$BIN is missing: cargo build --release" >&2; exit 2; }
BASE=http://127.0.0.1:$PORT/scim/v2
"$BIN" serve --listen 127.0.0.1:$PORT --bearer bench-token --quiet >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "$BASE/ServiceProviderConfig" && break; sleep 0.1; done
ID=$(curl -s -X POST -H 'Authorization: Bearer bench-token' -H 'Content-Type: application/scim+json' \
  "$BASE/Users" -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"wrk@example.com","name":{"givenName":"W","familyName":"R"},"emails":[{"value":"wrk@example.com","primary":true}]}' |
  sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
echo "concurrency $C, ${SECONDS_EACH} s each, $ROUNDS rounds; server $BASE"
printf '%-6s %12s %12s %7s\n' round "load req/s" "wrk req/s" ratio
for round in $(seq "$ROUNDS"); do
  JSON=$(mktemp)
  "$BIN" load --target "$BASE" --bearer bench-token --users 1000 --groups 0 --concurrency "$C" \
    --duration "${SECONDS_EACH}s" --json "$JSON" >/dev/null
  LOAD=$(python3 -c "import json,sys; print(round(json.load(open('$JSON'))['operations']['steady']['throughput_rps']))")
  rm -f "$JSON"
  WRK=$(wrk -t1 -c"$C" -d"${SECONDS_EACH}s" -H 'Authorization: Bearer bench-token' \
    -H 'User-Agent: Okta SCIM Client 1.0.0' -H 'Accept: application/scim+json' -H 'Accept-Charset: utf-8' \
    "$BASE/Users/$ID" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p')
  python3 -c "print(f'{$round:<6} {$LOAD:>12} {round($WRK):>12} {$LOAD/$WRK:>7.2f}')"
done

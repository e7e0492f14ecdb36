#!/usr/bin/env bash
# Two builds of the server measured at the same time on one kept benchmark database, so that the machine's drift
# (±20-30 % within minutes on a shared VM) falls on both alike: each server gets its own wrk with CONNECTIONS
# connections, a WARMUP unmeasured, then DURATION measured; prints requests/s, p50/p99 and the server's CPU per request.
#   KEEP_DB=1 PHASES=none bash bench/baskets/add-basket.sh      # prints Database=…, CHAIN=…, PRIVILEGED_KEY=…
#   dotnet publish src/Tessera.Server -c Release -o /tmp/app-a  # one build; another into /tmp/app-b
#   DB=tessera_baskets_… CHAIN=1 PRIVILEGED_KEY=… A=/tmp/app-a B=/tmp/app-b bash bench/baskets/ab.sh
# ENDPOINT=/auth/get-basket-price with DELAY_MS paces it; ENV_A / ENV_B add environment variables to one server, CONN_A /
# CONN_B settings to its connection string (CONN_A=";Maximum Pool Size=4").
# The seeded vouchers are made claimed and unlocked again first, so every run redeems (or locks) them alike.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DB:?} ${CHAIN:?} ${PRIVILEGED_KEY:?} ${A:?} ${B:?}"
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
connections=${CONNECTIONS:-4}
psql -q -d "$DB" -c "UPDATE vouchers SET status = 'claimed', amount_redeemed_cents = 0, redeeming_basket_id = NULL, redeemed_at = NULL,
    locked_until = NULL, locking_code = NULL, retailer_basket_code_exclusive = NULL, version = version + 1
    WHERE key LIKE 'bv%' AND (status <> 'claimed' OR locked_until IS NOT NULL)" -c "VACUUM ANALYZE vouchers" -c "CHECKPOINT"
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
start() { # publish-dir port extra-env extra-connection-settings
    env ${3:-} Database__Provider=postgres Logging__LogLevel__Default=Warning \
        Database__ConnectionString="Host=$PGHOST;Username=$PGUSER;Password=$PGPASSWORD;Database=$DB;SSL Mode=disable${4:-}" \
        dotnet "$1/Tessera.Server.dll" --urls "http://127.0.0.1:$2" >"$work/server-$2.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$2/health" >/dev/null && return; sleep 0.2; done
    echo "server $1 did not start"; cat "$work/server-$2.log"; exit 1
}
start "$A" 5101 "${ENV_A:-}" "${CONN_A:-}"
start "$B" 5102 "${ENV_B:-}" "${CONN_B:-}"
export CHAIN PRIVILEGED_KEY APP_HOST=${APP_HOST:-baskets.bench.test} THREADS=1 ENDPOINT=${ENDPOINT:-/auth/add-basket}
stamp=$(date +%s)
load() { # port first-member count run duration [--latency]
    env FIRST="$2" COUNT="$3" RUN="$4" DELAY_MS="${DELAY_MS:-0}" wrk -t1 -c"$connections" -d"$5" ${6:-} -s bench/baskets/basket.lua "http://127.0.0.1:$1"
}
load 5101 1000 30000 "ab-wa-$stamp" "${WARMUP:-40s}" >/dev/null & wa=$!
load 5102 31000 30000 "ab-wb-$stamp" "${WARMUP:-40s}" >/dev/null & wb=$!
wait "$wa" "$wb"
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
a0=$(ticks "${pids[0]}") b0=$(ticks "${pids[1]}")
load 5101 61000 40000 "ab-ma-$stamp" "${DURATION:-20s}" --latency >"$work/a" & wa=$!
load 5102 101000 40000 "ab-mb-$stamp" "${DURATION:-20s}" --latency >"$work/b" & wb=$!
wait "$wa" "$wb"
a1=$(ticks "${pids[0]}") b1=$(ticks "${pids[1]}")
hz=$(getconf CLK_TCK)
report() { # label wrk-output cpu-ticks
    local n; n=$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$2")
    echo "$1: $(sed -nE 's/^Requests\/sec: *([0-9.]+)/\1/p' "$2") requests/s, p50 $(awk '/ 50%/{print $2}' "$2"), p99 $(awk '/ 99%/{print $2}' "$2"), server CPU $(python3 -c "print(f'{$3 * 1000 / $hz / max($n, 1):.3f}')") ms per request $(grep -E 'Non-2xx' "$2" || true)"
}
report "A $A ${ENV_A:-} ${CONN_A:-}" "$work/a" $((a1 - a0))
report "B $B ${ENV_B:-} ${CONN_B:-}" "$work/b" $((b1 - b0))

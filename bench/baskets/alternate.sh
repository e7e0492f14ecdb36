#!/usr/bin/env bash
# Server configurations measured one after the other, in alternation, on one kept benchmark database: for what ab.sh
# cannot compare at the same time (two servers running together share PostgreSQL unevenly, so pool sizes cannot be
# compared side by side). Each ROUNDS round gives every variant of VARIANTS in turn a fresh server, WARMUP of paced
# get-basket-price unmeasured, then DURATION measured; prints requests/s, p50/p90/p99 and the CPU per request of the
# server and of all PostgreSQL processes.
#   KEEP_DB=1 PHASES=none bash bench/baskets/add-basket.sh      # prints Database=…, CHAIN=…, PRIVILEGED_KEY=…
#   dotnet publish src/Tessera.Server -c Release -o /tmp/app
#   DB=tessera_baskets_… CHAIN=1 PRIVILEGED_KEY=… APP=/tmp/app VARIANTS="pool 4:;Maximum Pool Size=4,default:" \
#     bash bench/baskets/alternate.sh
# VARIANTS: comma-separated name:settings[|environment], the settings appended to the server's connection string, the
# environment (space-separated NAME=value) given to its process, e.g. "inline:|DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1". CONNECTIONS (16)
# and DELAY_MS (12) pace the load as the price runs of add-basket.sh do; ENDPOINT (get-basket-price) may be another
# (ENDPOINT=/auth/add-basket CONNECTIONS=8 DELAY_MS=0 loads add-basket as add-basket.sh does); RATE=1000 sends at that
# constant rate instead of pausing (basket.lua). ADD_LOAD=60s first gives each fresh server that long of add-basket (8
# connections without pauses, members 181 000 on) before its warm-up, as the price runs of add-basket.sh come after
# its add-basket rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DB:?} ${CHAIN:?} ${PRIVILEGED_KEY:?} ${APP:?} ${VARIANTS:?}"
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
port=5103
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
export CHAIN PRIVILEGED_KEY APP_HOST=${APP_HOST:-baskets.bench.test} THREADS=2 ENDPOINT=${ENDPOINT:-/auth/get-basket-price} DELAY_MS=${DELAY_MS:-12}
pg_ticks() { local t=0 p; for p in $(pgrep -x postgres); do t=$((t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
hz=$(getconf CLK_TCK)
runs=0
IFS=',' read -ra variants <<<"$VARIANTS"
for round in $(seq 1 "${ROUNDS:-2}"); do
    for variant in "${variants[@]}"; do
        name=${variant%%:*} rest=${variant#*:}
        settings=${rest%%|*} environment=
        [[ "$rest" == *"|"* ]] && environment=${rest#*|}
        # Members 1000-181000 of the seeded 243 011 in three slots of 60 000 (20 000 warm-up, 40 000 measured).
        first=$((1000 + runs % 3 * 60000)) runs=$((runs + 1))
        # Every run locks (or, with ENDPOINT=/auth/add-basket, redeems) the vouchers of its members: the seeded ones are
        # made claimed and unlocked again first, as ab.sh does.
        psql -q -d "$DB" -c "UPDATE vouchers SET status = 'claimed', amount_redeemed_cents = 0, redeeming_basket_id = NULL, redeemed_at = NULL,
            locked_until = NULL, locking_code = NULL, retailer_basket_code_exclusive = NULL, version = version + 1
            WHERE key LIKE 'bv%' AND (status <> 'claimed' OR locked_until IS NOT NULL)" -c "VACUUM ANALYZE vouchers" -c "CHECKPOINT"
        env $environment Database__Provider=postgres Logging__LogLevel__Default=Warning \
            Database__ConnectionString="Host=$PGHOST;Username=$PGUSER;Password=$PGPASSWORD;Database=$DB;SSL Mode=disable$settings" \
            dotnet "$APP/Tessera.Server.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
        server=$!
        for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
        if [ -n "${ADD_LOAD:-}" ]; then
            ENDPOINT=/auth/add-basket DELAY_MS=0 RATE=0 FIRST=181000 COUNT=62000 RUN="alt-a-$round-$first-$(date +%s)" wrk -t2 -c8 -d"$ADD_LOAD" \
                -s bench/baskets/basket.lua "http://127.0.0.1:$port" >/dev/null
        fi
        FIRST=$first COUNT=20000 RUN="alt-w-$round-$first" wrk -t2 -c"${CONNECTIONS:-16}" -d"${WARMUP:-20s}" -s bench/baskets/basket.lua "http://127.0.0.1:$port" >/dev/null
        s0=$(awk '{print $14 + $15}' "/proc/$server/stat") p0=$(pg_ticks)
        FIRST=$((first + 20000)) COUNT=40000 RUN="alt-m-$round-$first" wrk -t2 -c"${CONNECTIONS:-16}" -d"${DURATION:-20s}" --latency \
            -s bench/baskets/basket.lua "http://127.0.0.1:$port" >"$work/out"
        s1=$(awk '{print $14 + $15}' "/proc/$server/stat") p1=$(pg_ticks)
        kill "$server"; wait "$server" 2>/dev/null || true; server=
        n=$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$work/out")
        echo "round $round, $name: $(sed -nE 's/^Requests\/sec: *([0-9.]+)/\1/p' "$work/out")/s, p50 $(awk '/ 50%/{print $2}' "$work/out"), p90 $(awk '/ 90%/{print $2}' "$work/out"), p99 $(awk '/ 99%/{print $2}' "$work/out"), CPU per request: server $(python3 -c "print(f'{($s1 - $s0) * 1000 / $hz / max($n, 1):.3f}')") ms, PostgreSQL $(python3 -c "print(f'{($p1 - $p0) * 1000 / $hz / max($n, 1):.3f}')") ms $(grep -E 'Non-2xx|constant rate' "$work/out" | tr '\n' ' ' || true)"
    done
done

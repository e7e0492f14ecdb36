#!/usr/bin/env bash
# Basket benchmarks on a local PostgreSQL (postgres/postgres on 127.0.0.1), each run on fresh databases:
#   pgbench   pgbench's built-in TPC-B-like script, CONNECTIONS clients, 30 s: the yardstick
#   add       add-basket (identified member, 10 items, one claimed voucher, unique retailer_basket_code)
#             with wrk at the same CONNECTIONS, 30 s; requests/s, latency, ratio to the pgbench tps
#   price     get-basket-price (same baskets) at ≈1000 requests/s: paced with wrk's delay(), then at a constant rate; p50/p99
#   statements  a few seconds of each endpoint with pg_stat_statements (when PostgreSQL preloads it): statements per
#               request and their mean execution time
#
#   PGPASSWORD=postgres bash bench/baskets/add-basket.sh
#   CONNECTIONS=8 DURATION=20s WARMUP=60s ROUNDS=3 PRICE_RUNS="16:12 64@1000" PHASES="pgbench add price statements" bash bench/baskets/add-basket.sh
# Both pgbench and add-basket run WARMUP unmeasured first, on their fresh databases (a new database and a new server
# take about a minute to reach their steady rate), then ROUNDS rounds of DURATION each, taking turns.
# bench/baskets/get-basket-price.sh runs PHASES="price statements". The server is deployed as for a PostgreSQL sharing
# its machine: a pool of POOL connections (Maximum Pool Size), by default two per core of this machine (4 on two cores);
# POOL= (empty) keeps Npgsql's default of 100. pgbench, psql and the server connect without TLS, as the server does by
# default on a loopback host; PGSSLMODE=prefer runs all of them over TLS.
set -euo pipefail
cd "$(dirname "$0")/../.."
connections=${CONNECTIONS:-8}
duration=${DURATION:-20s}
phases=${PHASES:-pgbench add price statements}
pool=${POOL-$((2 * $(nproc)))}
# get-basket-price runs, each CONNECTIONS:PAUSE_MS (every connection pauses that long after each answer: 16 connections
# pausing 12 ms aim at ≈1000 requests/s) or CONNECTIONS@RATE (a constant RATE requests/s, evenly spaced, as wrk2 sends:
# with connections enough that no send waits for one, a slow answer cannot hold the next requests back).
price_runs=${PRICE_RUNS:-16:12 64@1000}
port=5096
base="http://127.0.0.1:$port"
# pgbench and psql reach PostgreSQL as the server does on a loopback host: without TLS (DatabaseSetup).
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres} PGSSLMODE=${PGSSLMODE:-disable}
stamp=$(date +%s)
pgbench_db=tessera_pgbench_$stamp
app_db=tessera_baskets_$stamp
work=$(mktemp -d)
server=
cleanup() {
    set +e # a killed server's exit status must not stop the clean-up before the databases are dropped
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    if [ -z "${KEEP_DB:-}" ]; then
        dropdb --if-exists --force "$pgbench_db" 2>/dev/null || true
        dropdb --if-exists --force "$app_db" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
has() { [[ " $phases " == *" $1 "* ]]; }
# All PostgreSQL processes, with the backends that exited meanwhile (reaped by the postmaster: its children's
# times); anything else using this PostgreSQL meanwhile counts too.
pg_ticks() { local t=0 p; for p in $(pgrep -x postgres); do t=$((t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(psql -Atc 'show server_version' -d postgres | cut -d' ' -f1) PostgreSQL (shared_buffers $(psql -Atc 'show shared_buffers' -d postgres)); server pool: ${pool:-Npgsql default (100)} connections"

warmup=${WARMUP:-60s}
rounds=${ROUNDS:-3}
pgbench_ready=
if has pgbench; then
    scale=${SCALE:-10}
    createdb "$pgbench_db"
    pgbench -i -q -s "$scale" "$pgbench_db" 2>&1 | tail -n 1
    echo "== pgbench warm-up (${warmup%s} s, not measured)"
    pgbench -c "$connections" -j 2 -T "${warmup%s}" "$pgbench_db" >/dev/null 2>&1
    pgbench_ready=1
fi
# One measured pgbench run: prints tps and PostgreSQL's CPU per transaction; sets pgbench_tps.
pgbench_run() {
    echo "== pgbench TPC-B-like, scale $scale, $connections clients, 2 threads, ${duration%s} s"
    local pg_before pg transactions; pg_before=$(pg_ticks)
    pgbench -c "$connections" -j 2 -T "${duration%s}" "$pgbench_db" 2>&1 | tee "$work/pgbench" | grep -E "latency average|tps ="
    pg=$(( $(pg_ticks) - pg_before ))
    pgbench_tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$work/pgbench" | head -n 1)
    transactions=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$work/pgbench")
    python3 -c "print(f'CPU per transaction: PostgreSQL processes {$pg * 1000 / $(getconf CLK_TCK) / max($transactions, 1):.2f} ms (user + system)')"
}
if [ -n "$pgbench_ready" ] && ! has add; then
    pgbench_run
fi

# Member ranges (member number 10000000 + index), one claimed voucher each, so no two requests share a voucher:
# add-basket warm-up, add-basket, get-basket-price warm-up, get-basket-price, statements warm-up, probes.
# The warm-up range is sized for 60 s at ≈1 200/s, so its baskets redeem their vouchers as the measured ones do.
add_warm=1 add_warm_count=${ADD_WARM_MEMBERS:-75000} add_first=$((add_warm + add_warm_count)) add_count=${ADD_MEMBERS:-90000}
price_warm=$((add_first + add_count)) price_first=$((add_first + add_count + 20000)) price_count=${PRICE_MEMBERS:-50000}
stmt_warm=$((price_first + price_count)) probe=$((price_first + price_count + 8000))
members=$((probe + 10))

start_server() {
    if curl -s -o /dev/null "$base/health"; then
        echo "something already answers on $base: stop it first"; exit 1
    fi
    env "$@" Logging__LogLevel__Default=Warning dotnet "$work/app/Tessera.Server.dll" --urls "$base" >"$work/server.log" 2>&1 &
    server=$!
    for _ in $(seq 1 100); do curl -sf "$base/health" >/dev/null && return; sleep 0.2; done
    echo "server did not start"; cat "$work/server.log"; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

dotnet publish src/Tessera.Server -c Release -o "$work/app" --nologo -v q >/dev/null
createdb "$app_db"
# The server connects as pgbench does: PGSSLMODE (default disable) becomes its SSL Mode, so PGSSLMODE=prefer runs
# both over TLS.
export Database__Provider=postgres Database__ConnectionString="Host=$PGHOST;Username=$PGUSER;Password=$PGPASSWORD;Database=$app_db;SSL Mode=$PGSSLMODE${pool:+;Maximum Pool Size=$pool}"
boot=$(dotnet "$work/app/Tessera.Server.dll" bootstrap --json --chain-name Baskets --hostname baskets.bench.test \
    --admin-username admin@baskets.bench.test --admin-password bench-password)
chain=$(echo "$boot" | json 'd["chain_id"]')
key=$(echo "$boot" | json 'd["privileged_key"]')
start_server
auth=(-H "Authorization: Bearer $key" -H "X-MyPrice-App-Hostname: baskets.bench.test")
campaign() { curl -sf -X POST "$base/internal/add-campaign" "${auth[@]}" -H "Content-Type: application/json" -d "$1" | json 'd["results"]["campaign"]["id"]'; }
wallet=$(campaign '{"type":"wallet","title":"Money Wallet"}')
campaign "{\"type\":\"cashback\",\"title\":\"Store Rewards\",\"earn_percentage\":10,\"recipient_campaign_id\":$wallet}" >/dev/null
gifts=$(campaign '{"type":"loyalty","title":"Welcome gift"}')
seeded=$(date +%s)
psql -q -d "$app_db" -v chain="$chain" -v n="$members" -f bench/members/seed-postgres.sql
psql -q -d "$app_db" -v chain="$chain" -v campaign="$gifts" -f bench/baskets/seed-vouchers-postgres.sql
# As pgbench -i does after loading: vacuum and analyse the seeded tables now, so that autovacuum does not do it
# during the measured runs, and start them from a checkpoint.
psql -q -d "$app_db" -c "VACUUM ANALYZE" -c "CHECKPOINT"
echo "seeded $members members with a claimed 5.00 voucher each in $(( $(date +%s) - seeded )) s (chain $chain: wallet, 10% cashback), vacuumed"
export CHAIN=$chain PRIVILEGED_KEY=$key APP_HOST=baskets.bench.test THREADS=2
[ -n "${KEEP_DB:-}" ] && echo "kept for reuse: Database=$app_db CHAIN=$chain PRIVILEGED_KEY=$key"

# Request body n of the wrk script, for curl.
body() {
    python3 - "$chain" "$1" "$2" <<'EOF'
import sys
chain, m, code = sys.argv[1], int(sys.argv[2]), sys.argv[3]
items = ",".join('{"item_barcode":"BB-%d","retailer_item_code":"line_%d","item_quantity":1,"item_price":%d.%02d}' % (i % 50, i, (1000 + 100 * i) // 100, (1000 + 100 * i) % 100) for i in range(10))
total = sum(1000 + 100 * i for i in range(10))
print('{"entity":{"entity_type":"chain","entity_id":%s},"user":{"member_programme":"spaaza","member_number":"%d"},"basket":{"basket_platform_type":"in_store","retailer_basket_code":"%s","basket_total_price":%d.%02d,"basket_currency":{"currency_code":"EUR"},"basket_items":[%s],"basket_vouchers":[{"voucher_key":"bv%012d"}]}}'
      % (chain, 10000000 + m, code, total // 100, total % 100, items, m))
EOF
}
check=$(curl -sf -X POST "$base/auth/add-basket" "${auth[@]}" -H "Content-Type: application/json" -d "$(body "$probe" "check-$stamp")")
echo "check: add-basket applied $(echo "$check" | json 'len(d["results"]["basket"]["basket_vouchers_applied"])') voucher, earned $(echo "$check" | json 'd["results"]["basket"]["purchase_progress"][0]["purchase_progress_amount"]'), warnings: $(echo "$check" | json '[w["code"] for w in d.get("warnings", [])]')"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
wrk_run() { # label connections duration first count run [extra env...]: prints wrk's figures and the server's CPU per request
    local label=$1 c=$2 d=$3 first=$4 count=$5 run=$6; shift 6
    local before pg_before; before=$(cpu_ticks); pg_before=$(pg_ticks)
    env FIRST="$first" COUNT="$count" RUN="$run" "$@" wrk -t2 -c"$c" -d"$d" --latency -s bench/baskets/basket.lua "$base" > "$work/$label"
    local ticks=$(( $(cpu_ticks) - before )) pg=$(( $(pg_ticks) - pg_before )) requests hz; hz=$(getconf CLK_TCK)
    requests=$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$work/$label")
    grep -E "Latency  |50%|75%|90%|99%|requests in|Requests/sec|Non-2xx|Socket errors|constant rate" "$work/$label"
    python3 -c "print(f'CPU per request: server process {$ticks * 1000 / $hz / max($requests, 1):.1f} ms, PostgreSQL processes {$pg * 1000 / $hz / max($requests, 1):.1f} ms (user + system)')"
}

if has add; then
    echo "== add-basket warm-up ($warmup, not measured)"
    wrk_run add-warm "$connections" "$warmup" "$add_warm" "$add_warm_count" "warm-$stamp" >/dev/null
    # The machine's speed drifts (a shared VM): pgbench and add-basket take turns, and each round's ratio compares
    # two runs a few seconds apart.
    slice=$((add_count / rounds)) ratios=()
    for round in $(seq 1 "$rounds"); do
        [ -n "$pgbench_ready" ] && pgbench_run
        echo "== add-basket round $round/$rounds: 10 items, one voucher, identified member; $connections connections, 2 threads, $duration (load average $(cut -d' ' -f1 /proc/loadavg))"
        wrk_run add "$connections" "$duration" $((add_first + (round - 1) * slice)) "$slice" "add-$stamp-$round"
        rps=$(sed -nE 's/^Requests\/sec: *([0-9.]+)/\1/p' "$work/add")
        if [ -n "$pgbench_ready" ]; then
            ratio=$(python3 -c "print(f'{float(\"$rps\") / float(\"$pgbench_tps\"):.3f}')")
            ratios+=("$ratio")
            echo "round $round: add-basket $rps requests/s / pgbench $pgbench_tps tps = ratio $ratio"
        fi
    done
    read -r stored redeemed wrong < <(psql -Atq -F ' ' -d "$app_db" -c "
        SELECT count(*), count(v.id), count(*) FILTER (WHERE b.response = '' OR b.purchase_item_count <> 10 OR json_array_length(b.lines::json) <> 10)
        FROM baskets b LEFT JOIN vouchers v ON v.redeeming_basket_id = b.id WHERE b.retailer_basket_code LIKE 'add-$stamp-%'")
    echo "stored $stored baskets in the measured rounds, $redeemed of them redeemed their voucher, $wrong malformed"
    if [ ${#ratios[@]} -gt 0 ]; then
        python3 -c "import statistics, sys; r = [float(x) for x in sys.argv[1:]]; print(f'add-basket / pgbench: median ratio {statistics.median(r):.2f} of {len(r)} rounds (min {min(r):.2f}, max {max(r):.2f}; target >= 0.5)')" "${ratios[@]}"
    fi
fi

if has price; then
    first=$price_first
    if has add; then
        # The add-basket rounds leave autovacuum and the checkpointer tens of thousands of new rows to catch up
        # with; get-basket-price is measured on the database as it is after that, as the add-basket rounds were.
        echo "== VACUUM ANALYZE and CHECKPOINT after the add-basket rounds"
        psql -q -d "$app_db" -c "VACUUM ANALYZE" -c "CHECKPOINT"
    fi
    for run in $price_runs; do
        if [[ "$run" == *@* ]]; then
            c=${run%%@*} pacing=(RATE="${run##*@}") how="$c connections at a constant ${run##*@} requests/s"
        else
            c=${run%%:*} pacing=(DELAY_MS="${run##*:}") how="$c connections pausing ${run##*:} ms between requests"
        fi
        echo "== get-basket-price warm-up ($warmup, not measured)"
        wrk_run price-warm "$c" "$warmup" "$price_warm" 20000 "pwarm-$stamp-$run" ENDPOINT=/auth/get-basket-price "${pacing[@]}" >/dev/null
        echo "== get-basket-price: same baskets, $how, $duration (load average $(cut -d' ' -f1 /proc/loadavg))"
        wrk_run price "$c" "$duration" "$first" $((price_first + price_count - first)) "price-$stamp-$run" ENDPOINT=/auth/get-basket-price "${pacing[@]}"
        first=$((first + $(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$work/price") + 100))
    done
    locked=$(psql -Atq -d "$app_db" -c "SELECT count(*) FROM vouchers WHERE locked_until IS NOT NULL AND key >= 'bv$(printf %012d "$price_first")' AND key < 'bv$(printf %012d "$stmt_warm")'")
    echo "vouchers locked by the measured get-basket-price requests: $locked (one per request)"
fi

if has statements; then
    # Every statement PostgreSQL ran, with what it cost, from pg_stat_statements (EF Core's log would miss the
    # plain-SQL commands of baskets, vouchers and the ledger).
    if [[ "$(psql -Atq -d "$app_db" -c 'SHOW shared_preload_libraries')" != *pg_stat_statements* ]]; then
        echo "== statements: skipped (needs shared_preload_libraries = 'pg_stat_statements' on this PostgreSQL, then a restart)"
    else
        psql -q -d "$app_db" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
        member=$stmt_warm
        for endpoint in add-basket get-basket-price; do
            psql -Atq -d "$app_db" -c "SELECT pg_stat_statements_reset()" >/dev/null
            wrk_run stmt 2 3s "$member" 4000 "stmt-$endpoint-$stamp" ENDPOINT="/auth/$endpoint" >/dev/null
            member=$((member + 4000))
            n=$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$work/stmt")
            echo "== $endpoint: statements per request (pg_stat_statements over $n requests on 2 connections; mean execution time)"
            psql -q -d "$app_db" -c "
                SELECT round(calls::numeric / $n, 2) AS per_request, round((total_exec_time / calls)::numeric, 3) AS exec_ms,
                       round(rows::numeric / calls, 1) AS rows_each, left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS statement
                FROM pg_stat_statements
                WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls >= $n / 2
                ORDER BY total_exec_time DESC"
        done
    fi
fi

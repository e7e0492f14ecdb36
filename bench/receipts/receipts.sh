#!/usr/bin/env bash
# get-receipts.csv over N receipts on PostgreSQL: time to first byte, rows/s (steadiness per second), server memory;
# the yardstick is PostgreSQL's own \copy of the same rows and columns to CSV, timed in the same run.
#   TESSERA_BENCH_POSTGRES="Host=127.0.0.1;Username=postgres;Password=postgres;Database=tessera_bench_receipts" \
#   PGPASSWORD=postgres bash bench/receipts/receipts.sh [receipts=1000000] [members=10000]
# The database must be empty; psql reaches it with the PG* environment (host 127.0.0.1, user postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
receipts=${1:-1000000}
members=${2:-10000}
work=$(mktemp -d)
server=
trap 'if [ -n "$server" ]; then kill $server 2>/dev/null || true; fi; rm -rf "$work"' EXIT
db=$(echo "$TESSERA_BENCH_POSTGRES" | sed -E 's/.*Database=([^;]+).*/\1/')
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

dotnet publish src/Tessera.Server -c Release -o "$work/app" --nologo -v q >/dev/null
export Database__Provider=postgres Database__ConnectionString="$TESSERA_BENCH_POSTGRES"
boot=$(dotnet "$work/app/Tessera.Server.dll" bootstrap --json --chain-name Bench --hostname receipts.bench.test \
    --admin-username admin@receipts.bench.test --admin-password bench-password)
chain=$(echo "$boot" | sed -E 's/.*"chain_id":([0-9]+).*/\1/')

echo "seeding $receipts receipts of $members members into chain $chain"
start=$(date +%s)
psql -q -d "$db" -v chain="$chain" -v n="$receipts" -v members="$members" -f bench/receipts/seed-postgres.sql
echo "seeded in $(( $(date +%s) - start )) s"

Logging__LogLevel__Default=Warning dotnet "$work/app/Tessera.Server.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
login=$(curl -sf -X POST "http://127.0.0.1:$port/auth/login" -d username=admin@receipts.bench.test -d password=bench-password)
key=$(echo "$login" | sed -E 's/.*"session_key":"([0-9a-f]{64})".*/\1/')
user=$(echo "$login" | sed -E 's/.*"session_user_id":([0-9]+).*/\1/')
url="http://127.0.0.1:$port/get-receipts.csv?chain_id=$chain"
# Warm the process (JIT, pool) on a small page first.
curl -sf "$url&number_results=1000" -H "Session-User-Id: $user" -H "Session-Key: $key" >/dev/null

rss() { grep VmRSS /proc/$server/status | awk '{print $2}'; }
rss_before=$(rss)
( while kill -0 $server 2>/dev/null; do rss; sleep 0.2; done ) > "$work/rss" &
sampler=$!
# Each second's rows as they arrive, the time to the first byte, and the total.
curl -sfN "$url" -H "Session-User-Id: $user" -H "Session-Key: $key" | python3 -c '
import sys, time
start = time.monotonic(); first = None; rows = -1; per = {}
for line in sys.stdin.buffer:
    now = time.monotonic() - start
    if first is None: first = now
    rows += 1
    per[int(now)] = per.get(int(now), 0) + 1
total = time.monotonic() - start
full = sorted(v for k, v in per.items() if k < int(total))
print(f"rows {rows}; time to first byte {first*1000:.0f} ms; total {total:.1f} s; {rows/total:.0f} rows/s")
if full: print(f"rows per whole second: min {full[0]}, median {full[len(full)//2]}, max {full[-1]} over {len(full)} s")
' | tee "$work/tessera"
kill $sampler 2>/dev/null || true
peak=$(sort -n "$work/rss" | tail -n 1)
echo "server RSS before ${rss_before} kB, peak during the download ${peak} kB, after $(rss) kB"

echo "== yardstick: psql \\copy of the same rows and columns to CSV"
start=$(date +%s.%N)
psql -q -d "$db" -c "\\copy (SELECT b.id, b.retailer_basket_code, b.purchased_at, b.platform_type, b.purchase_item_count, b.currency_id,
    b.adjusted_total_cents, b.taxes_json, b.shipping_cents, b.employee_code, b.employee_name, b.business_id, s.name, s.owner_code, b.user_id,
    b.member_programme, u.member_number, u.authentication_point_identifier, u.username, u.first_name, u.last_name, u.gender, u.birthday,
    u.country_code, u.address_postalcode, b.notes
    FROM baskets b LEFT JOIN users u ON u.id = b.user_id LEFT JOIN businesses s ON s.id = b.business_id
    WHERE b.chain_id = $chain ORDER BY b.id) TO '/dev/null' WITH CSV HEADER"
end=$(date +%s.%N)
echo "psql copy: $receipts rows in $(echo "$end - $start" | bc) s, $(echo "$receipts / ($end - $start)" | bc) rows/s"

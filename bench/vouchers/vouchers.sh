#!/usr/bin/env bash
# Voucher benchmarks on PostgreSQL: get-card for a member with 50 vouchers and 10 campaigns at ~200 req/s,
# and get-vouchers.csv over N vouchers.
#   TESSERA_BENCH_POSTGRES="Host=127.0.0.1;Username=postgres;Password=postgres;Database=tessera_bench" \
#   PGPASSWORD=postgres bash bench/vouchers/vouchers.sh [vouchers=1000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000000}
port=5097
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
db=$(echo "$TESSERA_BENCH_POSTGRES" | sed -E 's/.*Database=([^;]+).*/\1/')
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
base="http://127.0.0.1:$port"
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

dotnet publish src/Tessera.Server -c Release -o "$work/app" --nologo -v q >/dev/null
export Database__Provider=postgres Database__ConnectionString="$TESSERA_BENCH_POSTGRES"
boot=$(dotnet "$work/app/Tessera.Server.dll" bootstrap --json --chain-name Bench --hostname vouchers.bench.test \
    --admin-username admin@vouchers.bench.test --admin-password bench-password)
chain=$(echo "$boot" | json 'd["chain_id"]')
key=$(echo "$boot" | json 'd["privileged_key"]')
Logging__LogLevel__Default=Warning dotnet "$work/app/Tessera.Server.dll" --urls "$base" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "$base/health" >/dev/null && break; sleep 0.2; done
auth=(-H "Authorization: Bearer $key" -H "X-MyPrice-App-Hostname: vouchers.bench.test")
campaign() { curl -sf -X POST "$base/internal/add-campaign" "${auth[@]}" -H "Content-Type: application/json" -d "$1" | json 'd["results"]["campaign"]["id"]'; }

wallet=$(campaign '{"type":"wallet","title":"Money Wallet"}')
points=$(campaign '{"type":"points_wallet","title":"Points"}')
loyalty=$(campaign "{\"type\":\"loyalty\",\"title\":\"Loyalty\",\"operand_campaign_id\":$points,\"loyalty_levels\":[{\"name\":\"bronze\"},{\"name\":\"silver\"}],\"loyalty_rules\":[{\"type\":\"initial\",\"action\":\"setLevel\",\"level\":\"bronze\"},{\"type\":\"points_tracker\",\"action\":\"setLevel\",\"direction\":\"up\",\"points_threshold\":250,\"level\":\"silver\"}]}")
campaign "{\"type\":\"cashback\",\"title\":\"Cashback\",\"earn_percentage\":5,\"recipient_campaign_id\":$wallet}" >/dev/null
campaign "{\"type\":\"progress\",\"title\":\"Target\",\"target\":200,\"reward_money\":25,\"recipient_campaign_id\":$wallet}" >/dev/null
campaign '{"type":"signup","title":"Signup","signup_amount":5}' >/dev/null
campaign '{"type":"birthday","title":"Birthday","gift_amount":10,"days_before":7}' >/dev/null
campaign '{"type":"affiliate","title":"Invite","sender_reward_amount":5}' >/dev/null
campaign '{"type":"basket","title":"10% off","voucher_discount_ratio":0.1}' >/dev/null
campaign '{"type":"purchase_count","title":"Fifth visit","purchase_count":5,"reward_money":5}' >/dev/null
curl -sf -X POST "$base/internal/add-user" "${auth[@]}" -d username=card@bench.test -d password=card-password >/dev/null
member=$(curl -sf "$base/internal/get-user" "${auth[@]}" -G -d username=card@bench.test | json 'd["results"]["user_info"]["user_id"]')
curl -sf -X POST "$base/auth/add-user-purchase-progress" "${auth[@]}" -d user_id=$member -d campaign_id=$points -d amount=300 -d log_message=bench >/dev/null
for i in $(seq 1 49); do
    curl -sf -X POST "$base/create-voucher" "${auth[@]}" -d user_id=$member -d campaign_id=$loyalty -d voucher_amount=$i >/dev/null
done
login=$(curl -sf -X POST "$base/auth/login" -H "X-MyPrice-App-Hostname: vouchers.bench.test" -d username=card@bench.test -d password=card-password)
export MEMBER_ID=$member MEMBER_KEY=$(echo "$login" | json 'd["results"]["session_info"]["session_key"]') APP_HOST=vouchers.bench.test
vouchers=$(curl -sf "$base/get-card" -H "session-user-id: $MEMBER_ID" -H "session-key: $MEMBER_KEY" -H "X-MyPrice-App-Hostname: $APP_HOST" | json 'len(d["results"]["basket_vouchers"])')
# Warm-up (JIT, connection pool, PostgreSQL caches), not measured.
wrk -t1 -c4 -d10s -s bench/vouchers/get-card.lua "$base/get-card" >/dev/null
for c in ${CONNECTIONS:-1 8}; do
    echo "== get-card: member with $vouchers basket vouchers, 10 campaigns; $c connection(s) with ${DELAY_MS:-20} ms pauses, 30 s"
    wrk -t1 -c"$c" -d30s --latency -s bench/vouchers/get-card.lua "$base/get-card" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx"
done
[ -n "${SKIP_CSV:-}" ] && exit 0

echo "== seeding $count vouchers"
for i in $(seq 1 100); do
    curl -sf -X POST "$base/internal/add-user" "${auth[@]}" -d username=holder$i@bench.test >/dev/null
done
start=$(date +%s)
psql -q -d "$db" -v chain="$chain" -v campaign="$loyalty" -v n="$count" -v members=100 -f bench/vouchers/seed-vouchers-postgres.sql
echo "seeded in $(( $(date +%s) - start )) s"
echo "== get-vouchers.csv of all $count vouchers"
rss_before=$(grep VmRSS /proc/$server/status | awk '{print $2}')
( while kill -0 $server 2>/dev/null; do grep VmRSS /proc/$server/status | awk '{print $2}'; sleep 0.2; done ) > "$work/rss" &
sampler=$!
curl -s -o "$work/vouchers.csv" -w "first byte after %{time_starttransfer} s, done after %{time_total} s, %{size_download} bytes\n" \
    "$base/get-vouchers.csv?chain_id=$chain" "${auth[@]}"
kill $sampler 2>/dev/null || true
echo "server RSS before ${rss_before} kB, peak during the download $(sort -n "$work/rss" | tail -n 1) kB"
rows=$(( $(wc -l < "$work/vouchers.csv") - 1 ))
echo "rows: $rows"

#!/usr/bin/env bash
# Member benchmarks on PostgreSQL: search over N members, add-user latency, export memory.
#   TESSERA_BENCH_POSTGRES="Host=127.0.0.1;Username=postgres;Password=postgres;Database=tessera_bench" \
#   PGPASSWORD=postgres bash bench/members/members.sh [members=1000000]
# The database must be empty; psql reaches it with the PG* environment (host 127.0.0.1, user postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
members=${1:-1000000}
port=5098
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
db=$(echo "$TESSERA_BENCH_POSTGRES" | sed -E 's/.*Database=([^;]+).*/\1/')
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}

dotnet publish src/Tessera.Server -c Release -o "$work/app" --nologo -v q >/dev/null
export Database__Provider=postgres Database__ConnectionString="$TESSERA_BENCH_POSTGRES"
boot=$(dotnet "$work/app/Tessera.Server.dll" bootstrap --json --chain-name Bench --hostname members.bench.test \
    --admin-username admin@members.bench.test --admin-password bench-password)
chain=$(echo "$boot" | sed -E 's/.*"chain_id":([0-9]+).*/\1/')
key=$(echo "$boot" | sed -E 's/.*"privileged_key":"([^"]+)".*/\1/')

echo "seeding $members members into chain $chain"
start=$(date +%s)
psql -q -d "$db" -v chain="$chain" -v n="$members" -f bench/members/seed-postgres.sql
echo "seeded in $(( $(date +%s) - start )) s"

Logging__LogLevel__Default=Warning dotnet "$work/app/Tessera.Server.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
login=$(curl -sf -X POST "http://127.0.0.1:$port/auth/login" -d username=admin@members.bench.test -d password=bench-password)
export SESSION_KEY=$(echo "$login" | sed -E 's/.*"session_key":"([0-9a-f]{64})".*/\1/')
export USER_ID=$(echo "$login" | sed -E 's/.*"session_user_id":([0-9]+).*/\1/')
export CHAIN=$chain PRIVILEGED_KEY=$key APP_HOST=members.bench.test

for query in "bakster" "emma" "emma%20bakster" "10500000" "zzz"; do
    hits=$(curl -sf -X POST "http://127.0.0.1:$port/search/users" -H "Session-User-Id: $USER_ID" -H "Session-Key: $SESSION_KEY" \
        -d "chain_id=$chain&query=$query&count=25" | grep -o "\"id\":" | wc -l || true)
    echo "== search query=$query (first page: $hits results), 1 connection, 10 s"
    QUERY=$query wrk -t1 -c1 -d10s --latency -s bench/members/search.lua "http://127.0.0.1:$port/search/users" | grep -E "Latency|50%|90%|99%|Requests/sec"
done

echo "== add-user, 8 connections, 15 s"
wrk -t2 -c8 -d15s --latency -s bench/members/add-user.lua "http://127.0.0.1:$port/internal/add-user" | grep -E "Latency|50%|90%|99%|Requests/sec|Non-2xx"

echo "== export of all members"
rss_before=$(grep VmRSS /proc/$server/status | awk '{print $2}')
url=$(curl -sf -X POST "http://127.0.0.1:$port/auth/export" -H "Authorization: Bearer $key" -H "X-MyPrice-App-Hostname: members.bench.test" \
    -d export_entity=user | python3 -c "import sys, json; print(json.load(sys.stdin)['results']['download_url'])")
peak=0
( while kill -0 $server 2>/dev/null; do r=$(grep VmRSS /proc/$server/status | awk '{print $2}'); echo "$r"; sleep 0.2; done ) > "$work/rss" &
sampler=$!
start=$(date +%s.%N)
bytes=$(curl -sf "$url" | wc -c)
end=$(date +%s.%N)
kill $sampler 2>/dev/null || true
peak=$(sort -n "$work/rss" | tail -n 1)
second=$(curl -s -o /dev/null -w '%{http_code}' "$url")
echo "export: $bytes bytes in $(echo "$end - $start" | bc) s; server RSS before ${rss_before} kB, peak during export ${peak} kB; second use answered HTTP $second"

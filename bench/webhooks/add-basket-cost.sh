#!/usr/bin/env bash
# What webhook delivery adds to add-basket, on a local PostgreSQL: the seeded basket database of
# bench/baskets/add-basket.sh (PHASES=none, kept), one endpoint taking every event at a local receiver
# (Tessera.Bench webhook-receiver), then bench/baskets/alternate.sh loading add-basket (8 connections, no pauses) on
# a fresh server per run, delivery on and off in turns: requests/s and CPU per request of each, and their ratio.
#   PGPASSWORD=postgres bash bench/webhooks/add-basket-cost.sh
#   ROUNDS=3 WARMUP=20s DURATION=20s bash bench/webhooks/add-basket-cost.sh
# Every add-basket writes its events to the outbox either way; "on" also fans them out and POSTs them. Runs go
# on, off, on, off, …: an "on" run after an "off" one also delivers the events the "off" run left (a pessimistic
# "on" figure).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres} PGSSLMODE=${PGSSLMODE:-disable}
work=$(mktemp -d)
pids=()
db=
cleanup() {
    set +e
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    [ -n "$db" ] && [ -z "${KEEP_DB:-}" ] && dropdb --if-exists --force "$db" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
receiver_port=5099 port=5100
KEEP_DB=1 PHASES=none bash bench/baskets/add-basket.sh | tee "$work/seed"
line=$(grep "kept for reuse" "$work/seed")
db=$(sed -nE 's/.*Database=([^ ]+).*/\1/p' <<<"$line")
chain=$(sed -nE 's/.*CHAIN=([^ ]+).*/\1/p' <<<"$line")
key=$(sed -nE 's/.*PRIVILEGED_KEY=([^ ]+).*/\1/p' <<<"$line")
dotnet publish src/Tessera.Server -c Release -o "$work/app" >/dev/null
dotnet build bench/Tessera.Bench -c Release >/dev/null
dotnet bench/Tessera.Bench/bin/Release/net10.0/Tessera.Bench.dll webhook-receiver "$receiver_port" >"$work/receiver.log" 2>&1 &
pids+=($!)
Webhooks__Delivery=false Webhooks__AllowPrivateAddresses=true Database__Provider=postgres Logging__LogLevel__Default=Warning \
    Database__ConnectionString="Host=$PGHOST;Username=$PGUSER;Password=$PGPASSWORD;Database=$db;SSL Mode=disable" \
    dotnet "$work/app/Tessera.Server.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
curl -sf -X POST "http://127.0.0.1:$port/internal/add-webhook" -H "Authorization: Bearer $key" -H "X-MyPrice-App-Hostname: baskets.bench.test" \
    -d "url=http://127.0.0.1:$receiver_port/hook" >/dev/null
kill "$server"; wait "$server" 2>/dev/null || true
DB=$db CHAIN=$chain PRIVILEGED_KEY=$key APP="$work/app" ENDPOINT=/auth/add-basket CONNECTIONS=8 DELAY_MS=0 ROUNDS=${ROUNDS:-2} \
    VARIANTS="delivery on:|Webhooks__Delivery=true Webhooks__AllowPrivateAddresses=true,delivery off:|Webhooks__Delivery=false" \
    bash bench/baskets/alternate.sh | tee "$work/runs"
python3 - "$work/runs" <<'PY'
import re, sys
rates = {"on": [], "off": []}
for line in open(sys.argv[1]):
    m = re.match(r"round \d+, delivery (on|off): ([0-9.]+)/s", line)
    if m:
        rates[m.group(1)].append(float(m.group(2)))
on, off = sum(rates["on"]) / len(rates["on"]), sum(rates["off"]) / len(rates["off"])
print(f"add-basket with delivery on: {on:.0f}/s, off: {off:.0f}/s; ratio on/off {on / off:.2f}")
PY
echo "webhook POSTs received: $(curl -sf "http://127.0.0.1:$receiver_port/count")"

#!/usr/bin/env bash
# Webhook delivery rate on a local PostgreSQL (postgres/postgres on 127.0.0.1), on a fresh database:
#   yardstick  wrk POSTing the same body to the local receiver (Tessera.Bench webhook-receiver), 1 connection (one
#              endpoint's deliveries go one after the other) and 16 connections, DURATION each
#   delivery   EVENTS outbox events (≈650-byte bodies) written with psql while delivery is off, then one server with
#              delivery on: from its first answer until every delivery succeeded, events/s, and the ratio to the
#              1-connection yardstick
#   PGPASSWORD=postgres bash bench/webhooks/webhooks.sh
#   EVENTS=50000 DURATION=10s bash bench/webhooks/webhooks.sh
# The cost delivery adds to add-basket is measured by bench/webhooks/add-basket-cost.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres} PGSSLMODE=${PGSSLMODE:-disable}
events=${EVENTS:-20000}
duration=${DURATION:-10s}
server_port=5098 receiver_port=5097
stamp=$(date +%s)
db=tessera_webhooks_$stamp
work=$(mktemp -d)
pids=()
cleanup() {
    set +e
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    [ -z "${KEEP_DB:-}" ] && dropdb --if-exists --force "$db" 2>/dev/null
    [ -n "${KEEP_LOG:-}" ] && cp "$work/server.log" "$KEEP_LOG" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
echo "machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet publish src/Tessera.Server -c Release -o "$work/app" >/dev/null
dotnet build bench/Tessera.Bench -c Release >/dev/null
dotnet bench/Tessera.Bench/bin/Release/net10.0/Tessera.Bench.dll webhook-receiver "$receiver_port" >"$work/receiver.log" 2>&1 &
pids+=($!)
createdb "$db"
export Database__Provider=postgres Database__ConnectionString="Host=$PGHOST;Username=$PGUSER;Password=$PGPASSWORD;Database=$db"
export Logging__LogLevel__Default=Warning Webhooks__AllowPrivateAddresses=true
boot=$(dotnet "$work/app/Tessera.Server.dll" bootstrap --chain-name Hooks --hostname hooks.bench.test --admin-username admin@hooks.bench.test --admin-password secret123)
chain=$(echo "$boot" | json 'd["chain_id"]') key=$(echo "$boot" | json 'd["privileged_key"]')

start_server() { # delivery on or off
    Webhooks__Delivery=$1 dotnet "$work/app/Tessera.Server.dll" --urls "http://127.0.0.1:$server_port" >"$work/server.log" 2>&1 &
    server=$!
    pids+=($server)
    for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$server_port/health" >/dev/null && return; sleep 0.2; done
    echo "the server did not start"; cat "$work/server.log"; exit 1
}
start_server false
curl -sf -X POST "http://127.0.0.1:$server_port/internal/add-webhook" -H "Authorization: Bearer $key" -H "X-MyPrice-App-Hostname: hooks.bench.test" \
    -d "url=http://127.0.0.1:$receiver_port/hook" >/dev/null
kill "$server"; wait "$server" 2>/dev/null || true

for c in 1 16; do
    echo "== yardstick: wrk POST to the receiver, $c connection(s), ${duration%s} s"
    wrk -t1 -c"$c" -d"$duration" -s bench/webhooks/post.lua "http://127.0.0.1:$receiver_port/hook" | tee "$work/wrk-$c" | grep -E "Requests/sec|Latency"
done
yardstick=$(sed -nE 's/^Requests\/sec: *([0-9.]+).*/\1/p' "$work/wrk-1")

psql -q -d "$db" -c "INSERT INTO outbox_events (chain_id, type, payload, created_at, attempts)
    SELECT $chain, 'shopper.points-mutation', json_build_object('type', 'shopper.points-mutation', 'n', g, 'pad', repeat('x', 600))::text, now(), 0
    FROM generate_series(1, $events) g" -c "VACUUM ANALYZE outbox_events"
echo "== delivery: $events events, one endpoint, one server"
start_server true
# Timed from the moment the server answers (its start-up is not delivery); what it sent before counts out.
before=$(curl -sf "http://127.0.0.1:$receiver_port/count")
start=$(date +%s.%N)
while [ "$(psql -Atc "SELECT count(*) FROM webhook_deliveries WHERE status = 1" -d "$db")" -lt "$events" ]; do sleep 0.2; done
end=$(date +%s.%N)
after=$(curl -sf "http://127.0.0.1:$receiver_port/count")
python3 -c "
seconds = $end - $start
rate = ($after - $before) / seconds
print(f'{$events} events delivered; the last {$after - $before} in {seconds:.1f} s after the server answered: {rate:.0f} events/s')
print(f'ratio to the yardstick (wrk, 1 connection, {$yardstick:.0f} requests/s): {rate / $yardstick:.2f}')"

#!/usr/bin/env bash
# Load test of GET /auth/get-login-status with wrk against a Release build of the server.
#   bench/wrk/get-login-status.sh [sqlite|postgres] [duration] [connections]
# postgres needs TESSERA_BENCH_POSTGRES (an Npgsql connection string to an empty database).
set -euo pipefail
cd "$(dirname "$0")/../.."
engine=${1:-sqlite}
duration=${2:-30s}
connections=${3:-32}
port=5099
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish src/Tessera.Server -c Release -o "$work/app" --nologo -v q >/dev/null
if [ "$engine" = postgres ]; then
    export Database__Provider=postgres Database__ConnectionString="${TESSERA_BENCH_POSTGRES:?set TESSERA_BENCH_POSTGRES}"
else
    export Database__Provider=sqlite Database__ConnectionString="Data Source=$work/bench.db"
fi
host="bench-$(date +%s).example.test"
dotnet "$work/app/Tessera.Server.dll" bootstrap --json --chain-name Bench --hostname "$host" \
    --admin-username "admin@$host" --admin-password bench-password >/dev/null
Logging__LogLevel__Default=Warning dotnet "$work/app/Tessera.Server.dll" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done

login=$(curl -sf -X POST "http://127.0.0.1:$port/auth/login" -d "username=admin@$host" -d password=bench-password)
key=$(echo "$login" | sed -E 's/.*"session_key":"([0-9a-f]{64})".*/\1/')
user=$(echo "$login" | sed -E 's/.*"session_user_id":([0-9]+).*/\1/')
url="http://127.0.0.1:$port/auth/get-login-status?user_id=$user&session_key=$key"
curl -sf "$url" | grep -q '"result_type":"get-login-status"'

echo "engine=$engine duration=$duration connections=$connections threads=2"
wrk -t2 -c"$connections" -d"$duration" --latency "$url"

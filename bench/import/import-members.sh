#!/usr/bin/env bash
# import members of N generated rows on PostgreSQL, measured against COPY of the same file into a plain table of the
# same columns (the fastest way PostgreSQL takes rows in), in the same run. Then the same import again (idempotent).
#   TESSERA_BENCH_POSTGRES="Host=127.0.0.1;Username=postgres;Password=postgres;Database=tessera_bench_import" \
#   PGPASSWORD=postgres bash bench/import/import-members.sh [rows=1000000]
# The database is dropped and made again. psql reaches it with the PG* environment (host 127.0.0.1, user postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$(echo "$TESSERA_BENCH_POSTGRES" | sed -E 's/.*Database=([^;]+).*/\1/')
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

dotnet publish src/Tessera.Server -c Release -o "$work/app" --nologo -v q >/dev/null
export Database__Provider=postgres Database__ConnectionString="$TESSERA_BENCH_POSTGRES"
boot=$(dotnet "$work/app/Tessera.Server.dll" bootstrap --json --chain-name Bench --hostname import.bench.test \
    --admin-username admin@import.bench.test --admin-password bench-password)
chain=$(echo "$boot" | sed -E 's/.*"chain_id":([0-9]+).*/\1/')

awk -v n="$rows" 'BEGIN {
    print "member_number,username,first_name,last_name,birthday,gender,country_code,phone_number";
    for (i = 1; i <= n; i++)
        printf "M%08d,member%d@import.bench.test,First%d,Last%d,19%02d-%02d-%02d,%s,NL,+3161%07d\n", i, i, i % 5000, i % 7000, 40 + i % 60, 1 + i % 12, 1 + i % 28, (i % 2 ? "M" : "F"), i
}' >"$work/members.csv"
echo "$rows rows, $(du -h "$work/members.csv" | cut -f1)"

now() { date +%s.%N; }
start=$(now)
psql -q -d "$db" -c "CREATE TABLE copy_yardstick (member_number text, username text, first_name text, last_name text, birthday text, gender text, country_code text, phone_number text)" \
    -c "\\copy copy_yardstick FROM '$work/members.csv' CSV HEADER"
copy_s=$(echo "$(now) - $start" | bc)

start=$(now)
report=$(dotnet "$work/app/Tessera.Server.dll" import members --chain-id "$chain" --file "$work/members.csv" --json 2>"$work/progress.log")
import_s=$(echo "$(now) - $start" | bc)
start=$(now)
again=$(dotnet "$work/app/Tessera.Server.dll" import members --chain-id "$chain" --file "$work/members.csv" --json 2>>"$work/progress.log")
again_s=$(echo "$(now) - $start" | bc)
tail -2 "$work/progress.log"

echo "import:  $report"
echo "again:   $again"
printf 'import members: %.1f s (%.0f rows/s, process start included); again (nothing to write): %.1f s\n' "$import_s" "$(echo "$rows / $import_s" | bc -l)" "$again_s"
printf 'yardstick COPY of the same file into one plain table: %.1f s (%.0f rows/s); import takes %.1fx as long\n' \
    "$copy_s" "$(echo "$rows / $copy_s" | bc -l)" "$(echo "$import_s / $copy_s" | bc -l)"

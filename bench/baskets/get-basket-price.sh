#!/usr/bin/env bash
# get-basket-price at ≈1000 requests/s (PRICE_RUNS: connections:pause_ms or connections@rate, default "16:12 64@1000"), then the statements
# of one request; the setup is add-basket.sh's.
#   PGPASSWORD=postgres PRICE_RUNS="16:12" bash bench/baskets/get-basket-price.sh
exec env PHASES="${PHASES:-price statements}" bash "$(dirname "$0")/add-basket.sh"

-- wrk script: GET the given URL, each connection pausing DELAY_MS (default 0) between requests, to pace a rate.
--   DELAY_MS=12 wrk -t2 -c16 -d20s --latency -s bench/wrk/paced-get.lua http://127.0.0.1:5097/health
function delay()
    return tonumber(os.getenv("DELAY_MS") or "0")
end

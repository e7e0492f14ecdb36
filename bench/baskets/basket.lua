-- wrk script: POST /auth/add-basket (default) or ENDPOINT=/auth/get-basket-price, with the privileged key.
-- Request n (unique over the THREADS threads) is a 10-item basket of member 10000000 + FIRST + (n mod COUNT),
-- naming that member's claimed voucher bv<12-digit member index>, with retailer_basket_code RUN-n.
-- DELAY_MS > 0 pauses each connection that long between requests (to pace a fixed rate).
-- RATE > 0 sends at that constant rate instead (requests/s over all THREADS threads), as wrk2 does: each thread keeps
-- a schedule of evenly spaced send times (thread i starts i/THREADS of a slot later), and a connection whose response came
-- back waits for the next free time of its thread's schedule. A send more than a millisecond behind its time (no
-- connection was free) counts as late; done() prints how many. Latency is wrk's own, from the send to the response.
local thread_count = 0
all_threads = {}
function setup(thread)
    all_threads[#all_threads + 1] = thread
    thread:set("id", thread_count)
    thread_count = thread_count + 1
end

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clock_id, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1000000
end

local counter, threads, first, count, run, chain, pause, slot, next_send
local rate = tonumber(os.getenv("RATE") or "0")
late = 0
function init(args)
    counter = 0
    threads = tonumber(os.getenv("THREADS") or "2")
    first = tonumber(os.getenv("FIRST") or "1")
    count = tonumber(os.getenv("COUNT") or "100000")
    run = os.getenv("RUN") or "bench"
    chain = os.getenv("CHAIN")
    pause = tonumber(os.getenv("DELAY_MS") or "0")
    if rate > 0 then
        slot = threads * 1000 / rate
        next_send = now_ms() + slot * id / threads
    end
    wrk.method = "POST"
    wrk.path = os.getenv("ENDPOINT") or "/auth/add-basket"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("PRIVILEGED_KEY")
    wrk.headers["X-MyPrice-App-Hostname"] = os.getenv("APP_HOST")
end

function request()
    local n = id + threads * counter
    counter = counter + 1
    local m = first + (n % count)
    local items = {}
    local total = 0
    for i = 0, 9 do
        local cents = 1000 + 100 * i
        total = total + cents
        items[#items + 1] = string.format(
            '{"item_barcode":"BB-%d","retailer_item_code":"line_%d","item_quantity":1,"item_price":%d.%02d}',
            (n + i) % 50, i, math.floor(cents / 100), cents % 100)
    end
    local body = string.format(
        '{"entity":{"entity_type":"chain","entity_id":%s},"user":{"member_programme":"spaaza","member_number":"%d"},'
        .. '"basket":{"basket_platform_type":"in_store","retailer_basket_code":"%s-%d","basket_total_price":%d.%02d,'
        .. '"basket_currency":{"currency_code":"EUR"},"basket_items":[%s],"basket_vouchers":[{"voucher_key":"bv%012d"}]}}',
        chain, 10000000 + m, run, n, math.floor(total / 100), total % 100, table.concat(items, ","), m)
    return wrk.format(nil, nil, nil, body)
end

function delay()
    if rate <= 0 then
        return pause
    end
    next_send = next_send + slot
    local wait = next_send - now_ms()
    if wait < -1 then
        late = late + 1
    end
    -- wrk waits whole milliseconds: rounding keeps each send within half a millisecond of its time.
    return math.max(0, math.floor(wait + 0.5))
end

function done(summary, latency, requests)
    if rate > 0 then
        local total = 0
        for _, thread in ipairs(all_threads) do
            total = total + (thread:get("late") or 0)
        end
        io.write(string.format("constant rate %d/s: %d sends late by more than 1 ms\n", rate, total))
    end
end

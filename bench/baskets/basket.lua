-- wrk script: POST /auth/add-basket (default) or ENDPOINT=/auth/get-basket-price, with the privileged key.
-- Request n (unique over the THREADS threads) is a 10-item basket of member 10000000 + FIRST + (n mod COUNT),
-- naming that member's claimed voucher bv<12-digit member index>, with retailer_basket_code RUN-n.
-- DELAY_MS > 0 pauses each connection that long between requests (to pace a fixed rate).
local thread_count = 0
function setup(thread)
    thread:set("id", thread_count)
    thread_count = thread_count + 1
end

local counter, threads, first, count, run, chain, pause
function init(args)
    counter = 0
    threads = tonumber(os.getenv("THREADS") or "2")
    first = tonumber(os.getenv("FIRST") or "1")
    count = tonumber(os.getenv("COUNT") or "100000")
    run = os.getenv("RUN") or "bench"
    chain = os.getenv("CHAIN")
    pause = tonumber(os.getenv("DELAY_MS") or "0")
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
    return pause
end

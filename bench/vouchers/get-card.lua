-- wrk script: GET /get-card as the member. Each connection pauses DELAY_MS (default 20) between requests,
-- so connections / (pause + latency) paces the load: 8 connections with 33 ms pauses give ≈200 requests/s.
wrk.method = "GET"
wrk.headers["session-user-id"] = os.getenv("MEMBER_ID")
wrk.headers["session-key"] = os.getenv("MEMBER_KEY")
wrk.headers["X-MyPrice-App-Hostname"] = os.getenv("APP_HOST")
local pause = tonumber(os.getenv("DELAY_MS") or "20")
function delay()
    return pause
end

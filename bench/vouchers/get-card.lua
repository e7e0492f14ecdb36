-- wrk script: GET /get-card as the member; ~200 requests/s with 4 connections and a 20 ms pause each.
wrk.method = "GET"
wrk.headers["session-user-id"] = os.getenv("MEMBER_ID")
wrk.headers["session-key"] = os.getenv("MEMBER_KEY")
wrk.headers["X-MyPrice-App-Hostname"] = os.getenv("APP_HOST")
function delay()
    return 20
end

-- wrk script: POST /search/users with the admin session; QUERY, CHAIN, USER and KEY come from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Session-User-Id"] = os.getenv("USER_ID")
wrk.headers["Session-Key"] = os.getenv("SESSION_KEY")
wrk.headers["Session-Chain-Id"] = os.getenv("CHAIN")
wrk.body = "chain_id=" .. os.getenv("CHAIN") .. "&query=" .. os.getenv("QUERY") .. "&page=1&count=25"

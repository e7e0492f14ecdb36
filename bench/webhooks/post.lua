-- wrk script: POST a webhook-sized JSON body (the yardstick of bench/webhooks/webhooks.sh, against its receiver).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type":"shopper.points-mutation","n":1,"pad":"' .. string.rep("x", 600) .. '"}'

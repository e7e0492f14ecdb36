-- wrk script: POST /internal/add-user with the privileged key; every request a new member.
local counter = 0
local thread_id = 0
function setup(thread)
    thread:set("id", thread_id)
    thread_id = thread_id + 1
end
function init(args)
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Authorization"] = "Bearer " .. os.getenv("PRIVILEGED_KEY")
    wrk.headers["X-MyPrice-App-Hostname"] = os.getenv("APP_HOST")
end
function request()
    counter = counter + 1
    local body = "username=load-" .. id .. "-" .. counter .. "-" .. os.time() .. "@add.example&first_name=Load&last_name=Tester" .. counter
        .. "&gender=F&birthday=1990-05-17&country_code=NL&mailing_list_subscribed=true"
    return wrk.format(nil, nil, nil, body)
end

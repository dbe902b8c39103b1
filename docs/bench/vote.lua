-- wrk script: POST vote=a|b to / as a new voter per request (voter_id cookie), like the original seed but keep-alive.
-- Voter ids are unique per run (time-based run id), per thread and per request.
local threads = 0
local run = tostring(os.time())
wrk.method = "POST"
function setup(thread)
  threads = threads + 1
  thread:set("tid", tostring(threads))
  thread:set("run", run)
end
local counter = 0
function request()
  counter = counter + 1
  local body = (counter % 2 == 0) and "vote=a" or "vote=b"
  return wrk.format("POST", "/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "voter_id=wrk" .. run .. "-" .. tid .. "-" .. counter,
  }, body)
end
function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

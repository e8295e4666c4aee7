-- wrk script for the vote endpoint: PUT and DELETE alternately (vote, take it back, …) on
-- BENCH_VOTE_PATH with the bearer token in BENCH_TOKEN; bench/run.py appends report.lua to it.
local token = os.getenv("BENCH_TOKEN") or ""
local path = os.getenv("BENCH_VOTE_PATH") or "/api/v1/ideas/1/vote"
local n = 0
request = function()
  n = n + 1
  local method = (n % 2 == 1) and "PUT" or "DELETE"
  return wrk.format(method, path, {["Authorization"] = "Bearer " .. token})
end

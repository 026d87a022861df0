-- wrk script for collector/scripts/bench-collector.sh: valid checks that vary in command, version,
-- platform and signature (1000 installations), and update-only checks. With RATE set (checks
-- per second in all), each connection waits between requests so the total stays at RATE.

local pairs_ = {
  {"gitops", "version"}, {"check", "oidc-config"}, {"create", "dashboard"},
  {"get", "bcrypt-hash"}, {"delete", "terraform"}, {"create", "terraform"},
}
local versions = {"0.35.0", "0.36.1", "0.37.0", "0.38.0", "0.39.0-rc.1"}
local platforms = {{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "arm64"}, {"windows", "amd64"}}
local requests = {}

function init(args)
  local n = 0
  for i = 0, 999 do
    local sig = string.format("%08x-6a4d-4e8f-9b2a-%012x", i, i * 7919)
    local p = pairs_[i % #pairs_ + 1]
    local v = versions[i % #versions + 1]
    local pl = platforms[math.floor(i / 7) % #platforms + 1]
    local rc = (v:find("rc") and "yes") or "no"
    local q = string.format(
      "arch=%s&flag_command=%s&flag_object=%s&flag_rc=%s&os=%s&signature=%s&version=%s",
      pl[2], p[2], p[1], rc, pl[1], sig, v)
    n = n + 1
    requests[n] = wrk.format("GET", "/v1/check/weave-gitops?" .. q)
    if i % 10 == 0 then
      n = n + 1
      requests[n] = wrk.format("GET", string.format(
        "/v1/check/weave-gitops?arch=%s&os=%s&signature=&version=%s", pl[2], pl[1], v))
    end
  end
end

local counter = 0
function request()
  counter = counter + 1
  return requests[(counter * 7919) % #requests + 1]
end

local rate = tonumber(os.getenv("RATE") or "")
local connections = tonumber(os.getenv("CONNECTIONS") or "1")
if rate then
  -- wrk counts the delay in whole milliseconds after each answer (~0.7 ms here): two less
  -- keeps the total at or just above RATE.
  local wait = math.floor(connections * 1000 / rate) - 2
  function delay()
    return wait
  end
end

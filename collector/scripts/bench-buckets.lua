-- wrk script for collector/scripts/bench-buckets.sh: COUNT valid command checks from this
-- thread, each with a random signature, then the thread stops. MODE=random gives each check a
-- random valid version (MAJOR.MINOR.PATCH, each 0 to 999: the attack that made 1.37 M
-- buckets); MODE=fixed spreads them over 100 buckets (5 versions × 4 platforms × 5 commands).

local mode = os.getenv("MODE") or "fixed"
local count = tonumber(os.getenv("COUNT") or "1000000")
local pairs_ = {
  {"gitops", "version"}, {"check", "oidc-config"}, {"create", "dashboard"},
  {"get", "bcrypt-hash"}, {"delete", "terraform"},
}
local versions = {"0.35.0", "0.36.1", "0.37.0", "0.38.0", "0.38.1"}
local platforms = {{"linux", "amd64"}, {"linux", "arm64"}, {"darwin", "arm64"}, {"windows", "amd64"}}

function setup(thread)
  thread:set("seed", math.random(1, 2147483647))
end

function init(args)
  math.randomseed(seed or 1)
end

local function hex(digits)
  local s = ""
  for _ = 1, digits / 4 do
    s = s .. string.format("%04x", math.random(0, 65535))
  end
  return s
end

function request()
  local sig = hex(8) .. "-" .. hex(4) .. "-4" .. hex(4):sub(2) .. "-8" .. hex(4):sub(2) .. "-" .. hex(12)
  local version
  local p = pairs_[math.random(1, #pairs_)]
  local pl = platforms[math.random(1, #platforms)]
  if mode == "random" then
    version = string.format("%d.%d.%d", math.random(0, 999), math.random(0, 999), math.random(0, 999))
  else
    version = versions[math.random(1, #versions)]
  end
  return wrk.format("GET", string.format(
    "/v1/check/weave-gitops?arch=%s&flag_command=%s&flag_object=%s&os=%s&signature=%s&version=%s",
    pl[2], p[2], p[1], pl[1], sig, version))
end

local done = 0
function response(status, headers, body)
  done = done + 1
  if done >= count then
    wrk.thread:stop()
  end
end

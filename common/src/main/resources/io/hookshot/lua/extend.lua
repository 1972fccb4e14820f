--[[
  extend: renew the leases of jobs still being delivered, where the caller's token still matches.

  KEYS[1] active sorted set

  ARGV[1] prefix of the partition's keys
  ARGV[2] lease in ms, counted from now
  ARGV[3], ARGV[4], ...: job id, fencing token, job id, fencing token, ...

  Returns the ids whose lease is lost (reaped, or owned by another claim): their delivery's result will be stale.
  Safe to re-run: it only moves deadlines of matching leases forward.
]]
-- @include common

local activeKey = KEYS[1]
local prefix, leaseMs = ARGV[1], tonumber(ARGV[2])
local deadline = nowMs() + leaseMs
local lost = {}
for i = 3, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  if redis.call('HGET', prefix .. 'job:' .. id, 'token') == token and redis.call('ZSCORE', activeKey, id) then
    redis.call('ZADD', activeKey, 'XX', deadline, id)
  else
    table.insert(lost, id)
  end
end
return lost

-- Shared by every script: inserted by LuaScript where a script includes "common".
-- Key suffixes 'job:' and 'ready:' match RedisKeys.JOB and RedisKeys.READY.

-- Milliseconds since the epoch, from the Redis server clock: due times never depend on a worker's clock.
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Puts endpoint `ep` at the back of the ring if it has ready work and is not in the ring yet.
local function offerEndpoint(prefix, ringKey, ringSetKey, ep)
  if redis.call('LLEN', prefix .. 'ready:' .. ep) > 0 and redis.call('SADD', ringSetKey, ep) == 1 then
    redis.call('RPUSH', ringKey, ep)
  end
end

-- A leased job gives up its lease: out of `active`, its endpoint's in-flight count down by one, and the
-- endpoint offered again (it may have been dropped from the ring while at its concurrency cap).
local function releaseLease(prefix, activeKey, inflightKey, ringKey, ringSetKey, id, ep)
  redis.call('ZREM', activeKey, id)
  if redis.call('HINCRBY', inflightKey, ep, -1) <= 0 then
    redis.call('HDEL', inflightKey, ep)
  end
  offerEndpoint(prefix, ringKey, ringSetKey, ep)
end

-- Puts a job id back at the front of its endpoint's ready list (it was already due).
local function requeueFront(prefix, ringKey, ringSetKey, id, ep)
  redis.call('LPUSH', prefix .. 'ready:' .. ep, id)
  offerEndpoint(prefix, ringKey, ringSetKey, ep)
end

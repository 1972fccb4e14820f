-- Endpoint health, shared by claim and settle: the circuit breaker, pauses, adaptive concurrency and rate limits.
-- Per partition:
--   hash `health`, fields '<ep>|<x>':
--     f   consecutive failed attempts (timeouts, connect errors, 5xx, 429)
--     s   breaker state: 'open' (held; a probe is due at the pause's end) or 'half' (a probe may go out); absent: closed
--     o   when the breaker opened (ms, server clock)
--     i   the current probe interval (ms): 5 s, doubled at each failed probe up to 5 min
--     c   concurrency limit, below the cap; absent: the cap
--     r   successes counted toward raising c
--     ss  '1' while c doubles after the breaker closed (slow start); absent: c grows by one per RAISE_AFTER successes
--     p   paused until (ms): the endpoint's ready jobs wait, not attempted
--     t   the rate limit's theoretical arrival time (ms, GCRA)
--     l   requests per second it accepts (set by the worker's configuration); absent: the claim's default
--     d   '1' while the registry has it disabled (set by mirror_health, which then clears the breaker and the pause);
--         its breaker does not open again meanwhile: its messages end dead, unsent
--   sorted set `paused`: endpoint -> when its pause ends, so that claim offers it again then.
local PROBE_FIRST_MS, PROBE_MAX_MS, RAISE_AFTER = 5000, 300000, 10
local HEALTH_FIELDS = {'f', 's', 'o', 'i', 'c', 'r', 'ss', 'p', 't', 'l', 'd'}

-- The health of `ep` as a table of numbers and strings (nil where absent), and a copy to pass to writeHealth.
local function readHealth(healthKey, ep)
  local names = {}
  for k, name in ipairs(HEALTH_FIELDS) do
    names[k] = ep .. '|' .. name
  end
  local values = redis.call('HMGET', healthKey, unpack(names))
  local h, before = {}, {}
  for k, name in ipairs(HEALTH_FIELDS) do
    local v = values[k]
    if v and name ~= 's' and name ~= 'ss' and name ~= 'd' then
      v = tonumber(v)
    end
    h[name], before[name] = v or nil, v or nil
  end
  return h, before
end

-- Writes back the fields of `h` that differ from `before`.
local function writeHealth(healthKey, ep, before, h)
  local set, del = {}, {}
  for _, name in ipairs(HEALTH_FIELDS) do
    if h[name] ~= before[name] then
      if h[name] == nil then
        table.insert(del, ep .. '|' .. name)
      else
        table.insert(set, ep .. '|' .. name)
        table.insert(set, h[name])
      end
    end
  end
  if #set > 0 then
    redis.call('HSET', healthKey, unpack(set))
  end
  if #del > 0 then
    redis.call('HDEL', healthKey, unpack(del))
  end
end

-- Holds `ep` until `untilMs` (a later pause wins): in `h` (written by writeHealth) and in the paused set.
local function pauseUntil(pausedKey, ep, h, untilMs)
  if (h.p or 0) < untilMs then
    h.p = untilMs
    redis.call('ZADD', pausedKey, untilMs, ep)
  end
end

-- The breaker holds an open endpoint's jobs until `maxHoldMs` after it opened; then they go on with their schedule.
local function holding(h, now, maxHoldMs)
  return h.s ~= nil and now - (h.o or now) < maxHoldMs
end

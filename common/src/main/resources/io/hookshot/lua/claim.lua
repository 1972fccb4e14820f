--[[
  claim: promote due delayed jobs, offer again the endpoints whose pause ended, then lease up to N ready jobs, one
  endpoint at a time round-robin, skipping endpoints at their concurrency limit, held (paused, or their breaker open)
  or over their rate limit (see include/health.lua for each endpoint's health fields).

  KEYS[1] ring list              KEYS[2] ring set
  KEYS[3] delayed sorted set     KEYS[4] active sorted set
  KEYS[5] inflight hash          KEYS[6] claim memo (this claim id's result)
  KEYS[7] health hash            KEYS[8] paused sorted set

  ARGV[1] prefix of the partition's keys
  ARGV[2] most jobs to lease (N >= 1)
  ARGV[3] lease in ms
  ARGV[4] per-endpoint cap on jobs in flight
  ARGV[5] claim id (unique per call; each job's fencing token is '<claim id>.<index>')
  ARGV[6] most delayed jobs to promote in this call
  ARGV[7] requests per second of an endpoint without a limit of its own (0: no limit)
  ARGV[8] how long, in ms, an open breaker holds its endpoint's jobs

  Returns {next, limited, id1, token1, attempt1, fails1, data1, id2, ...}
    next: 0 when more jobs are ready now; else ms until the earliest delayed job is due or paused endpoint resumes;
      -1 when there is neither.
    limited: ready jobs this call left ready because their endpoint was over its rate limit (0 for a re-run).
    attempt: this attempt's number (1 for the first, counting stalled ones);
    fails: how many earlier attempts failed (settled as retrying), which picks the next delay of the schedule.
  Safe to re-run: a second run with the same claim id returns the jobs the first one leased and leases no more.

  Each leased job's hash keeps the lease's fencing token ('token') and when it was claimed ('claimed', as
  '<attempt>:<epoch ms>', server clock), so that a reaper can record the stalled attempt from its start.

  Endpoint health: a paused endpoint leaves the ring until `paused` offers it again. An endpoint whose breaker is
  open gets one job at a time (the probe; state 'half') until settle closes or reopens it. A rate limit is a GCRA
  with a burst of a tenth of a second's requests (at least one); an endpoint over it is paused until its next slot.
]]
-- @include common
-- @include health

local ringKey, ringSetKey, delayedKey, activeKey, inflightKey, memoKey, healthKey, pausedKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local prefix, maxJobs, leaseMs, cap = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local claimId, promoteLimit, defaultRate, maxHoldMs = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
if not (maxJobs and maxJobs >= 1 and leaseMs and leaseMs >= 1 and cap and promoteLimit and defaultRate
    and defaultRate >= 0 and maxHoldMs) then
  return redis.error_reply('claim: max jobs and lease must be at least 1; cap, promote limit, default rate (>= 0) '
    .. 'and hold time numbers')
end

local now = nowMs()

local function nextDue()
  if redis.call('LLEN', ringKey) > 0 then
    return 0
  end
  local soonest = -1
  for _, key in ipairs({delayedKey, pausedKey}) do
    local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
    if first[1] then
      local wait = math.max(0, tonumber(first[2]) - now)
      soonest = soonest < 0 and wait or math.min(soonest, wait)
    end
  end
  return soonest
end

local out = {0, 0}
local memo = redis.call('GET', memoKey)
if memo then
  local i = 0
  for id in string.gmatch(memo, '%S+') do
    i = i + 1
    local token = claimId .. '.' .. i
    local job = redis.call('HMGET', prefix .. 'job:' .. id, 'token', 'att', 'fails', 'data')
    if job[1] == token then
      table.insert(out, id); table.insert(out, token); table.insert(out, tonumber(job[2]))
      table.insert(out, tonumber(job[3])); table.insert(out, job[4])
    end
  end
  out[1] = nextDue()
  return out
end

local due = redis.call('ZRANGEBYSCORE', delayedKey, '-inf', now, 'LIMIT', 0, promoteLimit)
for _, id in ipairs(due) do
  redis.call('ZREM', delayedKey, id)
  local ep = redis.call('HGET', prefix .. 'job:' .. id, 'ep')
  if ep then
    redis.call('RPUSH', prefix .. 'ready:' .. ep, id)
    offerEndpoint(prefix, ringKey, ringSetKey, ep)
  end
end

for _, ep in ipairs(redis.call('ZRANGEBYSCORE', pausedKey, '-inf', now)) do
  redis.call('ZREM', pausedKey, ep)
  redis.call('HDEL', healthKey, ep .. '|p')
  offerEndpoint(prefix, ringKey, ringSetKey, ep)
end

-- Each visit to an endpoint leases up to its share of this call (all of it when only one endpoint is ready), so a
-- busy endpoint costs one LPOP per visit rather than one per job, and endpoints still alternate at least once per
-- call each.
local claimed = {}
local limited = 0
local ringLength = redis.call('LLEN', ringKey)
local share = math.max(1, math.ceil(maxJobs / math.max(1, ringLength)))
local budget = maxJobs + ringLength
while #claimed < maxJobs and budget > 0 do
  budget = budget - 1
  local ep = redis.call('LPOP', ringKey)
  if not ep then
    break
  end
  local readyKey = prefix .. 'ready:' .. ep
  local inflight = tonumber(redis.call('HGET', inflightKey, ep) or '0')
  local h, before = readHealth(healthKey, ep)
  local paused = h.p ~= nil and h.p > now
  local limit = math.min(cap, h.c or cap)
  if holding(h, now, maxHoldMs) then
    limit = 1
    if not paused then
      h.s = 'half'
    end
  end
  local take = paused and 0 or math.min(limit - inflight, maxJobs - #claimed, share)
  local rate = h.l or defaultRate
  local interval, tolerance = 0, 0
  if take > 0 and rate > 0 then
    interval = 1000 / rate
    tolerance = interval * (math.max(1, math.floor(rate / 10)) - 1)
    local start = math.max(h.t or now, now)
    local allowed = math.floor((now + tolerance - start) / interval) + 1
    if allowed < 1 then
      pauseUntil(pausedKey, ep, h, math.ceil(start - tolerance))
    end
    if allowed < take then
      limited = limited + math.max(0, math.min(take, redis.call('LLEN', readyKey)) - math.max(0, allowed))
    end
    take = math.min(take, allowed)
  end
  local ids = take > 0 and redis.call('LPOP', readyKey, take) or false
  local leased = 0
  for _, id in ipairs(ids or {}) do
    local jobKey = prefix .. 'job:' .. id
    local job = redis.call('HMGET', jobKey, 'att', 'fails', 'data')
    -- A job hash that is gone is not a job any more: never lease (or re-create) it.
    if job[3] then
      local attempt = tonumber(job[1] or '0') + 1
      local token = claimId .. '.' .. (#claimed + 1)
      redis.call('HSET', jobKey, 'att', attempt, 'token', token, 'claimed', attempt .. ':' .. now)
      redis.call('ZADD', activeKey, now + leaseMs, id)
      leased = leased + 1
      table.insert(claimed, id)
      table.insert(out, id); table.insert(out, token); table.insert(out, attempt)
      table.insert(out, tonumber(job[2])); table.insert(out, job[3])
    end
  end
  if leased > 0 then
    inflight = redis.call('HINCRBY', inflightKey, ep, leased)
    if interval > 0 then
      h.t = math.max(h.t or now, now) + leased * interval
    end
  end
  writeHealth(healthKey, ep, before, h)
  -- Back of the ring if it can take more now; otherwise out until a lease ends (releaseLease offers it again) or its
  -- pause ends (the paused set offers it again).
  if inflight < limit and not (h.p ~= nil and h.p > now) and redis.call('LLEN', readyKey) > 0 then
    redis.call('RPUSH', ringKey, ep)
  else
    redis.call('SREM', ringSetKey, ep)
  end
end

if #claimed > 0 then
  redis.call('SET', memoKey, table.concat(claimed, ' '), 'PX', leaseMs)
end
out[1] = nextDue()
out[2] = limited
return out

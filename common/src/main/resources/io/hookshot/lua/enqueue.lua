--[[
  enqueue: store jobs of one partition, each ready now or delayed until it is due. One call carries one job (send) or
  many (sendAll, cut per partition into calls of at most EnqueueLayout.MAX_JOBS_PER_CALL): what does not depend on a
  job (TIME, the wake hint) is done once per call. Jobs are taken in order, so a job id or idempotency key given twice
  in one call is stored once, as in two calls.

  KEYS[1] ring list               KEYS[2] ring set
  KEYS[3] delayed sorted set      KEYS[4] outbox stream

  ARGV[1] prefix of the partition's keys
  ARGV[2] wake channel (pub/sub hint for idle workers)
  ARGV[3] idempotency window in ms (>= 1 when a job has an idempotency key)
  ARGV[4..] one group of ten per job:
    job id, endpoint key, encoded job,
    delay in ms (>= 0), counted from the server clock,
    due time, epoch ms, or '' (when given, the job is due at the later of it and now),
    idempotency key, or '',
    url, created (epoch ms),
    a fan-out message's event origin, 'event id|endpoint id|tenant|event type', or '' (added to its 'accepted'
      record as the fields evt, ep, tenant and etype: Outbox.EVENT_ID, ENDPOINT_ID, TENANT, EVENT_TYPE),
    an outcome request, '<keep ms> <channel>' (OutcomeRequest), or '': stored in the job hash's 'notify' field for
      the script that settles it (see include/outcome.lua); a job already stored (code 0 below) that still exists
      takes the request too, so its producer hears of it
  A job's own keys are derived from the prefix: its hash prefix..'job:'..id, its endpoint's ready list
  prefix..'ready:'..endpoint, its idempotency key prefix..'idem:'..endpoint..'|'..key.

  Returns two values per job, in order:
     1, id           enqueued;
     0, existing id  nothing done: the job id was seen before (that id), or the idempotency key within its window (the
                     id first sent with it), in an earlier call or earlier in this one;
    -1, error        nothing of this job written: Redis refused its idempotency key or its ready list or the delayed
                     set (a key of the wrong type); the other jobs of the call are done.
  A malformed call (argument count, delay, due time, window) is an error reply, and nothing is written.
  Safe to re-run: a second run finds every job and returns {0, id} for each.

  Outbox: one 'accepted' record per job enqueued. Pub/sub: at most one hint per call, when a job made an endpoint
  ready that was not, or a delayed job of this call is now the first due.
]]
-- @include common

local ringKey, ringSetKey, delayedKey, outboxKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local prefix, channel, idemWindow = ARGV[1], ARGV[2], tonumber(ARGV[3])
local GROUP, FIRST = 10, 4

-- Check every argument before changing anything: Redis does not roll a script back when it fails midway.
if #ARGV < FIRST - 1 + GROUP or (#ARGV - FIRST + 1) % GROUP ~= 0 then
  return redis.error_reply('enqueue: need 3 arguments and groups of ' .. GROUP .. ' per job, got ' .. #ARGV)
end
for i = FIRST, #ARGV, GROUP do
  local delay, dueAt = tonumber(ARGV[i + 3]), ARGV[i + 4]
  if delay == nil or delay < 0 or (dueAt ~= '' and tonumber(dueAt) == nil) then
    return redis.error_reply('enqueue: malformed delay or due time of job ' .. ARGV[i])
  end
  if ARGV[i + 5] ~= '' and not (idemWindow and idemWindow >= 1) then
    return redis.error_reply('enqueue: job ' .. ARGV[i] .. ' has an idempotency key but the window is not >= 1 ms')
  end
end

-- A refused command answers for its job alone (see Returns); any other error stops the call.
local function refused(reply)
  return type(reply) == 'table' and reply.err
end

-- A job stored before takes the outcome request `request` ('' for none) while it still exists.
local function awaitStored(id, request)
  local key = prefix .. 'job:' .. id
  if request ~= '' and redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'notify', request)
  end
end

local now = nowMs()
local reply, n = {}, 0
local offered = {} -- endpoints this call found in the ring set or put there
local delayedIds = {} -- jobs this call put in the delayed set
local wake = false
for i = FIRST, #ARGV, GROUP do
  local id, ep, data, delay, dueAt, idem = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local jobKey = prefix .. 'job:' .. id
  local idemKey = idem ~= '' and (prefix .. 'idem:' .. ep .. '|' .. idem)
  local code, answer = 1, id
  local existing = idemKey and redis.pcall('GET', idemKey)
  if refused(existing) then
    code, answer = -1, existing.err
  elseif existing then
    code, answer = 0, existing
    awaitStored(existing, ARGV[i + 9])
  elseif redis.call('EXISTS', jobKey) == 1 then
    code = 0
    awaitStored(id, ARGV[i + 9])
  else
    local due = now + tonumber(delay)
    if dueAt ~= '' then
      due = math.max(now, tonumber(dueAt))
    end
    -- The state change first: if Redis refuses it, nothing of the job has been written.
    local placed
    if due <= now then
      placed = redis.pcall('RPUSH', prefix .. 'ready:' .. ep, id)
      if not refused(placed) and not offered[ep] then
        offered[ep] = true
        if redis.call('SADD', ringSetKey, ep) == 1 then
          redis.call('RPUSH', ringKey, ep)
          wake = true
        end
      end
    else
      placed = redis.pcall('ZADD', delayedKey, due, id)
      delayedIds[id] = not refused(placed) or nil
    end
    if refused(placed) then
      code, answer = -1, placed.err
    else
      if ARGV[i + 9] == '' then
        redis.call('HSET', jobKey, 'data', data, 'ep', ep, 'att', 0, 'fails', 0, 'stalls', 0, 'created', ARGV[i + 7])
      else
        redis.call('HSET', jobKey, 'data', data, 'ep', ep, 'att', 0, 'fails', 0, 'stalls', 0, 'created', ARGV[i + 7],
          'notify', ARGV[i + 9])
      end
      if idemKey then
        redis.call('SET', idemKey, id, 'PX', idemWindow)
      end
      local evt, epId, tenant, etype = string.match(ARGV[i + 8], '^([^|]+)|([^|]+)|([^|]+)|([^|]+)$')
      if evt then
        redis.call('XADD', outboxKey, '*', 't', 'accepted', 'id', id, 'url', ARGV[i + 6], 'created', ARGV[i + 7],
          'due', due, 'at', now, 'evt', evt, 'ep', epId, 'tenant', tenant, 'etype', etype)
      else
        redis.call('XADD', outboxKey, '*', 't', 'accepted', 'id', id, 'url', ARGV[i + 6], 'created', ARGV[i + 7],
          'due', due, 'at', now)
      end
    end
  end
  reply[n + 1], reply[n + 2] = code, answer
  n = n + 2
end

if not wake and next(delayedIds) then
  wake = delayedIds[redis.call('ZRANGE', delayedKey, 0, 0)[1]] == true
end
if wake then
  redis.call('PUBLISH', channel, prefix)
end
return reply

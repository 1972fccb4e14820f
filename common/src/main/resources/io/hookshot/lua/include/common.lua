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

-- A leased job gives up its lease: its fencing token and claim time cleared, out of `active`, its endpoint's
-- in-flight count down by one, and the endpoint offered again (it may have been dropped from the ring while at its
-- concurrency cap).
local function releaseLease(prefix, activeKey, inflightKey, ringKey, ringSetKey, id, ep)
  redis.call('HDEL', prefix .. 'job:' .. id, 'token', 'claimed')
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

-- When the lease of attempt `attempt` was claimed (epoch ms, server clock), from the job's 'claimed' field, which
-- claim sets to '<attempt>:<epoch ms>'. nil when the lease was taken by a worker that did not store it, or when the
-- field was left by an earlier attempt.
local function claimedAt(claimed, attempt)
  if claimed then
    local n, ms = string.match(claimed, '^(%d+):(%d+)$')
    if n == attempt then
      return ms
    end
  end
  return nil
end

-- The message's creation time (epoch ms, producer clock) that its outbox records carry as 'created' (the history's
-- partition key, hookshot_message.created_at): `created`, the job hash's 'created' field, which enqueue and replay
-- store; for a job stored by an older producer, the last field of its encoded job (JobCodec writes "created" last);
-- '' when neither is there.
local function createdOf(jobKey, created)
  if created then
    return created
  end
  local data = redis.call('HGET', jobKey, 'data')
  return data and string.match(data, '"created":(%d+)}$') or ''
end

-- Appends a 'stalled' outbox record of attempt `attempt` of job `id`, created at `created` (see createdOf): the claim
-- time when it is known, then `fields` (name, value, ...).
local function addStalledRecord(outboxKey, id, attempt, created, claimed, fields)
  local record = {'t', 'stalled', 'id', id, 'n', attempt, 'created', created}
  if claimed then
    table.insert(record, 'claimed')
    table.insert(record, claimed)
  end
  for _, value in ipairs(fields) do
    table.insert(record, value)
  end
  redis.call('XADD', outboxKey, '*', unpack(record))
end

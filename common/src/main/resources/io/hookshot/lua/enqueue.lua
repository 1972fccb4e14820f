--[[
  enqueue: store one job and make it ready now, or delayed until it is due.

  KEYS[1] job hash                KEYS[2] ready list of the job's endpoint
  KEYS[3] ring list               KEYS[4] ring set
  KEYS[5] delayed sorted set      KEYS[6] outbox stream
  KEYS[7] idempotency key of (endpoint, key) (not touched when ARGV[6] is '')

  ARGV[1] job id                  ARGV[2] endpoint key
  ARGV[3] encoded job             ARGV[4] delay in ms (>= 0), counted from the server clock
  ARGV[5] due time, epoch ms, or '' (when given, the job is due at the later of it and now)
  ARGV[6] idempotency key, or ''  ARGV[7] idempotency window in ms
  ARGV[8] url                     ARGV[9] created, epoch ms
  ARGV[10] prefix of the partition's keys
  ARGV[11] wake channel (pub/sub hint for idle workers)
  ARGV[12..] more fields of the 'accepted' record, name then value (a fan-out message's event origin), or none

  Returns {1, id} when the job was enqueued;
          {0, existing id} when nothing was done: the job id, or the idempotency key within its window, was
          seen before. Safe to re-run: a second run finds the job and returns {0, id}.

  Outbox: one 'accepted' record.
]]
-- @include common

local jobKey, readyKey, ringKey, ringSetKey, delayedKey, outboxKey, idemKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id, ep, data = ARGV[1], ARGV[2], ARGV[3]
local delay, dueAt, idem, idemWindow = tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7]
local prefix, channel = ARGV[10], ARGV[11]

if idem ~= '' then
  local existing = redis.call('GET', idemKey)
  if existing then
    return {0, existing}
  end
end
if redis.call('EXISTS', jobKey) == 1 then
  return {0, id}
end

local now = nowMs()
local due = now + delay
if dueAt ~= '' then
  due = math.max(now, tonumber(dueAt))
end

-- The state change first: if it fails (a key of the wrong type), nothing at all has been written.
local wake = false
if due <= now then
  redis.call('RPUSH', readyKey, id)
  if redis.call('SADD', ringSetKey, ep) == 1 then
    redis.call('RPUSH', ringKey, ep)
    wake = true
  end
else
  redis.call('ZADD', delayedKey, due, id)
  local first = redis.call('ZRANGE', delayedKey, 0, 0)
  wake = first[1] == id
end

redis.call('HSET', jobKey, 'data', data, 'ep', ep, 'att', 0, 'fails', 0, 'stalls', 0)
if idem ~= '' then
  redis.call('SET', idemKey, id, 'PX', idemWindow)
end
redis.call('XADD', outboxKey, '*', 't', 'accepted', 'id', id, 'url', ARGV[8], 'created', ARGV[9], 'due', due,
  'at', now, unpack(ARGV, 12))
if wake then
  redis.call('PUBLISH', channel, prefix)
end
return {1, id}

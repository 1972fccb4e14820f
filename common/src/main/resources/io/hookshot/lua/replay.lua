--[[
  replay: put a dead job back on its queue, ready now, its attempt numbering continuing after the dead series.
  Run by the worker's DeadLetterReplayer once Postgres holds the job in the dead-letter archive.

  KEYS[1] job hash                KEYS[2] ready list of the job's endpoint
  KEYS[3] ring list               KEYS[4] ring set
  KEYS[5] dead sorted set         KEYS[6] outbox stream

  ARGV[1] job id                  ARGV[2] endpoint key
  ARGV[3] encoded job             ARGV[4] attempts made so far (the next attempt is numbered one more)
  ARGV[5] url                     ARGV[6] created, epoch ms
  ARGV[7] prefix of the partition's keys
  ARGV[8] wake channel (pub/sub hint for idle workers)

  Returns {1, id} when the job was made ready: it was absent, or dead and awaiting archive (it leaves the dead set,
          so the exporter's later 'archive' of it finds nothing to remove);
          {0, id} when nothing was done: the job is live in this partition (ready, delayed or leased), so a replay
          would deliver it twice.
  Safe to re-run: a second run finds the job live and returns {0, id}.

  Outbox: one 'accepted' record (which leaves a known message's history row as it is).
]]
-- @include common

local jobKey, readyKey, ringKey, ringSetKey, deadKey, outboxKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local id, ep, data, attempts = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local prefix, channel = ARGV[7], ARGV[8]
if not (attempts and attempts >= 0) then
  return redis.error_reply('replay: attempts must be a number >= 0')
end

if redis.call('EXISTS', jobKey) == 1 then
  if redis.call('ZREM', deadKey, id) == 0 then
    return {0, id}
  end
  redis.call('DEL', jobKey)
end

local now = nowMs()
redis.call('RPUSH', readyKey, id)
local wake = false
if redis.call('SADD', ringSetKey, ep) == 1 then
  redis.call('RPUSH', ringKey, ep)
  wake = true
end
redis.call('HSET', jobKey, 'data', data, 'ep', ep, 'att', attempts, 'fails', 0, 'stalls', 0, 'created', ARGV[6])
redis.call('XADD', outboxKey, '*', 't', 'accepted', 'id', id, 'url', ARGV[5], 'created', ARGV[6], 'due', now,
  'at', now)
if wake then
  redis.call('PUBLISH', channel, prefix)
end
return {1, id}

--[[
  settle: record the outcome of one attempt, if the caller still holds the job's lease.
  One script for the three outcomes (instead of complete/retry/kill) so the lease check and release live once.

  KEYS[1] job hash               KEYS[2] active sorted set
  KEYS[3] inflight hash          KEYS[4] ring list
  KEYS[5] ring set               KEYS[6] delayed sorted set
  KEYS[7] dead sorted set        KEYS[8] outbox stream
  KEYS[9] settle memo (marks this fencing token settled)

  ARGV[1] prefix of the partition's keys
  ARGV[2] job id                 ARGV[3] fencing token from claim
  ARGV[4] outcome: 'delivered' (job deleted), 'retrying' (due again after ARGV[5]) or 'dead' (kept for archiving)
  ARGV[5] retry delay in ms (retrying only)
  ARGV[6] the attempt's details, JSON (copied into the outbox)
  ARGV[7] reason (dead only)
  ARGV[8] how long the memo lasts, in ms (>= 1)

  Returns  1: settled, by this run or, within the memo's life, by an earlier run with the same token.
           0: stale: the token does not match (the lease expired and the job was reaped); nothing changed.
          -1: the job no longer exists (delivered already); nothing changed.
  Safe to re-run: the first run clears the token and sets the memo, so a second changes nothing and returns 1 (0 or -1
  once the memo has expired).

  Outbox: one 'attempt' record with the outcome (and 'due' for a retry, 'reason' and 'job' for a dead job).
]]
-- @include common

local jobKey, activeKey, inflightKey, ringKey, ringSetKey, delayedKey, deadKey, outboxKey, memoKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local prefix, id, token, outcome = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local delayMs, data, reason, memoMs = tonumber(ARGV[5]), ARGV[6], ARGV[7], tonumber(ARGV[8])

-- Check every argument before changing anything: Redis does not roll a script back when it fails midway.
if outcome ~= 'delivered' and outcome ~= 'retrying' and outcome ~= 'dead' then
  return redis.error_reply('settle: unknown outcome ' .. tostring(outcome))
end
local badDelay = outcome == 'retrying' and (delayMs == nil or delayMs < 0)
if data == nil or badDelay or (outcome == 'dead' and reason == nil) or not (memoMs and memoMs >= 1) then
  return redis.error_reply('settle: missing or malformed arguments for outcome ' .. outcome)
end

local job = redis.call('HMGET', jobKey, 'token', 'ep', 'att')
if not job[2] or job[1] ~= token or not redis.call('ZSCORE', activeKey, id) then
  if redis.call('EXISTS', memoKey) == 1 then
    return 1
  end
  return job[2] and 0 or -1
end
local ep, attempt = job[2], job[3]
local now = nowMs()
redis.call('SET', memoKey, '1', 'PX', memoMs)

releaseLease(prefix, activeKey, inflightKey, ringKey, ringSetKey, id, ep)

if outcome == 'delivered' then
  redis.call('DEL', jobKey)
  redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'outcome', outcome, 'data', data,
    'at', now)
elseif outcome == 'retrying' then
  redis.call('HINCRBY', jobKey, 'fails', 1)
  local due = now + delayMs
  if due <= now then
    redis.call('RPUSH', prefix .. 'ready:' .. ep, id)
    offerEndpoint(prefix, ringKey, ringSetKey, ep)
  else
    redis.call('ZADD', delayedKey, due, id)
  end
  redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'outcome', outcome, 'data', data,
    'due', due, 'at', now)
else
  redis.call('ZADD', deadKey, now, id)
  redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'outcome', outcome, 'data', data,
    'reason', reason, 'job', redis.call('HGET', jobKey, 'data'), 'at', now)
end
return 1

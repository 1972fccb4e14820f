--[[
  settle: record the outcomes of attempts of one partition, each only if the caller still holds the job's lease.
  One call for many settlements (the worker sends what finished since its last call), and one script for the three
  outcomes (instead of complete/retry/kill) so the lease check and release live once.

  KEYS[1] active sorted set      KEYS[2] inflight hash
  KEYS[3] ring list              KEYS[4] ring set
  KEYS[5] delayed sorted set     KEYS[6] dead sorted set
  KEYS[7] outbox stream          KEYS[8] settle memo of this call (named for its first fencing token)

  ARGV[1] prefix of the partition's keys
  ARGV[2] how long the memo lasts, in ms (>= 1)
  ARGV[3..] one group of six per settlement:
    job id, fencing token from claim,
    outcome: 'delivered' (job deleted), 'retrying' (due again after the delay) or 'dead' (kept for archiving),
    retry delay in ms (retrying only; else any number),
    the attempt's details, JSON (copied into the outbox),
    reason (dead only; else '')

  Returns one code per settlement, in order:
     1: settled, by this call or, within the memo's life, by an earlier call with the same token in the memo.
     0: stale: the token does not match (the lease expired and the job was reaped); nothing changed.
    -1: the job no longer exists (delivered already); nothing changed.
  Safe to re-run: the first run clears each token and writes the memo (token=code for each settlement), so a second
  run with the same arguments changes nothing and returns the same codes (0 or -1 once the memo has expired). A token
  twice in one call is settled once and answered 1 both times.

  Outbox: one 'attempt' record per settlement with the outcome (and 'due' for a retry, 'reason' and 'job' for a dead
  job).
]]
-- @include common

local activeKey, inflightKey, ringKey, ringSetKey, delayedKey, deadKey, outboxKey, memoKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local prefix, memoMs = ARGV[1], tonumber(ARGV[2])
local GROUP = 6

-- Check every argument before changing anything: Redis does not roll a script back when it fails midway.
if not (memoMs and memoMs >= 1) or #ARGV < 2 + GROUP or (#ARGV - 2) % GROUP ~= 0 then
  return redis.error_reply('settle: need a memo time >= 1 ms and groups of ' .. GROUP .. ' arguments')
end
for i = 3, #ARGV, GROUP do
  local outcome, delayMs = ARGV[i + 2], tonumber(ARGV[i + 3])
  if outcome ~= 'delivered' and outcome ~= 'retrying' and outcome ~= 'dead' then
    return redis.error_reply('settle: unknown outcome ' .. tostring(outcome))
  end
  if outcome == 'retrying' and (delayMs == nil or delayMs < 0) then
    return redis.error_reply('settle: malformed retry delay for outcome ' .. outcome)
  end
end

local memo = {}
local earlier = redis.call('GET', memoKey)
if earlier then
  for token, code in string.gmatch(earlier, '(%S+)=(%S+)') do
    memo[token] = tonumber(code)
  end
end

local now = nowMs()
local released = {} -- endpoint -> leases of it released by this call
local codes, written = {}, {}
for i = 3, #ARGV, GROUP do
  local id, token, outcome, delayMs, data, reason =
    ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 4], ARGV[i + 5]
  local jobKey = prefix .. 'job:' .. id
  local code = memo[token]
  if not code then
    local job = redis.call('HMGET', jobKey, 'token', 'ep', 'att')
    if not job[2] then
      code = -1
    elseif job[1] ~= token or not redis.call('ZSCORE', activeKey, id) then
      code = 0
    else
      code = 1
      local ep, attempt = job[2], job[3]
      redis.call('ZREM', activeKey, id)
      released[ep] = (released[ep] or 0) + 1
      if outcome == 'delivered' then
        redis.call('DEL', jobKey)
        redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'outcome', outcome, 'data', data,
          'at', now)
      elseif outcome == 'retrying' then
        redis.call('HDEL', jobKey, 'token', 'claimed')
        redis.call('HINCRBY', jobKey, 'fails', 1)
        local due = now + delayMs
        if due <= now then
          redis.call('RPUSH', prefix .. 'ready:' .. ep, id)
        else
          redis.call('ZADD', delayedKey, due, id)
        end
        redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'outcome', outcome, 'data', data,
          'due', due, 'at', now)
      else
        redis.call('HDEL', jobKey, 'token', 'claimed')
        redis.call('ZADD', deadKey, now, id)
        redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'outcome', outcome, 'data', data,
          'reason', reason, 'job', redis.call('HGET', jobKey, 'data'), 'at', now)
      end
      memo[token] = code
    end
  end
  table.insert(codes, code)
  table.insert(written, token .. '=' .. code)
end

-- The released leases, per endpoint: in-flight counts down, and the endpoint offered again (it may have left the
-- ring while at its concurrency cap, or have a retry ready now).
for ep, count in pairs(released) do
  if redis.call('HINCRBY', inflightKey, ep, -count) <= 0 then
    redis.call('HDEL', inflightKey, ep)
  end
  offerEndpoint(prefix, ringKey, ringSetKey, ep)
end
if not earlier then
  redis.call('SET', memoKey, table.concat(written, ' '), 'PX', memoMs)
end
return codes

--[[
  settle: record the outcomes of attempts of one partition, each only if the caller still holds the job's lease.
  One call for many settlements (the worker sends what finished since its last call), and one script for the three
  outcomes (instead of complete/retry/kill) so the lease check and release live once.

  KEYS[1] active sorted set      KEYS[2] inflight hash
  KEYS[3] ring list              KEYS[4] ring set
  KEYS[5] delayed sorted set     KEYS[6] dead sorted set
  KEYS[7] outbox stream          KEYS[8] settle memo of this call (named for its first fencing token)
  KEYS[9] health hash            KEYS[10] paused sorted set
  KEYS[11] ops stream (operational events, see include/ops.lua)

  ARGV[1] prefix of the partition's keys
  ARGV[2] how long the memo lasts, in ms (>= 1)
  ARGV[3] consecutive failed attempts that open an endpoint's breaker (>= 1)
  ARGV[4] how long, in ms, an open breaker holds its endpoint's jobs
  ARGV[5] per-endpoint cap on jobs in flight (the most an adaptive concurrency limit grows to)
  ARGV[6] '' when operational webhooks are off; else the endpoint key of the operational webhook's URL, whose own
    breaker transitions and dead messages are never recorded (no loops)
  ARGV[7..] one group of eight per settlement:
    job id, fencing token from claim,
    outcome: 'delivered' (job deleted), 'retrying' (due again after the delay) or 'dead' (kept for archiving),
    retry delay in ms (retrying only; else any number),
    the attempt's details, JSON (copied into the outbox),
    reason (dead only; else ''),
    what the attempt says of the endpoint's health: 'ok' (2xx), 'fail' (connect error, 5xx), 'busy' (429 or a
      timeout: a failure that also halves its concurrency limit) or 'none' (anything else),
    ms to pause the whole endpoint for (a Retry-After on a 429 or 503; else 0)

  Returns one code per settlement, in order:
     1: settled, by this call or, within the memo's life, by an earlier call with the same token in the memo.
     0: stale: the token does not match (the lease expired and the job was reaped); nothing changed.
    -1: the job no longer exists (delivered already); nothing changed.
  Safe to re-run: the first run clears each token and writes the memo (token=code for each settlement), so a second
  run with the same arguments changes nothing and returns the same codes (0 or -1 once the memo has expired). A token
  twice in one call is settled once and answered 1 both times.

  Outbox: one 'attempt' record per settlement with the message's creation time ('created', see include/common.lua's
  createdOf) and the outcome (and 'due' for a retry, 'reason' and 'job' for a dead job).

  Endpoint health (see include/health.lua), from the settlements this call made, in order: 'ok' resets the failure
  count, closes an open breaker (then the concurrency limit starts at 1 and doubles per limit's worth of successes:
  slow start) and otherwise raises a lowered limit by one per RAISE_AFTER successes. 'fail' and 'busy' count a
  failure; the breaker opens at the threshold (pausing the endpoint for the first probe interval), a failed probe
  reopens it with the interval doubled. While the breaker has held longer than ARGV[4] it pauses nothing.

  Operational events (only when ARGV[6] is not ''): the settlement that opens a breaker appends an
  'endpoint.circuit_opened' record (fields id: the job, failures, data: the attempt's details), the one that closes it
  an 'endpoint.circuit_closed' record (since: when it opened), and a dead outcome a 'message.dead' record (id, n:
  the attempt, reason, data) to the ops stream, in this call's atomic step, so each happens once across all workers.

  Outcomes (see include/outcome.lua): a job a producer awaits (its hash has a 'notify' field) that is delivered or
  dead gets its outcome record and notification here, in the same atomic step: once, whichever worker settles it.
]]
-- @include common
-- @include health
-- @include ops
-- @include outcome

local activeKey, inflightKey, ringKey, ringSetKey, delayedKey, deadKey, outboxKey, memoKey, healthKey, pausedKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local opsKey = KEYS[11]
local prefix, memoMs, threshold, maxHoldMs, cap, opsEp =
  ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local FIRST, GROUP = 7, 8
local SIGNALS = {ok = true, fail = true, busy = true, none = true}

-- Check every argument before changing anything: Redis does not roll a script back when it fails midway.
if not (memoMs and memoMs >= 1 and threshold and threshold >= 1 and maxHoldMs and cap and cap >= 1)
    or #ARGV < FIRST - 1 + GROUP or (#ARGV - FIRST + 1) % GROUP ~= 0 then
  return redis.error_reply('settle: need a memo time >= 1 ms, a breaker threshold >= 1, a hold time, a cap >= 1 '
    .. 'and groups of ' .. GROUP .. ' arguments')
end
for i = FIRST, #ARGV, GROUP do
  local outcome, delayMs, signal, pauseMs = ARGV[i + 2], tonumber(ARGV[i + 3]), ARGV[i + 6], tonumber(ARGV[i + 7])
  if outcome ~= 'delivered' and outcome ~= 'retrying' and outcome ~= 'dead' then
    return redis.error_reply('settle: unknown outcome ' .. tostring(outcome))
  end
  if outcome == 'retrying' and (delayMs == nil or delayMs < 0) then
    return redis.error_reply('settle: malformed retry delay for outcome ' .. outcome)
  end
  if not SIGNALS[signal] or not (pauseMs and pauseMs >= 0) then
    return redis.error_reply('settle: unknown health signal ' .. tostring(signal) .. ' or malformed pause')
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
local healths = {} -- endpoint -> {health, as read}, for the endpoints this call settled attempts of

-- Whether operational events of endpoint `ep` are recorded: when they are on, and never for the operational webhook's.
local function notifies(ep)
  return opsEp ~= '' and ep ~= opsEp
end

-- Applies what attempt `data` of job `id` says of endpoint `ep` to its health (written once per endpoint at the end).
local function observe(ep, signal, pauseMs, id, data)
  if not healths[ep] then
    healths[ep] = {readHealth(healthKey, ep)}
  end
  local h = healths[ep][1]
  if signal == 'ok' then
    h.f = nil
    if h.s then
      if notifies(ep) then
        addOpsRecord(opsKey, 'endpoint.circuit_closed', {'ep', ep, 'tenant',
          tenantOfJob(redis.call('HGET', prefix .. 'job:' .. id, 'data')), 'at', now, 'since', h.o or ''})
      end
      h.s, h.o, h.i, h.p, h.c, h.ss, h.r = nil, nil, nil, nil, 1, '1', nil
      redis.call('ZREM', pausedKey, ep)
    elseif h.c then
      h.r = (h.r or 0) + 1
      if h.r >= (h.ss and h.c or RAISE_AFTER) then
        h.c, h.r = h.ss and h.c * 2 or h.c + 1, nil
      end
    end
    if h.c and h.c >= cap then
      h.c, h.ss, h.r = nil, nil, nil
    end
  elseif signal == 'fail' or signal == 'busy' then
    h.f, h.r = (h.f or 0) + 1, nil
    if signal == 'busy' then
      h.c, h.ss = math.max(1, math.floor((h.c or cap) / 2)), nil
    end
    if h.s == 'half' and holding(h, now, maxHoldMs) then
      h.s, h.i = 'open', math.min((h.i or PROBE_FIRST_MS) * 2, PROBE_MAX_MS)
      pauseUntil(pausedKey, ep, h, now + h.i)
    elseif not h.s and not h.d and h.f >= threshold then
      h.s, h.o, h.i = 'open', now, PROBE_FIRST_MS
      if notifies(ep) then
        addOpsRecord(opsKey, 'endpoint.circuit_opened', {'ep', ep, 'tenant',
          tenantOfJob(redis.call('HGET', prefix .. 'job:' .. id, 'data')), 'at', now, 'id', id, 'failures', h.f,
          'data', data})
      end
      if holding(h, now, maxHoldMs) then
        pauseUntil(pausedKey, ep, h, now + PROBE_FIRST_MS)
      end
    end
  end
  if pauseMs > 0 then
    pauseUntil(pausedKey, ep, h, now + math.min(pauseMs, PROBE_MAX_MS))
  end
end

local released = {} -- endpoint -> leases of it released by this call
local codes, written = {}, {}
for i = FIRST, #ARGV, GROUP do
  local id, token, outcome, delayMs, data, reason = ARGV[i], ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]),
    ARGV[i + 4], ARGV[i + 5]
  local signal, pauseMs = ARGV[i + 6], tonumber(ARGV[i + 7])
  local jobKey = prefix .. 'job:' .. id
  local code = memo[token]
  if not code then
    local job = redis.call('HMGET', jobKey, 'token', 'ep', 'att', 'notify', 'created')
    if not job[2] then
      code = -1
    elseif job[1] ~= token or not redis.call('ZSCORE', activeKey, id) then
      code = 0
    else
      code = 1
      local ep, attempt, created = job[2], job[3], createdOf(jobKey, job[5])
      redis.call('ZREM', activeKey, id)
      released[ep] = (released[ep] or 0) + 1
      observe(ep, signal, pauseMs, id, data)
      if outcome == 'delivered' then
        redis.call('DEL', jobKey)
        redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'created', created,
          'outcome', outcome, 'data', data, 'at', now)
        notifyOutcome(job[4], prefix .. 'outcome:' .. id, messageNotice(id, outcome, attempt, '', data))
      elseif outcome == 'retrying' then
        redis.call('HDEL', jobKey, 'token', 'claimed')
        redis.call('HINCRBY', jobKey, 'fails', 1)
        local due = now + delayMs
        if due <= now then
          redis.call('RPUSH', prefix .. 'ready:' .. ep, id)
        else
          redis.call('ZADD', delayedKey, due, id)
        end
        redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'created', created,
          'outcome', outcome, 'data', data, 'due', due, 'at', now)
      else
        redis.call('HDEL', jobKey, 'token', 'claimed')
        redis.call('ZADD', deadKey, now, id)
        local jobData = redis.call('HGET', jobKey, 'data')
        redis.call('XADD', outboxKey, '*', 't', 'attempt', 'id', id, 'n', attempt, 'created', created,
          'outcome', outcome, 'data', data, 'reason', reason, 'job', jobData, 'at', now)
        if notifies(ep) then
          addOpsRecord(opsKey, 'message.dead', {'ep', ep, 'tenant', tenantOfJob(jobData), 'at', now, 'id', id,
            'n', attempt, 'reason', reason, 'data', data})
        end
        notifyOutcome(job[4], prefix .. 'outcome:' .. id, messageNotice(id, outcome, attempt, reason, data))
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
for ep, health in pairs(healths) do
  writeHealth(healthKey, ep, health[2], health[1])
end
if not earlier then
  redis.call('SET', memoKey, table.concat(written, ' '), 'PX', memoMs)
end
return codes

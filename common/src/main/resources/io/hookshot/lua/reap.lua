--[[
  reap: jobs whose lease deadline has passed (their worker died, hung or lost Redis) go back to the front of
  their endpoint's ready list, or to the dead set once they have stalled more than the allowed number of times.
  Every worker runs it on every partition every few seconds; there is no leader.

  KEYS[1] active sorted set      KEYS[2] inflight hash
  KEYS[3] ring list              KEYS[4] ring set
  KEYS[5] dead sorted set        KEYS[6] outbox stream
  KEYS[7] ops stream (operational events, see include/ops.lua)

  ARGV[1] prefix of the partition's keys
  ARGV[2] most stalls allowed; the next one kills the job
  ARGV[3] most jobs to reap in this call
  ARGV[4] '' (or absent) when operational webhooks are off; else the endpoint key of their URL: a job that dies here
    appends a 'message.dead' record (id, n, reason, data '') unless it is of that endpoint

  Returns the number of jobs reaped.
  Safe to re-run: only leases past their deadline are touched, and each is removed from 'active' when reaped.

  Outbox: one 'stalled' record per job (outcome 'retrying', or 'dead' with reason and job), with the message's
  creation time ('created', see include/common.lua's createdOf) and the time its lease was claimed ('claimed') unless
  the claim did not store it (a lease taken by an older worker).

  Outcomes (see include/outcome.lua): a job that dies here and that a producer awaits gets its outcome record and
  notification (no attempt details).
]]
-- @include common
-- @include ops
-- @include outcome

local activeKey, inflightKey, ringKey, ringSetKey, deadKey, outboxKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local prefix, maxStalls, limit, opsEp = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4] or ''

local now = nowMs()
local expired = redis.call('ZRANGEBYSCORE', activeKey, '-inf', now, 'LIMIT', 0, limit)
for _, id in ipairs(expired) do
  local jobKey = prefix .. 'job:' .. id
  local job = redis.call('HMGET', jobKey, 'ep', 'att', 'claimed', 'notify', 'created')
  local ep, attempt = job[1], job[2]
  if not ep then
    redis.call('ZREM', activeKey, id)
  else
    local claimed, created = claimedAt(job[3], attempt), createdOf(jobKey, job[5])
    releaseLease(prefix, activeKey, inflightKey, ringKey, ringSetKey, id, ep)
    local stalls = redis.call('HINCRBY', jobKey, 'stalls', 1)
    if stalls > maxStalls then
      redis.call('ZADD', deadKey, now, id)
      local reason = 'stalled ' .. stalls .. ' times: its worker lost the lease each time'
      local data = redis.call('HGET', jobKey, 'data')
      addStalledRecord(outboxKey, id, attempt, created, claimed,
        {'outcome', 'dead', 'reason', reason, 'job', data, 'at', now})
      if opsEp ~= '' and ep ~= opsEp then
        addOpsRecord(KEYS[7], 'message.dead', {'ep', ep, 'tenant', tenantOfJob(data), 'at', now, 'id', id,
          'n', attempt, 'reason', reason, 'data', ''})
      end
      notifyOutcome(job[4], prefix .. 'outcome:' .. id, messageNotice(id, 'dead', attempt, reason, ''))
    else
      requeueFront(prefix, ringKey, ringSetKey, id, ep)
      addStalledRecord(outboxKey, id, attempt, created, claimed, {'outcome', 'retrying', 'due', now, 'at', now})
    end
  end
end
return #expired

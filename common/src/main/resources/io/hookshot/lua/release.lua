--[[
  release: give back jobs this worker leased but will not finish (it is shutting down): each goes back to the
  front of its ready list at once instead of waiting for its lease to expire. The attempt is recorded as
  stalled with outcome 'retrying'; it does not count as a stall.

  KEYS[1] active sorted set      KEYS[2] inflight hash
  KEYS[3] ring list              KEYS[4] ring set
  KEYS[5] outbox stream

  ARGV[1] prefix of the partition's keys
  ARGV[2], ARGV[3], ...: job id, fencing token, job id, fencing token, ...

  Returns the number of jobs given back.
  Safe to re-run: the first run clears each token, so a second finds no match.

  Outbox: one 'stalled' record per job given back, with the message's creation time ('created') and the time its lease
  was claimed ('claimed') unless the claim did not store it.
]]
-- @include common

local activeKey, inflightKey, ringKey, ringSetKey, outboxKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local prefix = ARGV[1]
local now = nowMs()
local released = 0
for i = 2, #ARGV, 2 do
  local id, token = ARGV[i], ARGV[i + 1]
  local jobKey = prefix .. 'job:' .. id
  local job = redis.call('HMGET', jobKey, 'token', 'ep', 'att', 'claimed', 'created')
  if job[1] == token and job[2] and redis.call('ZSCORE', activeKey, id) then
    releaseLease(prefix, activeKey, inflightKey, ringKey, ringSetKey, id, job[2])
    requeueFront(prefix, ringKey, ringSetKey, id, job[2])
    addStalledRecord(outboxKey, id, job[3], createdOf(jobKey, job[5]), claimedAt(job[4], job[3]),
      {'outcome', 'retrying', 'reason', 'released at worker shutdown', 'due', now, 'at', now})
    released = released + 1
  end
end
return released

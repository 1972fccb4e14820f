--[[
  publish: append one event to its tenant's partition's events stream, for a worker to fan out.

  KEYS[1] events stream           KEYS[2] idempotency key of (tenant, key) (not touched when ARGV[3] is '')

  ARGV[1] event id                ARGV[2] encoded event (EventCodec)
  ARGV[3] idempotency key, or ''  ARGV[4] idempotency window in ms
  ARGV[5] wake channel (pub/sub hint for idle workers)
  ARGV[6] the hint: the events stream's key, which tells a worker's fan-out what to read
  ARGV[7] an outcome request, '<keep ms> <channel>' (OutcomeRequest), or '' (or absent): kept on the entry as its
    'notify' field, for the fan-out to pass on to the event's messages and for 'fanned' (see include/outcome.lua)

  Returns {1, id} when the event was appended;
          {0, existing id} when nothing was done: the idempotency key was seen within its window. Safe to re-run
          with an idempotency key (a second run returns {0, id}); without one, a second run appends the event again,
          and its fan-out makes the same message ids (which the enqueue script stores once).
]]

local streamKey, idemKey = KEYS[1], KEYS[2]
local id, data, idem, idemWindow = ARGV[1], ARGV[2], ARGV[3], ARGV[4]

if idem ~= '' then
  local existing = redis.call('GET', idemKey)
  if existing then
    return {0, existing}
  end
end

local request = ARGV[7] or ''
if request == '' then
  redis.call('XADD', streamKey, '*', 'id', id, 'data', data)
else
  redis.call('XADD', streamKey, '*', 'id', id, 'data', data, 'notify', request)
end
if idem ~= '' then
  redis.call('SET', idemKey, id, 'PX', idemWindow)
end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return {1, id}

--[[
  fanned: a worker has fanned out one event of an events stream (enqueued a message per matching endpoint): record
  the event for the history in the partition's outbox, acknowledge it in the consumer group and delete it.

  KEYS[1] events stream           KEYS[2] outbox stream
  KEYS[3] the event's outcome record (written only when the entry has an outcome request)

  ARGV[1] consumer group          ARGV[2] the event's stream entry id
  ARGV[3] how many endpoints it was fanned out to
  ARGV[4] the ids of those endpoints, space-separated, or '' (or absent)

  Returns 1 when the event was recorded and acknowledged;
          0 when nothing was done: the entry was not pending in the group (acknowledged already). Safe to re-run:
          the acknowledgement and the record happen together, once.

  Outbox: one 'event' record (the event's id and encoding, copied from the stream entry, and the count).
  Outcomes (see include/outcome.lua): an entry with an outcome request ('notify' field: a producer awaits the event)
  gets the event's notice, naming the endpoints of ARGV[4], in KEYS[3] and on the request's channel.
]]
-- @include common
-- @include outcome

local streamKey, outboxKey = KEYS[1], KEYS[2]
local group, entryId, endpoints = ARGV[1], ARGV[2], ARGV[3]

local entries = redis.call('XRANGE', streamKey, entryId, entryId)
if redis.call('XACK', streamKey, group, entryId) == 0 then
  return 0
end
local entry = entries[1]
if entry then
  local fields = entry[2]
  local id, data, request
  for i = 1, #fields, 2 do
    if fields[i] == 'id' then
      id = fields[i + 1]
    elseif fields[i] == 'data' then
      data = fields[i + 1]
    elseif fields[i] == 'notify' then
      request = fields[i + 1]
    end
  end
  if id and data then
    redis.call('XADD', outboxKey, '*', 't', 'event', 'id', id, 'data', data, 'endpoints', endpoints, 'at', nowMs())
  end
  if id then
    notifyOutcome(request, KEYS[3], table.concat({'e', id, ARGV[4] or ''}, '\n'))
  end
end
redis.call('XDEL', streamKey, entryId)
return 1

--[[
  fanned: a worker has fanned out one event of an events stream (enqueued a message per matching endpoint): record
  the event for the history in the partition's outbox, acknowledge it in the consumer group and delete it.

  KEYS[1] events stream           KEYS[2] outbox stream

  ARGV[1] consumer group          ARGV[2] the event's stream entry id
  ARGV[3] how many endpoints it was fanned out to

  Returns 1 when the event was recorded and acknowledged;
          0 when nothing was done: the entry was not pending in the group (acknowledged already). Safe to re-run:
          the acknowledgement and the record happen together, once.

  Outbox: one 'event' record (the event's id and encoding, copied from the stream entry, and the count).
]]
-- @include common

local streamKey, outboxKey = KEYS[1], KEYS[2]
local group, entryId, endpoints = ARGV[1], ARGV[2], ARGV[3]

local entries = redis.call('XRANGE', streamKey, entryId, entryId)
if redis.call('XACK', streamKey, group, entryId) == 0 then
  return 0
end
local entry = entries[1]
if entry then
  local fields = entry[2]
  local id, data
  for i = 1, #fields, 2 do
    if fields[i] == 'id' then
      id = fields[i + 1]
    elseif fields[i] == 'data' then
      data = fields[i + 1]
    end
  end
  if id and data then
    redis.call('XADD', outboxKey, '*', 't', 'event', 'id', id, 'data', data, 'endpoints', endpoints, 'at', nowMs())
  end
end
redis.call('XDEL', streamKey, entryId)
return 1

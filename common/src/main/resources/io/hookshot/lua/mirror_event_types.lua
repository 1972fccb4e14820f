--[[
  mirror_event_types: write event types' states into the Redis mirror of the catalogue.

  KEYS[1] the catalogue hash (EventKeys.eventTypes): event type name -> 'active' or 'archived'

  ARGV[1] 'replace' to make these the whole catalogue (a repair from PostgreSQL), or 'set' to write these alone
  ARGV[2], ARGV[3], ...: event type name, state, for each type written

  Returns the number of event types written.
  Safe to re-run: it writes the given states, whatever the hash held.
]]
local key, mode = KEYS[1], ARGV[1]
if (mode ~= 'replace' and mode ~= 'set') or #ARGV % 2 ~= 1 then
  return redis.error_reply("mirror_event_types: 'replace' or 'set', then name, state pairs expected")
end
if mode == 'replace' then
  redis.call('DEL', key)
end
local written = 0
for i = 2, #ARGV, 2 do
  redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  written = written + 1
end
return written

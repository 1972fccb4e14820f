--[[
  held_series: records how many ready messages each endpoint's breaker, pause or rate limit holds, as one sample of
  one minute, for the per-minute series the admin API shows. Every worker samples once a minute; the series is bounded
  (older minutes are removed) and expires when no worker writes it any more (the endpoint holds nothing).

  KEYS[1], KEYS[2], ...: the held-series hash of each endpoint (minute -> count), all of one partition

  ARGV[1] the minute the counts are of (epoch minutes, the sampling worker's clock)
  ARGV[2] how many minutes before ARGV[1] to keep: fields older than that are removed
  ARGV[3] the hashes' time to live (ms), from this write
  ARGV[4], ARGV[5], ...: the held count of KEYS[1], KEYS[2], ...

  Returns the number of hashes written.
  Safe to re-run: each minute's count is set, not added to, so a re-sent call, or several workers sampling the same
  minute, leave one count per minute (the last written).
]]
local minute, keep, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
for i, key in ipairs(KEYS) do
  redis.call('HSET', key, ARGV[1], ARGV[3 + i])
  local old = {}
  for _, field in ipairs(redis.call('HKEYS', key)) do
    if tonumber(field) < minute - keep then
      table.insert(old, field)
    end
  end
  if #old > 0 then
    redis.call('HDEL', key, unpack(old))
  end
  redis.call('PEXPIRE', key, ttl)
end
return #KEYS

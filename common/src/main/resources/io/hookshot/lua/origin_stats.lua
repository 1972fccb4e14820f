--[[
  origin_stats: adds one worker's counts of its attempts at URL origins during one minute to that minute's figures,
  which the admin API reads back as each origin's last hour (success rate, latency percentiles, last error). Every
  worker adds its own counts every few seconds; a minute's hash expires on its own, so nothing needs cleaning up.

  KEYS[1] the partition's index of origins with figures (sorted set: origin -> latest minute written; it expires
    with the figures)
  KEYS[2] this call's memo (named for an id the caller gives each call)
  KEYS[3], KEYS[4], ...: the figures hash of one origin for the minute (fields: 'n' attempts, 'ok' answered 2xx,
    'b<k>' attempts whose latency fell in bucket k (see LatencyBuckets), 'e' the latest failed attempt, JSON)

  ARGV[1] the minute (epoch minutes, the worker's clock)
  ARGV[2] the hashes' time to live (ms), from this write
  ARGV[3] how many minutes before ARGV[1] the index keeps: older entries are removed
  ARGV[4] how long the memo lasts, in ms (>= 1)
  ARGV[5..] per hash KEYS[2 + i], in order: its origin, the number m of field/increment pairs that follow, the m
    pairs, then the latest failed attempt's JSON or '' when none failed

  Returns the number of hashes written, 0 when the memo exists.
  Safe to re-run: the first run writes the memo, so a call re-sent while it lasts (a retry after a timeout) adds
  nothing again. A call that fails is not re-sent by the worker: its counts are dropped (figures for people; the
  history keeps every attempt).
]]
local minute, ttl, keep, memoMs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if not (minute and ttl and ttl >= 1 and keep and keep >= 0 and memoMs and memoMs >= 1) then
  return redis.error_reply('origin_stats: need a minute, a time to live >= 1 ms, minutes to keep >= 0 and a memo '
    .. 'time >= 1 ms')
end
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', memoMs) then
  return 0
end
local a = 5
for i = 3, #KEYS do
  local key, origin, pairs = KEYS[i], ARGV[a], tonumber(ARGV[a + 1])
  if not (origin and pairs and pairs >= 0 and ARGV[a + 2 + 2 * pairs]) then
    return redis.error_reply('origin_stats: malformed arguments for ' .. key)
  end
  for j = a + 2, a + 1 + 2 * pairs, 2 do
    redis.call('HINCRBY', key, ARGV[j], ARGV[j + 1])
  end
  local lastError = ARGV[a + 2 + 2 * pairs]
  if lastError ~= '' then
    redis.call('HSET', key, 'e', lastError)
  end
  redis.call('PEXPIRE', key, ttl)
  local latest = tonumber(redis.call('ZSCORE', KEYS[1], origin))
  if not latest or latest < minute then
    redis.call('ZADD', KEYS[1], minute, origin)
  end
  a = a + 3 + 2 * pairs
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (minute - keep))
redis.call('PEXPIRE', KEYS[1], ttl)
return #KEYS - 2

--[[
  archive: forget dead jobs that Postgres has committed to the dead-letter archive.

  KEYS[1] dead sorted set

  ARGV[1] prefix of the partition's keys
  ARGV[2], ARGV[3], ...: job ids

  Returns the number of jobs removed.
  Safe to re-run: a job is deleted only while it is in the dead set, and leaves the set in the same step.
]]
local deadKey, prefix = KEYS[1], ARGV[1]
local removed = 0
for i = 2, #ARGV do
  if redis.call('ZREM', deadKey, ARGV[i]) == 1 then
    redis.call('DEL', prefix .. 'job:' .. ARGV[i])
    removed = removed + 1
  end
end
return removed

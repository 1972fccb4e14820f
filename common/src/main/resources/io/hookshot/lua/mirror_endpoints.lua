--[[
  mirror_endpoints: replace a tenant's endpoints in the Redis mirror with the state PostgreSQL committed at a version.

  KEYS[1] the tenant's endpoints hash (EventKeys.endpoints): endpoint id -> endpoint JSON, and 'version'

  ARGV[1] the version of the state (hookshot_tenant.version, raised by every change of the tenant's endpoints)
  ARGV[2] 'force' to write whatever version the mirror holds (PostgreSQL went back to an older state), else ''
  ARGV[3], ARGV[4], ...: endpoint id, endpoint JSON (EndpointMirrorCodec), for every endpoint of the tenant

  Returns {1, version} when the state was written (no endpoint: the hash keeps only its version, so that fan-out
  and delivery can tell a tenant whose endpoints were all deleted from a lost mirror; version 0, a tenant PostgreSQL
  does not know: the hash is deleted), or {0, held} when the mirror
  holds a newer version `held` and the state was left alone: a change committed later was mirrored first.
  Safe to re-run: the same state at the same version is written again, to the same result.
]]
local key, version, force = KEYS[1], tonumber(ARGV[1]), ARGV[2]
if not (version and version >= 0) or #ARGV % 2 ~= 0 then
  return redis.error_reply('mirror_endpoints: a version >= 0 and id, JSON pairs expected')
end
local held = tonumber(redis.call('HGET', key, 'version') or '0')
if held > version and force ~= 'force' then
  return {0, held}
end
redis.call('DEL', key)
if #ARGV > 2 or version > 0 then
  redis.call('HSET', key, 'version', ARGV[1])
  for i = 3, #ARGV, 2 do
    redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  end
end
return {1, version}

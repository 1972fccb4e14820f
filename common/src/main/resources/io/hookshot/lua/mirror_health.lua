--[[
  mirror_health: bring one registered endpoint's health (see include/health.lua) in step with the registry, after
  its tenant's mirror was written (by every registry change and every mirror repair).

  KEYS[1] health hash            KEYS[2] paused sorted set
  KEYS[3] ring list              KEYS[4] ring set
  KEYS[5] ops stream (operational events, see include/ops.lua)

  ARGV[1] prefix of the partition's keys
  ARGV[2] the endpoint id
  ARGV[3] its rate limit in requests per second, or '' for none
  ARGV[4] '1' when it is disabled, else '0'
  ARGV[5] its tenant
  ARGV[6] why it is disabled, or ''

  Sets or clears the rate limit (field 'l'). A disabled endpoint's breaker and pause are cleared (fields f, s, o, i,
  p, and the paused set) and the endpoint is offered to the ring, so that the messages its breaker held are claimed
  now and end dead with reason endpoint_disabled, instead of waiting for probes that are never sent. The first time
  it is seen disabled (field 'd' absent; set now, cleared when it is seen enabled) an 'endpoint.disabled' record
  (reason, since: when its breaker opened, or '') goes to the ops stream: one per disabling, however many mirror
  writes follow.

  Returns 1 when this call saw the endpoint disabled for the first time, else 0.
  Safe to re-run: a second run finds 'd' set and the breaker cleared, and changes nothing.
]]
-- @include common
-- @include ops

local healthKey, pausedKey, ringKey, ringSetKey, opsKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local prefix, ep, rate, disabled, tenant, reason = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
if not (ep and ep ~= '' and (rate == '' or tonumber(rate)) and (disabled == '0' or disabled == '1') and reason) then
  return redis.error_reply('mirror_health: an endpoint id, a rate limit or \'\', 0 or 1, a tenant and a reason')
end

if rate == '' then
  redis.call('HDEL', healthKey, ep .. '|l')
else
  redis.call('HSET', healthKey, ep .. '|l', rate)
end
if disabled == '0' then
  redis.call('HDEL', healthKey, ep .. '|d')
  return 0
end
local opened = redis.call('HGET', healthKey, ep .. '|o')
redis.call('HDEL', healthKey, ep .. '|f', ep .. '|s', ep .. '|o', ep .. '|i', ep .. '|p')
redis.call('ZREM', pausedKey, ep)
offerEndpoint(prefix, ringKey, ringSetKey, ep)
if redis.call('HSETNX', healthKey, ep .. '|d', '1') == 0 then
  return 0
end
addOpsRecord(opsKey, 'endpoint.disabled', {'ep', ep, 'tenant', tenant, 'at', nowMs(), 'reason', reason,
  'since', opened or ''})
return 1

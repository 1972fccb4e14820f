-- Operational events, shared by settle and mirror_health: records appended to the partition's `ops` stream (one per
-- breaker transition, dead message or disabled endpoint), which the workers' operational notifier turns into
-- operational webhooks, one per record. The stream keeps about OPS_MAX_LEN records. Each record has 't' (the
-- webhook's type, like 'endpoint.circuit_opened'), 'ep' (the endpoint key: an endpoint id or a URL's origin),
-- 'tenant' ('' for an origin) and 'at' (ms, server clock), then fields of its type.
local OPS_MAX_LEN = 10000

-- Appends a record of type `t` with `fields` (name, value, ...) to the ops stream `opsKey`.
local function addOpsRecord(opsKey, t, fields)
  redis.call('XADD', opsKey, 'MAXLEN', '~', OPS_MAX_LEN, '*', 't', t, unpack(fields))
end

-- The tenant of a fan-out message from its encoded job (JobCodec: "event": {"tenant": ...}); '' for a message sent
-- to a URL, a job that is gone or one that cannot be read.
local function tenantOfJob(data)
  if not data then
    return ''
  end
  local ok, job = pcall(cjson.decode, data)
  if ok and type(job) == 'table' and type(job.event) == 'table' and type(job.event.tenant) == 'string' then
    return job.event.tenant
  end
  return ''
end

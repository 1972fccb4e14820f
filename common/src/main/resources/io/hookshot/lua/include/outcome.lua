-- Outcome records and notifications, for producers awaiting a message or an event (OutcomeRequest): inserted by
-- LuaScript where a script includes "outcome". A request is '<keep ms> <channel>' (the job hash's 'notify' field, or
-- the event's stream entry's); a job or event without one costs nothing here. The record (a string key, lasting
-- keep ms, read by the producer's status-read fallback) and the pub/sub message are the same text, the notice:
--   message: 'm', id, outcome ('delivered' or 'dead'), attempt number, reason ('' when delivered), attempt details
--            (the worker's JSON, '' when the job died without an attempt), joined by '\n' (the details last: they
--            may hold anything);
--   event:   'e', event id, the endpoint ids its fan-out made messages for (space-separated), joined by '\n'.
-- The producer's OutcomeNotice reads both.

-- Writes `notice` to `recordKey` for the request's keep time and publishes it on the request's channel; nothing when
-- `request` is false, nil or malformed.
local function notifyOutcome(request, recordKey, notice)
  if not request then
    return
  end
  local keep, channel = string.match(request, '^(%d+) (%S+)$')
  if keep then
    redis.call('SET', recordKey, notice, 'PX', keep)
    redis.call('PUBLISH', channel, notice)
  end
end

-- The notice of message `id`, settled for good (see above).
local function messageNotice(id, outcome, attempt, reason, data)
  return table.concat({'m', id, outcome, attempt or '0', reason or '', data or ''}, '\n')
end

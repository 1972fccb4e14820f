-- A stalled attempt is recorded from its claim (the claim script keeps the claim time with the lease) until its
-- lease was found expired or given back. Comments only: no table changes; rows written before keep the reap time
-- and 0 ms, as do attempts leased by a worker older than this change.

comment on column hookshot_attempt.started_at is
    'When the request started (worker clock); for a stalled attempt, when its lease was claimed (Redis server clock), '
    'or when it was found expired if the claim time is unknown (a lease taken by an older worker).';
comment on column hookshot_attempt.duration_ms is
    'Milliseconds until the response was read or the attempt failed; for a stalled attempt, from its claim until its '
    'lease was found expired or given back (0 when the claim time is unknown).';

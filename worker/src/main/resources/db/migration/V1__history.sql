-- Hookshot delivery history. Redis holds what is still to be done; these tables hold what happened.
-- Rows are written by the outbox exporter (io.hookshot.worker.store.HistoryStore) from the Redis outbox streams,
-- in batches that are safe to replay: attempts and dead letters are keyed and inserted with ON CONFLICT DO NOTHING,
-- messages are upserted so that an older record never overwrites a newer state.

create table hookshot_message (
    id               text        primary key,
    queue            text        not null,
    url              text        not null,
    status           text        not null
        check (status in ('pending', 'delivering', 'retrying', 'delivered', 'dead')),
    attempts         int         not null default 0,
    next_attempt_at  timestamptz,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    finished_at      timestamptz,
    last_status_code int,
    last_error       text
);

comment on table hookshot_message is
    'One row per webhook message (job), with its current status. Written by the outbox exporter.';
comment on column hookshot_message.id is
    'Message id, stable across retries and sent to the receiver as the webhook-id header.';
comment on column hookshot_message.queue is 'Name of the queue the message was enqueued on.';
comment on column hookshot_message.url is
    'Target URL. Empty only while the exporter has seen nothing but a stalled record of the message.';
comment on column hookshot_message.status is
    'pending (accepted, not attempted yet), delivering, retrying (an attempt failed, another is due), '
    'delivered (a 2xx was received) or dead (no further attempt; see hookshot_dead_letter).';
comment on column hookshot_message.attempts is
    'Number of the latest attempt recorded (1 for the first); 0 before any attempt. Stalled attempts count.';
comment on column hookshot_message.next_attempt_at is
    'When the next attempt is due (Redis server clock); null once delivered or dead.';
comment on column hookshot_message.created_at is
    'When the producer created the message; the time of the first record seen until the accepted record arrives.';
comment on column hookshot_message.updated_at is 'Time (Redis server clock) of the record that set the current status.';
comment on column hookshot_message.finished_at is 'When the message was delivered or died; null while it is live.';
comment on column hookshot_message.last_status_code is
    'HTTP status of the latest attempt; null when it got no response.';
comment on column hookshot_message.last_error is 'What went wrong in the latest attempt; null when nothing did.';

create index hookshot_message_status_created on hookshot_message (status, created_at);
create index hookshot_message_queue_created on hookshot_message (queue, created_at);
-- A hash index: equality lookups by URL, with no limit on the URL's length (a b-tree entry must fit a third of a page).
create index hookshot_message_url on hookshot_message using hash (url);

create table hookshot_attempt (
    message_id       text        not null,
    attempt          int         not null,
    started_at       timestamptz not null,
    duration_ms      int         not null,
    url              text        not null,
    status_code      int,
    error_class      text,
    error_message    text,
    response_headers jsonb       not null default '{}',
    response_body    text        not null default '',
    worker_id        text,
    outcome          text        not null check (outcome in ('delivered', 'retrying', 'dead')),
    primary key (message_id, attempt)
);

comment on table hookshot_attempt is
    'One row per delivery attempt of a message. No foreign key to hookshot_message: records of one message '
    'can reach Postgres out of order through different exporters.';
comment on column hookshot_attempt.message_id is 'The message attempted (hookshot_message.id).';
comment on column hookshot_attempt.attempt is 'Attempt number, 1 for the first; stalled attempts count.';
comment on column hookshot_attempt.started_at is
    'When the request started (worker clock); for a stalled attempt, when its lease was found expired.';
comment on column hookshot_attempt.duration_ms is
    'Milliseconds until the response was read or the attempt failed; 0 for a stalled attempt.';
comment on column hookshot_attempt.url is 'The URL posted to; empty when a stalled attempt''s URL was unknown.';
comment on column hookshot_attempt.status_code is 'HTTP status of the response; null when there was none.';
comment on column hookshot_attempt.error_class is
    'Null when a response came; else timeout, connect, dns, tls, io, blocked, invalid_url, undecodable, '
    'stalled (the worker lost its lease) or released (the worker gave the job back at shutdown).';
comment on column hookshot_attempt.error_message is 'What went wrong, for people; null when nothing did.';
comment on column hookshot_attempt.response_headers is
    'Response headers as a JSON object of name to value (repeated names joined with ", ").';
comment on column hookshot_attempt.response_body is 'Start of the response body as text, truncated; may be empty.';
comment on column hookshot_attempt.worker_id is 'The worker that made the attempt; null for a stalled attempt.';
comment on column hookshot_attempt.outcome is
    'What the attempt led to: delivered, retrying (another attempt is due) or dead.';

create index hookshot_attempt_started on hookshot_attempt (started_at);

create table hookshot_dead_letter (
    message_id  text        primary key,
    queue       text        not null,
    url         text        not null,
    reason      text        not null,
    job         text        not null,
    attempts    int         not null,
    died_at     timestamptz not null,
    archived_at timestamptz not null default now()
);

comment on table hookshot_dead_letter is
    'Archive of messages that will not be attempted again, with everything needed to replay them. '
    'Once a row is here, the exporter removes the job from Redis.';
comment on column hookshot_dead_letter.message_id is 'The dead message (hookshot_message.id).';
comment on column hookshot_dead_letter.queue is 'Name of the queue the message was on.';
comment on column hookshot_dead_letter.url is 'Target URL; empty when the stored job could not be decoded.';
comment on column hookshot_dead_letter.reason is 'Why the message died, for people.';
comment on column hookshot_dead_letter.job is
    'The encoded job exactly as it was stored in Redis (versioned JSON, see JobCodec), for replaying it.';
comment on column hookshot_dead_letter.attempts is 'Number of attempts made, stalled ones included.';
comment on column hookshot_dead_letter.died_at is 'When the message died (Redis server clock).';
comment on column hookshot_dead_letter.archived_at is 'When this row was written.';

create index hookshot_dead_letter_queue_died on hookshot_dead_letter (queue, died_at);

-- Hookshot's transactional outbox (JdbcOutbox) on PostgreSQL: one row per message or event an application committed
-- and an OutboxRelay has not yet moved to Redis. Create it with your own migrations (this file), or with
-- JdbcOutbox.createTableIfMissing(connection); another table name works too (JdbcOutbox(tableName)).
CREATE TABLE IF NOT EXISTS hookshot_outbox (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- insert order: relays take rows in this order
    kind       VARCHAR(16)  NOT NULL,                           -- 'message' or 'event'
    id         VARCHAR(255) NOT NULL,                           -- the message's or event's id, fixed at insert
    body       TEXT         NOT NULL,                           -- the message (job JSON) or the event (event JSON)
    due_at     BIGINT,                                          -- a message's due time, epoch ms; null: at once
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    refused    TEXT                                             -- why the relay's producer refused it; null: waiting
)
